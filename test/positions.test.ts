import { describe, it, expect } from 'vitest';
import { lint } from '../src/lint.js';
import { loadLabeled } from '../src/eval/corpus.js';
import { LineIndex } from '../src/note/locate.js';
import type { LintResult, Span } from '../src/types.js';

const notes = await loadLabeled(['corpus/dev', 'corpus/test']);

function spans(r: LintResult): Span[] {
  const e = r.documentation.elements;
  return [
    ...Object.values(e).flatMap((el) => el.evidence),
    ...(r.documentation.site?.span ? [r.documentation.site.span] : []),
  ];
}

/** What must agree between spellings of one note: everything but offsets, with line ends unified. */
function comparable(r: LintResult) {
  return JSON.parse(JSON.stringify(r, (k, v) => (k === 'offset' || k === 'endOffset' ? undefined : k === 'text' && typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : v)));
}

describe('positions are exact', () => {
  it('every evidence span slices the note to exactly its text, with its own line/column', () => {
    for (const n of notes) {
      const r = lint(n.text, { filename: n.source, claim: n.claim });
      const index = new LineIndex(n.text);
      for (const s of spans(r)) {
        expect(n.text.slice(s.offset, s.endOffset)).toBe(s.text);
        expect(index.position(s.offset)).toEqual({ line: s.line, column: s.column });
      }
      for (const m of r.messages) {
        expect(index.position(m.offset!)).toEqual({ line: m.line, column: m.column });
        expect(index.position(m.endOffset!)).toEqual({ line: m.endLine, column: m.endColumn });
      }
    }
  });

  it('CRLF, CR and BOM copies of a note give identical findings and line/column', () => {
    for (const n of notes) {
      const base = comparable(lint(n.text, { filename: 'x.txt', claim: n.claim }));
      const lf = n.text.replace(/\r\n?/g, '\n');
      for (const variant of [lf.replace(/\n/g, '\r\n'), lf.replace(/\n/g, '\r'), '\uFEFF' + lf]) {
        expect(comparable(lint(variant, { filename: 'x.txt', claim: n.claim })), n.source).toEqual(base);
      }
    }
  });
});

describe('LineIndex', () => {
  it('counts CRLF, CR and LF each as one line end', () => {
    const index = new LineIndex('a\r\nb\rc\nd');
    expect(index.position(3)).toEqual({ line: 2, column: 1 });
    expect(index.position(5)).toEqual({ line: 3, column: 1 });
    expect(index.position(7)).toEqual({ line: 4, column: 1 });
  });
});

describe('offsets into the text as given', () => {
  it('CRLF, CR and BOM copies: every offset slices the given text to the evidence', () => {
    for (const n of notes.slice(0, 60)) {
      const lf = n.text.replace(/\r\n?/g, '\n');
      for (const variant of [lf.replace(/\n/g, '\r\n'), lf.replace(/\n/g, '\r'), '\uFEFF' + lf, '\uFEFF' + lf.replace(/\n/g, '\r\n')]) {
        const r = lint(variant, { claim: n.claim });
        for (const s of spans(r)) expect(variant.slice(s.offset, s.endOffset), n.source).toBe(s.text);
        for (const m of r.messages) expect(m.endOffset! - m.offset!).toBeGreaterThanOrEqual(0);
      }
    }
  });
});
