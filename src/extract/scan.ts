import type { Note } from '../note/note.js';
import { SentenceContext, type Assertion } from '../context/context.js';
import type { Grammars } from '../grammar/index.js';

/** One pattern hit, located in its sentence and section. */
export interface Hit {
  start: number;
  end: number;
  sentence: number;
  /** which pattern of the list matched */
  pattern: number;
}

/** Sections whose words describe something other than this procedure's own steps. */
export const NOT_THIS_PROCEDURE = new Set(['history', 'indication', 'diagnosis', 'prior-imaging', 'plan', 'consent', 'personnel', 'anesthesia', 'specimen']);

/**
 * The shared view of one note for every extractor: sentence contexts built lazily and once,
 * and a scan that keeps each pattern hit inside one sentence.
 */
export class Scanner {
  private readonly contexts = new Map<number, SentenceContext>();

  constructor(readonly note: Note, readonly g: Grammars) {}

  context(sentence: number): SentenceContext {
    let c = this.contexts.get(sentence);
    if (!c) {
      const s = this.note.sentences[sentence];
      c = new SentenceContext(this.note.text, s.start, s.end, this.g);
      this.contexts.set(sentence, c);
    }
    return c;
  }

  assess(hit: Hit, inside = false): Assertion {
    return this.context(hit.sentence).assess(hit.start, hit.end, inside);
  }

  category(hit: Hit): string {
    return this.note.sectionOf(hit.sentence).category;
  }

  /** Is this hit in a part of the note that narrates the procedure itself? */
  inProcedurePart(hit: Hit): boolean {
    return !NOT_THIS_PROCEDURE.has(this.category(hit));
  }

  /** All hits of the patterns, each confined to one sentence, in text order. */
  scan(patterns: RegExp[]): Hit[] {
    const { text, sentences } = this.note;
    const out: Hit[] = [];
    patterns.forEach((re, pattern) => {
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) !== null) {
        if (m[0].length === 0) { re.lastIndex++; continue; }
        const start = m.index;
        const end = start + m[0].length;
        const sentence = this.note.sentenceAt(start);
        if (sentence < 0) break;
        const s = sentences[sentence];
        if (start >= s.end) continue; // between sentences (whitespace, markup)
        if (end > s.end) {
          // crossed into the next sentence: look for a match that starts later in this one
          const bounded = text.slice(0, s.end);
          const sticky = new RegExp(re.source, re.flags.replace('g', '') + 'y');
          for (let p = start + 1; p < s.end; p++) {
            sticky.lastIndex = p;
            const mm = sticky.exec(bounded);
            if (mm && mm[0].length > 0) {
              out.push({ start: p, end: p + mm[0].length, sentence, pattern });
              break;
            }
          }
          re.lastIndex = s.end;
          continue;
        }
        out.push({ start, end, sentence, pattern });
      }
    });
    return out.sort((a, b) => a.start - b.start || b.end - a.end);
  }

  /** Hits in the sentence at index `sentence` only. */
  scanSentence(patterns: RegExp[], sentence: number): Hit[] {
    const s = this.note.sentences[sentence];
    const slice = this.note.text.slice(s.start, s.end);
    const out: Hit[] = [];
    patterns.forEach((re, pattern) => {
      re.lastIndex = 0;
      for (let m = re.exec(slice); m; m = re.exec(slice)) {
        if (m[0].length === 0) { re.lastIndex++; continue; }
        out.push({ start: s.start + m.index, end: s.start + m.index + m[0].length, sentence, pattern });
      }
    });
    return out;
  }

  sentenceText(sentence: number): string {
    const s = this.note.sentences[sentence];
    return this.note.text.slice(s.start, s.end);
  }

  span(hit: { start: number; end: number }) {
    return this.note.index.span(hit.start, hit.end);
  }
}

export function isAffirmed(a: Assertion): boolean {
  return !a.negated && !a.hypothetical && !a.historical;
}
