import type { Span } from '../types.js';

/** The longest quote a query shows of one sentence. */
export const QUOTE_MAX = 160;

// where a sentence ends: a full stop before a space, a blank line, or a line opening a labeled
// section ("IMAGING GUIDANCE:"); a single line break inside dictation is only a wrap
const SENTENCE_END = /[.!?](?=\s)|\r?\n[ \t]*\r?\n|\r?\n(?=[ \t]*[A-Z][A-Za-z /&-]{1,40}:)/g;

/** Where each sentence end of the last text asked about lies: a query and its cards quote several spans of one note. */
let scanned: { text: string; index: number[]; after: number[]; full: boolean[] } | undefined;

function sentenceEnds(text: string): NonNullable<typeof scanned> {
  if (scanned?.text === text) return scanned;
  const ends = { text, index: [] as number[], after: [] as number[], full: [] as boolean[] };
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(text); m; m = SENTENCE_END.exec(text)) {
    ends.index.push(m.index);
    ends.after.push(m.index + m[0].length);
    ends.full.push(/^[.!?]/.test(m[0]));
  }
  return (scanned = ends);
}

function sentenceAround(text: string, span: Span): [number, number] {
  const { index, after, full } = sentenceEnds(text);
  let start = 0;
  let end = text.length;
  for (let i = 0; i < index.length; i++) {
    if (after[i] <= span.offset) start = after[i];
    else if (index[i] >= span.endOffset) {
      end = full[i] ? after[i] : index[i];
      break;
    }
  }
  return [start, end];
}

/**
 * The evidence's own sentence, as the note says it: whole when it fits `max` characters, else a
 * window around the evidence cut at word boundaries, so the words that satisfied the element
 * are always inside the quote ("…Fluoroscopy time: 0.3 minutes."). Line wraps read as spaces.
 */
export function quoteEvidence(text: string, span: Span, max = QUOTE_MAX): string {
  const [sStart, sEnd] = sentenceAround(text, span);
  const keyStart = Math.max(sStart, span.offset);
  const keyEnd = Math.min(sEnd, span.endOffset);
  let left = sStart;
  let right = sEnd;
  if (sEnd - sStart > max) {
    const room = Math.max(0, max - (keyEnd - keyStart));
    left = Math.max(sStart, keyStart - Math.floor(room / 2));
    right = Math.min(sEnd, keyEnd + room - (keyStart - left));
    left = Math.max(sStart, keyStart - (room - (right - keyEnd)));
    // never inside a word: move the cuts outward-in to the nearest space, never past the evidence
    if (left > sStart && !/\s/.test(text[left - 1])) {
      const gap = text.slice(left, keyStart).search(/\s/);
      left = gap < 0 ? keyStart : left + gap + 1;
    }
    if (right < sEnd && !/\s/.test(text[right])) {
      const gap = text.slice(keyEnd, right).search(/\s\S*$/);
      right = gap < 0 ? keyEnd : keyEnd + gap;
    }
  }
  const words = text.slice(left, right).replace(/\s+/g, ' ').trim();
  return `${left > sStart ? '…' : ''}${words}${right < sEnd ? '…' : ''}`;
}
