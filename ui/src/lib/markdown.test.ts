import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, slug } from './markdown';

describe('parseMarkdown', () => {
  it('reads headings, paragraphs, lists, code and images', () => {
    const blocks = parseMarkdown(
      [
        '# Feint guide',
        '',
        'One operation is',
        'one file.',
        '',
        '- first',
        '  continued',
        '- second',
        '',
        '1. open',
        '2. edit',
        '',
        '```sh',
        'feint --version',
        '```',
        '![The start screen](screenshots/start.png)',
        '## Limits',
      ].join('\n'),
    );
    expect(blocks).toEqual([
      { kind: 'heading', level: 1, id: 'feint-guide', inlines: [{ kind: 'text', text: 'Feint guide' }] },
      { kind: 'paragraph', inlines: [{ kind: 'text', text: 'One operation is one file.' }] },
      {
        kind: 'list',
        ordered: false,
        items: [[{ kind: 'text', text: 'first continued' }], [{ kind: 'text', text: 'second' }]],
      },
      { kind: 'list', ordered: true, items: [[{ kind: 'text', text: 'open' }], [{ kind: 'text', text: 'edit' }]] },
      { kind: 'code', text: 'feint --version' },
      { kind: 'image', alt: 'The start screen', src: 'screenshots/start.png' },
      { kind: 'heading', level: 2, id: 'limits', inlines: [{ kind: 'text', text: 'Limits' }] },
    ]);
  });

  it('keeps markup-looking text as text', () => {
    const [block] = parseMarkdown('<script>alert(1)</script> & <b>bold</b>');
    expect(block).toEqual({
      kind: 'paragraph',
      inlines: [{ kind: 'text', text: '<script>alert(1)</script> & <b>bold</b>' }],
    });
  });
});

describe('parseInline', () => {
  it('splits code, strong and link text', () => {
    expect(parseInline('Press `Ctrl+N`, then **Create**; see [the README](../README.md).')).toEqual([
      { kind: 'text', text: 'Press ' },
      { kind: 'code', text: 'Ctrl+N' },
      { kind: 'text', text: ', then ' },
      { kind: 'strong', text: 'Create' },
      { kind: 'text', text: '; see the README.' },
    ]);
  });
});

describe('slug', () => {
  it('makes anchors from headings', () => {
    expect(slug('The file format’s promises')).toBe('the-file-format-s-promises');
    expect(slug('Limits of one operation')).toBe('limits-of-one-operation');
  });
});
