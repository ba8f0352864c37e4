import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { lineHeaderMatches, plainAtxHeadings, remarkHeadings } from '../src/note/sections.js';

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

describe('dictation header lines', () => {
  // the pattern as first written: a global /m scan of the whole text
  const reference = (text: string) => {
    const re = /^[ \t]*(?:[-*•][ \t]+)?(?:\*\*|__)?([A-Za-z][A-Za-z0-9 /&(),'.#-]{0,58}?)[ \t]*(?::(?:\*\*|__)?|(?:\*\*|__):|[ \t]\.{3,})(?=[ \t]|$)/gm;
    return [...text.matchAll(re)].map((m) => [m.index, m[0], m[1]]);
  };
  const piece = fc.constantFrom('PROCEDURE:', 'Procedure: ', '  - **Guidance**: fluoroscopy', 'Fluoro time ... 12 s', 'Plan', 'no colon here', 'Dx: knee OA', 'a: b: c:', '...', ':',
    '\n', '\r\n', '\r', '\u2028', ' ', '\t', 'IMAGING GUIDANCE:\tyes', 'x'.repeat(70) + ':', '__Site__:', '1. Needle: 22 g');
  const text = fc.array(piece, { maxLength: 20 }).map((p) => p.join(''));

  it('reads only lines with a colon or an ellipsis, and finds what a whole-text /m scan finds', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(lineHeaderMatches(t).map((m) => [m.index, m[0], m[1]])).toEqual(reference(t));
      }),
      { numRuns: 3000 },
    );
  });
});
