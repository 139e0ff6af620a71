// Pure view logic of the Intelligence page: the names of indicator kinds, a first guess of the
// kind from what was pasted (the core checks the value again, whatever kind is chosen), sizes
// and the export prompts' file names.
import type { IndicatorKind } from '../lib/bindings';

export const KIND_LABELS: Record<IndicatorKind, string> = {
  ip: 'IP address',
  domain: 'Domain',
  url: 'URL',
  file_hash: 'File hash',
  file_name: 'File name',
  email: 'Email address',
  user_agent: 'User agent',
};

export const KINDS = Object.entries(KIND_LABELS) as [IndicatorKind, string][];

/** Reads the usual defanging back, as the core does, so a guess sees the real value. */
function refang(value: string): string {
  return value
    .trim()
    .replaceAll('[.]', '.')
    .replaceAll('(.)', '.')
    .replaceAll('[:]', ':')
    .replaceAll('[@]', '@')
    .replaceAll('[://]', '://')
    .replace(/^hxxp/i, 'http');
}

/** The kind a pasted value most likely is; null when nothing fits well. */
export function guessKind(raw: string): IndicatorKind | null {
  const value = refang(raw);
  if (value === '') return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return 'url';
  if (/^(\d{1,3}\.){3}\d{1,3}$/.test(value) || (value.includes(':') && /^[0-9a-f:.]+$/i.test(value))) return 'ip';
  if (/^([0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/i.test(value)) return 'file_hash';
  if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) return 'email';
  if (/\s/.test(value) || value.includes('/')) return 'user_agent';
  if (/\.(exe|dll|sh|ps1|bat|elf|bin|zip|tar|gz|py|js|so|jar|doc|docx|xls|xlsx|pdf)$/i.test(value)) return 'file_name';
  if (/^([a-z0-9_-]+\.)+[a-z][a-z0-9-]*$/i.test(value)) return 'domain';
  return null;
}

/** "3 bytes", "1.5 KB", "12.0 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let size = bytes / 1024;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${size.toFixed(1)} ${units[unit]}`;
}

export type IntelExportKind = 'stix' | 'observed' | 'comparison';

export const EXPORTS: Record<IntelExportKind, { title: string; intro: string; suffix: string }> = {
  stix: {
    title: 'Export the intelligence as STIX 2.1',
    intro:
      'Writes a STIX 2.1 bundle: the adversary, the observed ATT&CK techniques, each indicator with its pattern and observed data, the evidence hashes and their relationships, under the operation’s TLP marking. An existing file at that path is replaced.',
    suffix: 'stix.json',
  },
  observed: {
    title: 'Export the observed techniques as a Navigator layer',
    intro:
      'Writes every technique the journal names, scored by how many entries name it and commented with when it was first seen (layer format 4.5). An existing file at that path is replaced.',
    suffix: 'observed-layer.json',
  },
  comparison: {
    title: 'Export expected against observed as a Navigator layer',
    intro:
      'Writes the threat model’s techniques and those the journal names, coloured expected only, observed only or both, with a legend and the counts (layer format 4.5). An existing file at that path is replaced.',
    suffix: 'comparison-layer.json',
  },
};
