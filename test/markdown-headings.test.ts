import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { plainAtxHeadings, remarkHeadings } from '../src/note/sections.js';

// lines that make, hide or imitate Markdown headings
const line = fc.constantFrom(
  '# Procedure', '## Imaging guidance ##', '###\tFluoroscopy #', '#', '## ##', '# a # b ##', '# Foo#', '# Foo \\#', '#  Spaced  ###   x', '####### seven',
  '#nospace', '# *emphasis* and `code`', '# [link](x) &amp;', '   # indented', ' # one space', '\t# tab', '- item', '1. item', '  continued', '> quote',
  '```', '~~~', '    code', '<div>', '===', '---', '***', 'Plain text.', 'IMAGING: fluoroscopy', '', ' ', 'trailing spaces   ',
);
const markdown = fc.array(line, { maxLength: 14 }).map((lines) => lines.join('\n'));

describe('Markdown headings', () => {
  it('the plain-ATX reading agrees with remark-parse wherever it answers', () => {
    let answered = 0;
    fc.assert(
      fc.property(markdown, (text) => {
        const plain = plainAtxHeadings(text);
        if (plain === null) return;
        answered++;
        expect(plain).toEqual(remarkHeadings(text));
      }),
      { numRuns: 3000 },
    );
    // the comparison must have had something to compare
    expect(answered).toBeGreaterThan(300);
  });

  it('leaves fenced code, HTML, setext headings and indented headings to remark-parse', () => {
    for (const text of ['```\n# not a heading\n```', '<div>\n# x\n</div>', 'Title\n=====', '- item\n  # in the list', '# a\r\nb']) {
      expect(plainAtxHeadings(text)).toBeNull();
    }
  });
});
