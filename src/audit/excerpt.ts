import type { Message } from '../types.js';

/** A finding's span with the note's own words either side: [before, span, after]. */
export type Excerpt = [string, string, string];

/** One line of report-excerpts.jsonl: a record's excerpts, one per message (null: a message without a span). */
export interface ExcerptLine {
  record: number;
  x: (Excerpt | null)[];
}

const AROUND = 70;
const MAX_SPAN = 240;

const flat = (s: string): string => s.replace(/\s+/g, ' ');

/**
 * The words around [start, end), cut at word boundaries (never mid-word) so the span itself is
 * always whole. Line ends and runs of spaces read as one space.
 */
export function excerpt(text: string, start: number, end: number): Excerpt {
  let from = Math.max(0, start - AROUND);
  if (from > 0) {
    const space = text.slice(from, start).search(/\s/);
    from = space === -1 ? start : from + space + 1;
  }
  let to = Math.min(text.length, end + AROUND);
  if (to < text.length) {
    const tail = text.slice(end, to);
    const space = Math.max(tail.lastIndexOf(' '), tail.lastIndexOf('\n'));
    to = space === -1 ? end : end + space;
  }
  let span = text.slice(start, end);
  if (span.length > MAX_SPAN) {
    const cut = span.lastIndexOf(' ', MAX_SPAN);
    span = `${span.slice(0, cut > 0 ? cut : MAX_SPAN)} …`;
  }
  return [(from > 0 ? '… ' : '') + flat(text.slice(from, start)).trimStart(), flat(span), flat(text.slice(end, to)).trimEnd() + (to < text.length ? ' …' : '')];
}

/** One excerpt per message, in the messages' order; null for a message with no span in the note. */
export function excerpts(text: string, messages: Message[]): (Excerpt | null)[] {
  return messages.map((m) => (m.offset === undefined || m.endOffset === undefined || m.endOffset > text.length ? null : excerpt(text, m.offset, m.endOffset)));
}
