// The user guide, bundled at build time from docs/guide.md and the screenshots the e2e tests
// produced (docs/screenshots, refreshed by `bash .ci/guide-screenshots`). Nothing is fetched.
import source from '../../../docs/guide.md?raw';
import { parseMarkdown, type Block } from './markdown';

const screenshots = import.meta.glob<string>('../../../docs/screenshots/*.png', {
  eager: true,
  query: '?url',
  import: 'default',
});

export const guide: Block[] = parseMarkdown(source);

/** The bundled URL of an image the guide names as `screenshots/x.png`; null when absent. */
export function screenshotUrl(src: string): string | null {
  return screenshots[`../../../docs/${src.replace(/^\.\//, '')}`] ?? null;
}
