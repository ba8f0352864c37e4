import type { Note } from '../note/note.js';
import { SentenceContext, type Assertion, type TriggerHit } from '../context/context.js';
import type { Grammars } from '../grammar/index.js';
import { patternKeys, wordStarts } from '../grammar/prefilter.js';

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
  private readonly slices: string[];
  /** word start → the sentences holding it: a pattern runs only where its first words occur */
  private readonly sentencesWith = new Map<string, number[]>();
  private readonly everySentence: number[];
  private triggersBySentence?: TriggerHit[][];
  private readonly marks: Uint32Array;
  private generation = 0;

  constructor(readonly note: Note, readonly g: Grammars) {
    this.slices = note.sentences.map((s) => note.text.slice(s.start, s.end));
    this.everySentence = this.slices.map((_, i) => i);
    this.marks = new Uint32Array(this.slices.length);
    this.slices.forEach((slice, i) => {
      for (const k of wordStarts(slice)) {
        const list = this.sentencesWith.get(k);
        if (list) list.push(i);
        else this.sentencesWith.set(k, [i]);
      }
    });
  }

  /** The sentences a pattern could match in, in order. */
  private candidates(re: RegExp): number[] {
    const keys = patternKeys(re);
    if (!keys) return this.everySentence;
    let only: number[] | undefined;
    let lists = 0;
    for (const k of keys) {
      const list = this.sentencesWith.get(k);
      if (list) { only = list; lists++; }
    }
    if (lists <= 1) return only ?? [];
    // several keys: mark their sentences with this call's stamp (no clearing, no allocation)
    const stamp = ++this.generation;
    for (const k of keys) for (const i of this.sentencesWith.get(k) ?? []) this.marks[i] = stamp;
    const out: number[] = [];
    for (let i = 0; i < this.marks.length; i++) if (this.marks[i] === stamp) out.push(i);
    return out;
  }

  context(sentence: number): SentenceContext {
    let c = this.contexts.get(sentence);
    if (!c) {
      const s = this.note.sentences[sentence];
      c = new SentenceContext(this.note.text, s.start, s.end, this.g, this.triggersIn(sentence));
      this.contexts.set(sentence, c);
    }
    return c;
  }

  /** Trigger matches of one sentence; every trigger is run once over the sentences it may match. */
  private triggersIn(sentence: number): TriggerHit[] {
    if (!this.triggersBySentence) {
      const by: TriggerHit[][] = this.slices.map(() => []);
      const found: Hit[] = [];
      for (const t of this.g.triggers) {
        found.length = 0;
        this.collect(t.re, 0, found);
        for (const h of found) by[h.sentence].push({ start: h.start, end: h.end, category: t.category, direction: t.direction, maxScope: t.maxScope, npScope: t.npScope });
      }
      this.triggersBySentence = by;
    }
    return this.triggersBySentence[sentence];
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

  /** Matches of one pattern, each inside one sentence, appended to `out`. */
  private collect(re: RegExp, pattern: number, out: Hit[]): void {
    const { sentences } = this.note;
    for (const i of this.candidates(re)) {
      const slice = this.slices[i];
      const base = sentences[i].start;
      re.lastIndex = 0;
      for (let m = re.exec(slice); m; m = re.exec(slice)) {
        if (m[0].length === 0) { re.lastIndex++; continue; }
        out.push({ start: base + m.index, end: base + m.index + m[0].length, sentence: i, pattern });
      }
    }
  }

  /** All hits of the patterns, each confined to one sentence, in text order. */
  scan(patterns: RegExp[]): Hit[] {
    const out: Hit[] = [];
    patterns.forEach((re, pattern) => this.collect(re, pattern, out));
    return out.sort((a, b) => a.start - b.start || b.end - a.end);
  }

  sentenceText(sentence: number): string {
    return this.slices[sentence];
  }

  span(hit: { start: number; end: number }) {
    return this.note.index.span(hit.start, hit.end);
  }
}

export function isAffirmed(a: Assertion): boolean {
  return !a.negated && !a.hypothetical && !a.historical;
}
