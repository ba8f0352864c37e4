import type { Note } from '../note/note.js';
import { NlpBudget, SentenceContext, findTriggers, type Assertion, type TriggerHit } from '../context/context.js';
import type { Grammars, SectionCategory } from '../grammar/index.js';
import { SentenceKeys, patternPlan } from '../grammar/prefilter.js';
import { firstAbove, firstAtLeast } from '../note/sorted.js';

/** One pattern hit, located in its sentence and section. */
export interface Hit {
  start: number;
  end: number;
  sentence: number;
  /** which pattern of the list matched */
  pattern: number;
}

const UNTICKED_BEFORE = /(?:\[\s?\]|☐|□)\s*$/;
// the last tick box of a line before a hit, and what stands between ("[ ] saved to PACS")
const BOX_BEFORE = /(\[\s?\]|☐|□|\[[xX✓✔]\]|☑|☒)[^[\]☐□☑☒\n.;]{0,25}$/;

/** The section category whose content is this procedure's imaging (sections.yaml). */
export const IMAGING_SECTION: SectionCategory = 'imaging-guidance';

/** Sections whose words describe something other than this procedure's own steps. */
export const NOT_THIS_PROCEDURE = new Set<SectionCategory>(['history', 'indication', 'diagnosis', 'prior-imaging', 'plan', 'consent', 'personnel', 'anesthesia', 'specimen']);

/**
 * The shared view of one note for every extractor: sentence contexts built lazily and once,
 * and a scan that keeps each pattern hit inside one sentence.
 */
export class Scanner {
  private readonly contexts: (SentenceContext | undefined)[];
  private readonly nlp: NlpBudget;
  private readonly slices: string[];
  /** which sentences hold which word starts: a pattern runs only where the words it needs occur */
  private readonly keys: SentenceKeys;
  private readonly triggersBySentence: (TriggerHit[] | undefined)[];
  /** per sentence, the triggers that may match in it (in grammar order) */
  private triggerLists?: number[][];
  /** sentences in the parts of the note that narrate this procedure */
  readonly procedureSentences: Uint8Array;

  constructor(readonly note: Note, readonly g: Grammars) {
    this.slices = note.sentences.map((s) => note.text.slice(s.start, s.end));
    this.triggersBySentence = new Array(this.slices.length);
    this.contexts = new Array(this.slices.length);
    // a plain loop: Uint8Array.from with a map function is slow in V8
    this.procedureSentences = new Uint8Array(note.sentences.length);
    for (let i = 0; i < note.sentences.length; i++) this.procedureSentences[i] = NOT_THIS_PROCEDURE.has(note.sections[note.sentences[i].section].category) ? 0 : 1;
    this.keys = new SentenceKeys(note.text, note.sentences);
    this.nlp = new NlpBudget(note.text.length);
  }

  /** Visits, in order, the sentences a pattern could match in (every one when its words are unknown). */
  private forEachCandidate(re: RegExp, visit: (sentence: number) => void): void {
    const plan = patternPlan(re);
    if (plan) this.keys.forEachCandidate(plan, visit);
    else for (let i = 0; i < this.slices.length; i++) visit(i);
  }

  private context(sentence: number, found: TriggerHit[]): SentenceContext {
    let c = this.contexts[sentence];
    if (!c) {
      const s = this.note.sentences[sentence];
      c = this.contexts[sentence] = new SentenceContext(this.note.text, s.start, s.end, this.g, found, this.nlp);
    }
    return c;
  }

  /** Trigger matches of one sentence, found when the sentence is first assessed. */
  private triggersIn(sentence: number): TriggerHit[] {
    let found = this.triggersBySentence[sentence];
    if (!found) {
      // each trigger's sentences, found once per note, listed by sentence: a sentence then
      // runs its few triggers without asking each of the grammar's triggers in turn
      if (!this.triggerLists) {
        const lists: number[][] = this.slices.map(() => []);
        this.g.triggers.forEach((t, i) => {
          this.forEachCandidate(t.re, (s) => lists[s].push(i));
        });
        this.triggerLists = lists;
      }
      found = findTriggers(this.slices[sentence], this.g, this.note.sentences[sentence].start, this.triggerLists[sentence]);
      this.triggersBySentence[sentence] = found;
    }
    return found;
  }

  assess(hit: Hit, inside = false): Assertion {
    const found = this.triggersIn(hit.sentence);
    // most sentences hold no trigger: they assert nothing, and need no context
    if (found.length === 0) return { negated: false, hypothetical: false, historical: false };
    return this.context(hit.sentence, found).assess(hit.start, hit.end, inside);
  }

  category(hit: Hit): SectionCategory {
    return this.note.sectionOf(hit.sentence).category;
  }

  /** Is this hit in a part of the note that narrates the procedure itself? */
  inProcedurePart(hit: Hit): boolean {
    return this.procedureSentences[hit.sentence] === 1;
  }

  /** Matches of one pattern, each inside one sentence (of `only`, if given), appended to `out`. */
  private collect(re: RegExp, pattern: number, out: Hit[], only?: Uint8Array): void {
    this.forEachCandidate(re, (i) => {
      if (only && !only[i]) return;
      const slice = this.slices[i];
      const base = this.note.sentences[i].start;
      re.lastIndex = 0;
      for (let m = re.exec(slice); m; m = re.exec(slice)) {
        if (m[0].length === 0) { re.lastIndex++; continue; }
        out.push({ start: base + m.index, end: base + m.index + m[0].length, sentence: i, pattern });
      }
    });
  }

  /**
   * All hits of the patterns, each confined to one sentence, in text order; with `only`, just
   * in the sentences it flags (e.g. procedureSentences, for facts that count only there).
   */
  scan(patterns: RegExp[], only?: Uint8Array): Hit[] {
    const out: Hit[] = [];
    for (let pattern = 0; pattern < patterns.length; pattern++) this.collect(patterns[pattern], pattern, out, only);
    return out.sort(byStartLongest);
  }

  /** The sentences for which `test` holds, as a flag per sentence (for scan's `only`). */
  sentencesWhere(test: (sentence: number) => boolean): Uint8Array {
    const flags = new Uint8Array(this.slices.length);
    for (let i = 0; i < flags.length; i++) if (test(i)) flags[i] = 1;
    return flags;
  }

  /** Is the hit a template option left unticked ("[ ] Fluoroscopy")? It states nothing. */
  isUnticked(hit: { start: number }): boolean {
    return UNTICKED_BEFORE.test(this.note.text.slice(Math.max(0, hit.start - 8), hit.start));
  }

  /** Is the hit an option of a tick-box group left unticked ("Images: [ ] saved to PACS")? */
  inUntickedOption(hit: { start: number }): boolean {
    const box = BOX_BEFORE.exec(this.note.text.slice(Math.max(0, hit.start - 32), hit.start));
    return box !== null && UNTICKED_BEFORE.test(box[1]);
  }

  sentenceText(sentence: number): string {
    return this.slices[sentence];
  }

  /** per list asked about, per sentence: 0 not yet asked, 1 matches, 2 does not */
  private readonly sentenceVerdicts = new Map<RegExp[] | RegExp, Uint8Array>();

  /**
   * Does any of the patterns match the sentence? Asked once per sentence and list, however many
   * hits the sentence holds (a long sentence of many hits would otherwise be read once per hit).
   */
  sentenceMatches(patterns: RegExp[] | RegExp, sentence: number): boolean {
    let verdicts = this.sentenceVerdicts.get(patterns);
    if (!verdicts) this.sentenceVerdicts.set(patterns, (verdicts = new Uint8Array(this.slices.length)));
    if (verdicts[sentence] === 0) {
      // a pattern whose words the sentence lacks is not run
      const slice = this.slices[sentence];
      const may = (re: RegExp) => this.keys.mayMatchIn(re, sentence) && matches(re, slice);
      verdicts[sentence] = (Array.isArray(patterns) ? patterns.some(may) : may(patterns)) ? 1 : 2;
    }
    return verdicts[sentence] === 1;
  }

  span(hit: { start: number; end: number }) {
    return this.note.index.span(hit.start, hit.end);
  }
}

/** Does any of the (global) patterns match the text? */
export function matches(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text);
}

export function matchesAny(patterns: RegExp[], text: string): boolean {
  return patterns.some((re) => matches(re, text));
}

/**
 * Fixed spans (which may overlap one another), asked whether any overlaps or contains a span:
 * sorted by start with the furthest end so far, each question is a binary search.
 */
export class SpanIndex {
  private readonly starts: number[];
  private readonly furthestEnd: number[];

  constructor(spans: readonly { start: number; end: number }[]) {
    const sorted = [...spans].sort((a, b) => a.start - b.start);
    this.starts = sorted.map((s) => s.start);
    let furthest = -Infinity;
    this.furthestEnd = sorted.map((s) => (furthest = Math.max(furthest, s.end)));
  }

  /** Does a span overlap [start, end)? (one starting before `end` reaches past `start`) */
  overlaps(start: number, end: number): boolean {
    const before = firstAtLeast(this.starts, end);
    return before > 0 && this.furthestEnd[before - 1] > start;
  }

  /** Does a span hold [start, end) whole? (one starting at or before `start` reaches `end`) */
  contains(start: number, end: number): boolean {
    const atOrBefore = firstAbove(this.starts, start);
    return atOrBefore > 0 && this.furthestEnd[atOrBefore - 1] >= end;
  }
}

/**
 * Spans added one by one, asked whether any overlaps a span: kept as fixed indexes of 1, 2, 4 …
 * spans, two of a size merged into the next (a logarithmic method), so n additions and
 * questions cost n log² n where a rescan of every span per question would cost n².
 */
export class GrowingSpans {
  private readonly levels: ({ spans: { start: number; end: number }[]; index: SpanIndex } | undefined)[] = [];

  add(start: number, end: number): void {
    let spans = [{ start, end }];
    let i = 0;
    for (; this.levels[i]; i++) {
      spans = spans.concat(this.levels[i]!.spans);
      this.levels[i] = undefined;
    }
    this.levels[i] = { spans, index: new SpanIndex(spans) };
  }

  overlaps(start: number, end: number): boolean {
    return this.levels.some((level) => level?.index.overlaps(start, end));
  }
}

/** text order; of hits starting together, the longest first */
const byStartLongest = (a: { start: number; end: number }, b: { start: number; end: number }): number => a.start - b.start || b.end - a.end;

/** Overlapping hits of several patterns become the first, longest one. */
export function dedupe<T extends { start: number; end: number }>(hits: T[]): T[] {
  const out: T[] = [];
  // hits from scan() come in this order already (a stable sort would keep it): sorted only if not
  const sorted = hits.every((h, i) => i === 0 || byStartLongest(hits[i - 1], h) <= 0) ? hits : [...hits].sort(byStartLongest);
  for (const h of sorted) {
    const last = out[out.length - 1];
    if (last && h.start < last.end) continue;
    out.push(h);
  }
  return out;
}

export function isAffirmed(a: Assertion): boolean {
  return !a.negated && !a.hypothetical && !a.historical;
}
