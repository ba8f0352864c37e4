import type { Documentation, Message, Span } from '../types.js';
import { LineIndex } from './locate.js';

/**
 * The note with every line end as LF, and the way back: an offset in the LF text maps to the
 * text as given by adding the CRLF pairs collapsed before it (a lone CR keeps its length).
 */
export class LineEnds {
  readonly normalized: string;
  readonly identity: boolean;
  private readonly collapsed: number[] = [];
  private readonly index: LineIndex;

  constructor(readonly original: string) {
    let out = '';
    let last = 0;
    for (let i = original.indexOf('\r'); i >= 0; i = original.indexOf('\r', i + 1)) {
      out += original.slice(last, i) + '\n';
      if (original[i + 1] === '\n') {
        this.collapsed.push(out.length);
        i++;
      }
      last = i + 1;
    }
    this.normalized = last === 0 ? original : out + original.slice(last);
    this.identity = this.normalized === original;
    this.index = new LineIndex(original);
  }

  toOriginal(offset: number): number {
    let lo = 0;
    let hi = this.collapsed.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.collapsed[mid] <= offset) lo = mid + 1;
      else hi = mid;
    }
    return offset + lo;
  }

  /** `shift` counts characters before the text (a BOM): offsets move, line/column do not. */
  span(s: Span, shift = 0): Span {
    const span = this.index.span(this.toOriginal(s.offset), this.toOriginal(s.endOffset));
    return shift ? { ...span, offset: span.offset + shift, endOffset: span.endOffset + shift } : span;
  }

  remapDocumentation(doc: Documentation, shift = 0): Documentation {
    const elements = Object.fromEntries(Object.entries(doc.elements).map(([name, e]) => [name, { ...e, evidence: e.evidence.map((s) => this.span(s, shift)) }]));
    return {
      ...doc,
      site: doc.site ? { ...doc.site, ...(doc.site.span ? { span: this.span(doc.site.span, shift) } : {}) } : null,
      elements,
    };
  }

  remapMessage(m: Message, shift = 0): Partial<Message> {
    if (m.offset === undefined || m.endOffset === undefined) return {};
    const start = this.index.position(this.toOriginal(m.offset));
    const end = this.index.position(this.toOriginal(m.endOffset));
    return { offset: this.toOriginal(m.offset) + shift, endOffset: this.toOriginal(m.endOffset) + shift, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }
}
