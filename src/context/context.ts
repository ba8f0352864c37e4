import { grammars, type Grammars, type ContextCategory } from '../grammar/index.js';
import { compromise } from './nlp.js';
import { SentenceKeys } from '../grammar/prefilter.js';
import { tokenize, type Token } from '../note/sentences.js';

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

const clauseCache = new Map<string, number[]>();

/** The context of one sentence: its triggers and tokens, computed once and asked many times. */
export class SentenceContext {
  readonly triggers: TriggerHit[];
  readonly terminators: number[][];
  private readonly npScopeStop: RegExp;

  /**
   * `found` are the trigger matches inside the sentence when the caller scanned the whole note
   * once (Scanner does); otherwise the sentence is scanned here.
   */
  constructor(readonly text: string, readonly start: number, readonly end: number, g: Grammars = grammars(), found?: TriggerHit[]) {
    const slice = text.slice(start, end);
    const hits = found ?? findTriggers(slice, g, start);
    // pseudo triggers cancel what they overlap; among overlapping triggers the longest wins
    const pseudo = hits.filter((h) => h.category === 'pseudo');
    const real = hits
      .filter((h) => h.category !== 'pseudo' && !pseudo.some((p) => p.start < h.end && h.start < p.end))
      .sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    // (a phrase listed both as a forward and as a backward trigger of one category, "not seen",
    // works both ways: "not seen: effusion", "effusion not seen")
    const kept: TriggerHit[] = [];
    const sameWords = (k: TriggerHit, h: TriggerHit) => k.start === h.start && k.end === h.end && k.category === h.category && k.direction !== h.direction;
    for (const h of real) {
      if (h.category === 'terminate') { kept.push(h); continue; }
      if (!kept.some((k) => k.category !== 'terminate' && k.start < h.end && h.start < k.end && !sameWords(k, h))) kept.push(h);
    }
    const nonTerminating = kept.filter((h) => h.category !== 'terminate');
    // a terminate word inside a kept trigger ("not since") is part of that trigger
    this.terminators = kept
      .filter((h) => h.category === 'terminate' && !nonTerminating.some((k) => k.start <= h.start && h.end <= k.end))
      .map((h) => [h.start, h.end])
      .sort((a, b) => a[0] - b[0]);
    this.triggers = nonTerminating.sort((a, b) => a.start - b.start);
    this.npScopeStop = g.npScopeStop;
  }

  // read when a trigger is first weighed against a mention: most sentences have no trigger at all
  private tokenList?: Token[];
  private get tokens(): Token[] {
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
  private clauseStarts(from: number, to: number): number[] {
    // digits read as 0: dictated templates differ mostly in their numbers ("2 mL", "L4-5"), and
    // where clauses break does not; the same length keeps the offsets
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
    return this.firstTokenEndingAfter(b) - this.firstTokenStartingAt(a);
  }

  private firstTokenStartingAt(a: number): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid].start < a) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private firstTokenEndingAfter(b: number): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid].end <= b) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * How the mention text[ts, te) is asserted. With `inside`, triggers within the mention count
   * too (for multi-word element phrases such as "images were not saved").
   */
  assess(ts: number, te: number, inside = false): Assertion {
    const result: Assertion = { negated: false, hypothetical: false, historical: false };
    let best: { hit: TriggerHit; distance: number } | undefined;
    for (const h of this.triggers) {
      let applies = false;
      let distance = Infinity;
      const overlaps = h.start < te && ts < h.end;
      if (overlaps) {
        if (inside && h.start >= ts && h.end <= te && h.start > ts) { applies = true; distance = 0; }
      } else if (h.end <= ts && (h.direction === 'forward' || h.direction === 'bidirectional')) {
        let scopeEnd = this.end;
        for (const [a] of this.terminators) if (a >= h.end && a < scopeEnd) { scopeEnd = a; break; }
        if (h.npScope) for (const s of this.stops) if (s >= h.end && s < scopeEnd) { scopeEnd = s; break; }
        distance = this.tokensBetween(h.end, ts);
        applies = ts < scopeEnd && distance < h.maxScope;
        // only a scope that would apply asks full NLP whether a clause break ends it first
        // (an "if …, …" condition governs its consequent clause too)
        if (applies && h.category !== 'hypothetical') {
          const comma = this.text.indexOf(',', h.end);
          if (comma >= 0 && comma < ts && VERBISH.test(this.text.slice(comma, ts))) {
            for (const c of this.clauseStarts(h.start, te)) if (c >= h.end && c < scopeEnd) { scopeEnd = c; break; }
            applies = ts < scopeEnd;
          }
        }
      } else if (h.start >= te && (h.direction === 'backward' || h.direction === 'bidirectional')) {
        let scopeStart = this.start;
        for (const [, b] of this.terminators) if (b <= h.start && b > scopeStart) scopeStart = b;
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
    let lo = 0;
    let hi = boundary.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (boundary[mid] <= i) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? i : i + shift[lo - 1];
  };
  return { text: even, original };
}

/** Every trigger match in `text`, offsets shifted by `base` (`mayMatch(i)`: may trigger i match, if the caller knows). */
export function findTriggers(text: string, g: Grammars, base = 0, mayMatch?: (trigger: number) => boolean): TriggerHit[] {
  const hits: TriggerHit[] = [];
  if (!mayMatch) {
    const keys = new SentenceKeys(text, [{ start: 0, end: text.length }]);
    mayMatch = (i) => keys.mayMatch(g.triggers[i].re);
  }
  const even = evenSpaces(text);
  const scanned = even?.text ?? text;
  for (let i = 0; i < g.triggers.length; i++) {
    const t = g.triggers[i];
    if (!mayMatch(i)) continue;
    t.re.lastIndex = 0;
    for (let m = t.re.exec(scanned); m; m = t.re.exec(scanned)) {
      if (m[0].length === 0) { t.re.lastIndex++; continue; }
      const start = even ? even.original(m.index) : m.index;
      const end = even ? even.original(m.index + m[0].length - 1) + 1 : m.index + m[0].length;
      hits.push({ start: base + start, end: base + end, category: t.category, direction: t.direction, maxScope: t.maxScope, npScope: t.npScope });
    }
  }
  return hits;
}

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
