// The user guide (docs/guide.md) shown inside the app. Markdown is parsed into plain blocks that
// components render with text interpolation only: nothing from the guide becomes HTML, and a
// link shows its text without being followed (the app never opens the network).

export type Inline = { kind: 'text' | 'code' | 'strong'; text: string };

export type Block =
  | { kind: 'heading'; level: number; id: string; inlines: Inline[] }
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'code'; text: string }
  | { kind: 'image'; alt: string; src: string };

const HEADING = /^(#{1,4})\s+(.*)$/;
const BULLET = /^\s*[-*]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const IMAGE = /^!\[([^\]]*)\]\(([^)\s]+)\)\s*$/;
const FENCE = /^```/;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i++;
    } else if (FENCE.test(line)) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !FENCE.test(lines[i] ?? '')) body.push(lines[i++] ?? '');
      i++;
      blocks.push({ kind: 'code', text: body.join('\n') });
    } else if (HEADING.test(line)) {
      const [, hashes = '#', text = ''] = HEADING.exec(line) ?? [];
      blocks.push({ kind: 'heading', level: hashes.length, id: slug(text), inlines: parseInline(text) });
      i++;
    } else if (IMAGE.test(line)) {
      const [, alt = '', src = ''] = IMAGE.exec(line) ?? [];
      blocks.push({ kind: 'image', alt, src });
      i++;
    } else if (BULLET.test(line) || NUMBERED.test(line)) {
      const ordered = !BULLET.test(line);
      const marker = ordered ? NUMBERED : BULLET;
      const items: string[] = [];
      while (i < lines.length) {
        const current = lines[i] ?? '';
        const item = marker.exec(current);
        if (item) items.push(item[1] ?? '');
        else if (/^\s+\S/.test(current) && items.length > 0) items[items.length - 1] += ' ' + current.trim();
        else break;
        i++;
      }
      blocks.push({ kind: 'list', ordered, items: items.map(parseInline) });
    } else {
      const text: string[] = [];
      while (i < lines.length && startsParagraphLine(lines[i] ?? '')) text.push((lines[i++] ?? '').trim());
      blocks.push({ kind: 'paragraph', inlines: parseInline(text.join(' ')) });
    }
  }
  return blocks;
}

function startsParagraphLine(line: string): boolean {
  return (
    line.trim() !== '' &&
    !HEADING.test(line) &&
    !FENCE.test(line) &&
    !IMAGE.test(line) &&
    !BULLET.test(line) &&
    !NUMBERED.test(line)
  );
}

/** `code`, **strong** and [text](link) → text; everything else is text as written. */
export function parseInline(source: string): Inline[] {
  const out: Inline[] = [];
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\([^)]*\)/g;
  let last = 0;
  for (const match of source.matchAll(pattern)) {
    const at = match.index;
    if (at > last) pushText(out, source.slice(last, at));
    if (match[1] !== undefined) out.push({ kind: 'code', text: match[1] });
    else if (match[2] !== undefined) out.push({ kind: 'strong', text: match[2] });
    else pushText(out, match[3] ?? '');
    last = at + match[0].length;
  }
  if (last < source.length) pushText(out, source.slice(last));
  return out;
}

function pushText(out: Inline[], text: string) {
  const previous = out[out.length - 1];
  if (previous?.kind === 'text') previous.text += text;
  else out.push({ kind: 'text', text });
}

/** The anchor of a heading: lower case, words joined by '-'. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[`*]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '');
}
