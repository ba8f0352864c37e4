import { grammars, MAX_SCOPE, type Grammars, type ContextCategory, type Trigger } from '../grammar/index.js';
import { compromise } from './nlp.js';
import { SentenceKeys } from '../grammar/prefilter.js';
import { tokenize, type Tokens } from '../note/sentences.js';
import { firstAbove, firstAtLeast } from '../note/sorted.js';

export interface TriggerHit {
  start: number;
  end: number;
  category: ContextCategory;
  direction: string;
  maxScope: number;
  npScope: boolean;
}

export interface Assertion {
  negated: boolean;
  hypothetical: boolean;
  historical: boolean;
  /** the trigger that discounted the mention, with its offsets in the text */
  trigger?: { text: string; category: 'negated' | 'hypothetical' | 'historical' | 'other-procedure'; start: number; end: number };
}

// a word that may be a finite verb; only then is full NLP asked whether a clause starts
const VERBISH = /\b(?:was|were|is|are|been|being|has|have|had|will|would|could|should|can|may|did|does|do|\w{3,}ed)\b/i;
const VERBISH_ALL = new RegExp(VERBISH.source, 'gi');
const WORD_CHAR = /\w/;

const clauseCache = new Map<string, number[]>();

// the character marks a sentence's constructor reads and drops: reused, not allocated per sentence
const SCRATCH_PSEUDO = 0;
const SCRATCH_OWNER = 1;
const scratchArrays = [new Int32Array(256), new Int32Array(256)];
/** The first `length` cells of scratch array `which`, each set to `value`. */
function scratch(which: number, length: number, value: number): Int32Array {
  if (scratchArrays[which].length < length) scratchArrays[which] = new Int32Array(length * 2);
  return scratchArrays[which].subarray(0, length).fill(value);
}
/**
 * How many times full NLP may be asked about one note (cached answers count too, so the
 * verdict never depends on what an earlier note left in the cache): a call costs milliseconds,
 * and a run-on note of many triggers and mentions would ask about every pair. Past the budget,
 * or for a span over MAX_NLP_SPAN, a comma then a verb ends the scope.
 */
export class NlpBudget {
  calls: number;
  constructor(noteLength: number) {
    this.calls = 32 + Math.floor(noteLength / 2000);
  }
}
const MAX_NLP_SPAN = 400;

/** The context of one sentence: its triggers and tokens, computed once and asked many times. */
export class SentenceContext {
  /** the triggers in text order */
  readonly triggers: TriggerHit[];
  readonly terminators: number[][];
  private readonly npScopeStop: RegExp;
  /** each trigger's start and end: kept triggers never overlap (or share their words exactly), so both ascend */
  private readonly triggerStarts: number[];
  private readonly triggerEnds: number[];
  /** terminator starts (ascending) and ends (sorted apart) */
  private readonly terminatorStarts: number[];
  private readonly terminatorEnds: number[];

  /**
   * `found` are the trigger matches inside the sentence when the caller scanned the whole note
   * once (Scanner does); otherwise the sentence is scanned here. `nlp` is the note's budget of
   * full-NLP calls, shared by its sentences.
   */
  constructor(readonly text: string, readonly start: number, readonly end: number, g: Grammars = grammars(), found?: TriggerHit[], private readonly nlp = new NlpBudget(end - start)) {
    const slice = text.slice(start, end);
    const hits = found ?? findTriggers(slice, g, start);
    // pseudo triggers cancel what they overlap; among overlapping triggers the longest wins.
    // Which characters a kept trigger covers is marked, so each overlap test reads only its own
    // characters (linear in the sentence however many triggers it holds)
    const pseudo = scratch(SCRATCH_PSEUDO, hits.some((h) => h.category === 'pseudo') ? end - start : 0, 0);
    for (const h of hits) if (h.category === 'pseudo') pseudo.fill(1, h.start - start, h.end - start);
    const cancelled = (h: TriggerHit) => pseudo.length > 0 && pseudo.subarray(h.start - start, h.end - start).includes(1);
    const real = hits
      .filter((h) => h.category !== 'pseudo' && !cancelled(h))
      .sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    // (a phrase listed both as a forward and as a backward trigger of one category, "not seen",
    // works both ways: "not seen: effusion", "effusion not seen")
    const kept: TriggerHit[] = [];
    const sameWords = (k: TriggerHit, h: TriggerHit) => k.start === h.start && k.end === h.end && k.category === h.category && k.direction !== h.direction;
    // kept non-terminating triggers never overlap unless they share their words exactly: one
    // group per span, and each character names the group covering it
    const groups: TriggerHit[][] = [];
    const owner = scratch(SCRATCH_OWNER, real.length ? end - start : 0, -1);
    for (const h of real) {
      if (h.category === 'terminate') { kept.push(h); continue; }
      let group = -1;
      let blocked = false;
      for (let c = h.start; c < h.end; c++) {
        const o = owner[c - start];
        if (o < 0) continue;
        const g0 = groups[o][0];
        if (g0.start === h.start && g0.end === h.end && groups[o].every((k) => sameWords(k, h))) group = o;
        else blocked = true;
        break;
      }
      if (blocked) continue;
      kept.push(h);
      if (group >= 0) groups[group].push(h);
      else {
        owner.fill(groups.length, h.start - start, h.end - start);
        groups.push([h]);
      }
    }
    // a terminate word inside a kept trigger ("not since") is part of that trigger
    const inTrigger = (h: TriggerHit) => {
      const o = owner[h.start - start];
      return o >= 0 && groups[o][0].start <= h.start && h.end <= groups[o][0].end;
    };
    this.terminators = kept
      .filter((h) => h.category === 'terminate' && !inTrigger(h))
      .map((h) => [h.start, h.end])
      .sort((a, b) => a[0] - b[0]);
    this.terminatorStarts = this.terminators.map(([a]) => a);
    this.terminatorEnds = this.terminators.map(([, b]) => b).sort((a, b) => a - b);
    this.triggers = kept.filter((h) => h.category !== 'terminate').sort((a, b) => a.start - b.start);
    this.triggerStarts = this.triggers.map((h) => h.start);
    this.triggerEnds = this.triggers.map((h) => h.end);
    this.npScopeStop = g.npScopeStop;
  }

  // read when a trigger is first weighed against a mention: most sentences have no trigger at all
  private tokenList?: Tokens;
  private get tokens(): Tokens {
    return (this.tokenList ??= tokenize(this.text, this.start, this.end));
  }


  private stopList?: number[];
  /** where a noun-phrase scope ends ("no uptake on fluoroscopy") */
  private get stops(): number[] {
    if (!this.stopList) {
      const re = this.npScopeStop;
      const slice = this.text.slice(this.start, this.end);
      this.stopList = [];
      re.lastIndex = 0;
      for (let m = re.exec(slice); m; m = re.exec(slice)) this.stopList.push(this.start + m.index);
    }
    return this.stopList;
  }

  /**
   * Where a new clause with its own finite verb (past, copula, auxiliary) starts in text[from, to)
   * ("…without resistance, 2 images saved to PACS, …"). Run-on dictation strings clauses with
   * commas; a forward scope ends at such a clause, but not at a comma inside a list ("no fever,
   * chills, or sweats"). Full NLP (compromise) reads just the trigger-to-mention span: its cost
   * grows faster than the text, and dictated sentences run to hundreds of words.
   */
  private clauseStarts(from: number, to: number): number[] | null {
    // digits read as 0: dictated templates differ mostly in their numbers ("2 mL", "L4-5"), and
    // where clauses break does not; the same length keeps the offsets
    if (to - from > MAX_NLP_SPAN || this.nlp.calls <= 0) return null;
    this.nlp.calls--;
    const span = this.text.slice(from, to).replace(/[1-9]/g, '0');
    let relative = clauseCache.get(span);
    if (!relative) {
      relative = [];
      const clauses = compromise()(span).clauses();
      const offsets = clauses.json({ offset: true }) as { offset?: { start: number } }[];
      offsets.forEach((c, i) => {
        if (i > 0 && c.offset && clauses.eq(i).has('(#PastTense|#Copula|#Auxiliary|#Modal|#Participle)')) relative!.push(c.offset.start);
      });
      // boilerplate repeats across notes; keep the cache bounded
      if (clauseCache.size >= 2000) clauseCache.delete(clauseCache.keys().next().value as string);
      clauseCache.set(span, relative);
    }
    return relative.map((o) => from + o);
  }

  /** How many tokens lie wholly within [a, b). */
  private tokensBetween(a: number, b: number): number {
    return firstAbove(this.tokens.ends, b) - firstAtLeast(this.tokens.starts, a);
  }

  /**
   * The triggers that may govern text[ts, te), as a range of indexes: a trigger more than
   * MAX_SCOPE tokens away cannot (no scope runs further), so a mention weighs only its
   * neighbourhood, not every trigger of a long sentence.
   */
  private nearTriggers(ts: number, te: number): [number, number] {
    const { starts, ends } = this.tokens;
    // forward and inside: ending after the MAX_SCOPE-th token before the mention
    const before = firstAbove(ends, ts) - MAX_SCOPE;
    const from = firstAbove(this.triggerEnds, before >= 0 ? starts[before] : -1);
    // backward: starting before the end of the MAX_SCOPE-th token after the mention
    const after = firstAtLeast(starts, te) + MAX_SCOPE - 1;
    const to = after < ends.length ? firstAtLeast(this.triggerStarts, ends[after]) : this.triggers.length;
    return [from, to];
  }

  private commaList?: number[];
  private verbList?: { starts: number[]; ends: number[] };

  /**
   * Is there a comma, then a word that may be a finite verb, in text[from, to)? Read from the
   * sentence's commas and verb-like words, found once, rather than by rescanning the gap.
   */
  private commaThenVerb(from: number, to: number): boolean {
    const commas = (this.commaList ??= [...this.text.slice(this.start, this.end).matchAll(/,/g)].map((m) => this.start + m.index));
    const c = firstAtLeast(commas, from);
    if (c >= commas.length || commas[c] >= to) return false;
    // a mention starting inside a word cuts a word in two: read the gap as cut
    if (WORD_CHAR.test(this.text[to - 1] ?? '') && WORD_CHAR.test(this.text[to] ?? '')) return VERBISH.test(this.text.slice(commas[c], to));
    // a verb-like word is whole (word boundary to word boundary), so it lies in the gap or not at all
    if (!this.verbList) {
      const words = [...this.text.slice(this.start, this.end).matchAll(VERBISH_ALL)];
      this.verbList = { starts: words.map((m) => this.start + m.index), ends: words.map((m) => this.start + m.index + m[0].length) };
    }
    const v = firstAtLeast(this.verbList.starts, commas[c]);
    return v < this.verbList.starts.length && this.verbList.ends[v] <= to;
  }

  /** by (ts, te, inside) as one number: a string key per question cost more than the answer */
  private assessed = new Map<number, Assertion>();

  /**
   * How the mention text[ts, te) is asserted. With `inside`, triggers within the mention count
   * too (for multi-word element phrases such as "images were not saved").
   */
  assess(ts: number, te: number, inside = false): Assertion {
    if (this.triggers.length === 0) return { negated: false, hypothetical: false, historical: false };
    // several extractors ask about the same mention
    const key = (ts * (this.text.length + 1) + te) * 2 + (inside ? 1 : 0);
    const known = this.assessed.get(key);
    if (known) return { ...known };
    const result = this.assessAfresh(ts, te, inside);
    this.assessed.set(key, result);
    return { ...result };
  }

  private assessAfresh(ts: number, te: number, inside: boolean): Assertion {
    const result: Assertion = { negated: false, hypothetical: false, historical: false };
    let best: { hit: TriggerHit; distance: number } | undefined;
    const [from, to] = this.nearTriggers(ts, te);
    for (let i = from; i < to; i++) {
      const h = this.triggers[i];
      let applies = false;
      let distance = Infinity;
      const overlaps = h.start < te && ts < h.end;
      if (overlaps) {
        if (inside && h.start >= ts && h.end <= te && h.start > ts) { applies = true; distance = 0; }
      } else if (h.end <= ts && (h.direction === 'forward' || h.direction === 'bidirectional')) {
        // the scope runs to the first terminator (or, for a noun phrase, stop word) after the trigger
        const t = firstAtLeast(this.terminatorStarts, h.end);
        let scopeEnd = t < this.terminatorStarts.length ? Math.min(this.end, this.terminatorStarts[t]) : this.end;
        if (h.npScope) {
          const s = firstAtLeast(this.stops, h.end);
          if (s < this.stops.length) scopeEnd = Math.min(scopeEnd, this.stops[s]);
        }
        distance = this.tokensBetween(h.end, ts);
        applies = ts < scopeEnd && distance < h.maxScope;
        // only a scope that would apply asks full NLP whether a clause break ends it first
        // (an "if …, …" condition governs its consequent clause too)
        if (applies && h.category !== 'hypothetical') {
          if (this.commaThenVerb(h.end, ts)) {
            // past the sentence's NLP budget, a comma then a verb ends the scope
            const clauses = this.clauseStarts(h.start, te) ?? [h.end];
            for (const c of clauses) if (c >= h.end && c < scopeEnd) { scopeEnd = c; break; }
            applies = ts < scopeEnd;
          }
        }
      } else if (h.start >= te && (h.direction === 'backward' || h.direction === 'bidirectional')) {
        // the scope runs back to the last terminator before the trigger
        const t = firstAbove(this.terminatorEnds, h.start) - 1;
        const scopeStart = t >= 0 ? Math.max(this.start, this.terminatorEnds[t]) : this.start;
        distance = this.tokensBetween(te, h.start);
        applies = te > scopeStart && distance < h.maxScope;
      }
      if (!applies) continue;
      // another procedure's mention is, for this note, not the present procedure: historical
      const cat = h.category === 'other-procedure' ? 'historical' : (h.category as 'negated' | 'hypothetical' | 'historical');
      result[cat] = true;
      // name the trigger that matters most: negation first, then the nearest
      if (!best || (cat === 'negated' && best.hit.category !== 'negated') || (cat === best.hit.category && distance < best.distance)) best = { hit: h, distance };
    }
    if (best) {
      result.trigger = { text: this.text.slice(best.hit.start, best.hit.end), category: best.hit.category as NonNullable<Assertion['trigger']>['category'], start: best.hit.start, end: best.hit.end };
    }
    return result;
  }
}

const UNEVEN_SPACE = /\s{2,}|[^\S ]/;
const UNEVEN_SPACES = /\s{2,}|[^\S ]/g;

/**
 * `text` with every run of whitespace read as one space, and a map back to `text`'s offsets:
 * dictation and EHR exports space words unevenly and wrap lines inside a phrase ("history   of",
 * "was not\nused"), and a trigger's space stands for any such run. Undefined when the text is
 * evenly spaced already (most sentences).
 */
function evenSpaces(text: string): { text: string; original: (i: number) => number } | undefined {
  if (!UNEVEN_SPACE.test(text)) return undefined;
  // from each boundary on (an offset in the even text), offsets lie `shift` further on in `text`
  const boundary: number[] = [];
  const shift: number[] = [];
  let removed = 0;
  const even = text.replace(UNEVEN_SPACES, (run: string, offset: number) => {
    boundary.push(offset - removed + 1);
    removed += run.length - 1;
    shift.push(removed);
    return ' ';
  });
  const original = (i: number): number => {
    const lo = firstAbove(boundary, i);
    return lo === 0 ? i : i + shift[lo - 1];
  };
  return { text: even, original };
}

/**
 * Every trigger match in `text`, offsets shifted by `base` (`which`: the indexes, ascending, of
 * the triggers that may match, if the caller knows).
 */
export function findTriggers(text: string, g: Grammars, base = 0, which?: readonly number[]): TriggerHit[] {
  const hits: TriggerHit[] = [];
  if (!which) {
    const keys = new SentenceKeys(text, [{ start: 0, end: text.length }]);
    which = g.triggers.flatMap((t, i) => (keys.mayMatch(t.re) ? [i] : []));
  }
  if (which.length === 0) return hits;
  const even = evenSpaces(text);
  const scanned = even?.text ?? text;
  const find = (t: Trigger) => {
    t.re.lastIndex = 0;
    for (let m = t.re.exec(scanned); m; m = t.re.exec(scanned)) {
      if (m[0].length === 0) { t.re.lastIndex++; continue; }
      const start = even ? even.original(m.index) : m.index;
      const end = even ? even.original(m.index + m[0].length - 1) + 1 : m.index + m[0].length;
      hits.push({ start: base + start, end: base + end, category: t.category, direction: t.direction, maxScope: t.maxScope, npScope: t.npScope });
    }
  };
  for (const i of which) if (!aside(g.triggers[i])) find(g.triggers[i]);
  // pseudo triggers and terminators act only on another trigger: without one, they are not looked
  // for (listed after the others, each kind in grammar order, as SentenceContext reads them)
  if (hits.length > 0) for (const i of which) if (aside(g.triggers[i])) find(g.triggers[i]);
  return hits;
}

/** Does the trigger only cancel (pseudo) or end (terminate) another trigger's scope? */
const aside = (t: Trigger): boolean => t.category === 'pseudo' || t.category === 'terminate';

/**
 * The context engine on its own: how `target` (a phrase, or [start, end) offsets) is asserted in
 * `sentence`. A phrase is found case-insensitively; one that is absent is reported affirmed.
 */
export function classifyMention(sentence: string, target: string | [number, number]): Assertion {
  let ts: number;
  let te: number;
  if (typeof target === 'string') {
    ts = sentence.toLowerCase().indexOf(target.toLowerCase());
    if (ts < 0) return { negated: false, hypothetical: false, historical: false };
    te = ts + target.length;
  } else {
    [ts, te] = target;
  }
  return new SentenceContext(sentence, 0, sentence.length).assess(ts, te);
}
