/**
 * A cheap test that lets most grammar patterns skip a note (or a sentence) outright: the words a
 * pattern cannot match without, read from its source as word starts (a one-letter word, or the
 * first two or three letters of a longer one). `\b(?:to|into) (?:the )?PACS\b` needs a word
 * starting to/int and a word starting pac; a pattern whose words cannot be read always runs. A
 * test checks on every corpus sentence that no sentence a pattern matches is skipped.
 */
const KEY = 3;

function topLevel(source: string, open: number): { parts: string[]; end: number } | null {
  const parts: string[] = [];
  let depth = 0;
  let start = open;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') { i++; continue; }
    if (c === '[') { const close = source.indexOf(']', i + 1); if (close < 0) return null; i = close; continue; }
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) { parts.push(source.slice(start, i)); return { parts, end: i }; }
      depth--;
    } else if (c === '|' && depth === 0) { parts.push(source.slice(start, i)); start = i + 1; }
  }
  parts.push(source.slice(start));
  return { parts, end: source.length };
}

/** One atom at the start of a pattern source, with its quantifier. */
interface Atom {
  kind: 'letters' | 'nonletter' | 'digit' | 'boundary' | 'group' | 'lookaround' | 'other';
  /** the letters a 'letters' atom may match (lowercase) */
  letters?: string[];
  /** a group's alternatives */
  parts?: string[];
  /** 'one' (exactly once), 'optional' (may be absent), 'more' (once or more), 'many' (absent or repeated) */
  times: 'one' | 'optional' | 'more' | 'many';
  /** the atom's source without its quantifier */
  body: string;
  /** the source after the atom and its quantifier */
  rest: string;
}

const NONLETTER_ESCAPES = new Set(['d', 's', 't', 'n', 'r', '/', '.', '-', '?', '(', ')', '[', ']', '{', '}', '+', '*', '|', '\\', '^', '$', ':', "'", ',', '&', '#']);

function quantifier(s: string): { times: Atom['times']; rest: string } {
  const m = /^(?:(\?)|(\*)|(\+)|\{(\d+)(,\d*)?\})\??/.exec(s);
  if (!m) return { times: 'one', rest: s };
  const rest = s.slice(m[0].length);
  if (m[1]) return { times: 'optional', rest };
  if (m[2]) return { times: 'many', rest };
  if (m[3]) return { times: 'more', rest };
  const min = Number(m[4]);
  const repeats = m[5] !== undefined || min > 1;
  return { times: min === 0 ? (repeats ? 'many' : 'optional') : repeats ? 'more' : 'one', rest };
}

function readAtom(s: string): Atom | null {
  if (s === '') return null;
  const c = s[0];
  // an atom of `kind` whose source is s[0, length), then its quantifier
  const atom = (kind: Atom['kind'], length: number, extra: Partial<Atom> = {}): Atom => ({ kind, ...quantifier(s.slice(length)), body: s.slice(0, length), ...extra });
  if (c === '(') {
    const look = /^\(\?<?[=!]/.exec(s);
    const open = look ? look[0].length : s.startsWith('(?:') ? 3 : s.startsWith('(?<') ? s.indexOf('>') + 1 : 1;
    const group = topLevel(s, open);
    if (!group || group.end >= s.length) return null;
    return look ? { kind: 'lookaround', times: 'one', body: s.slice(0, group.end + 1), rest: s.slice(group.end + 1) } : atom('group', group.end + 1, { parts: group.parts });
  }
  if (c === '[') {
    const close = s.indexOf(']', 1);
    if (close < 0) return null;
    const body = s.slice(1, close);
    if (/^[A-Za-z]+$/.test(body)) return atom('letters', close + 1, { letters: [...new Set(body.toLowerCase())] });
    if (body === '0-9' || body === '\\d') return atom('digit', close + 1);
    // a class of marks, spaces and digits only ([- ], [-/], [:\-–])
    if (!body.startsWith('^') && !/[A-Za-z]/.test(body.replace(/\\[ds]/g, '')) && !/\\[wWSDbB]/.test(body)) return atom('nonletter', close + 1);
    return atom('other', close + 1);
  }
  if (c === '\\') {
    const e = s[1];
    if (e === 'b') return { kind: 'boundary', times: 'one', body: '\\b', rest: s.slice(2) };
    if (e === 'd') return atom('digit', 2);
    return atom(e !== undefined && NONLETTER_ESCAPES.has(e) ? 'nonletter' : 'other', 2);
  }
  if (c === '^') return { kind: 'boundary', times: 'one', body: '^', rest: s.slice(1) };
  if (/[A-Za-z]/.test(c)) return atom('letters', 1, { letters: [c.toLowerCase()] });
  if (/[0-9]/.test(c)) return atom('digit', 1);
  return atom('.$|)*+?{'.includes(c) ? 'other' : 'nonletter', 1);
}

const MAX_KEYS = 64;

/**
 * The keys of a pattern source: the one-letter word, or two- or three-letter word start, that
 * every match contains. `runStart`: the match begins where no letter precedes it (after \b, a
 * mark or a digit), so its first letters start a word as SentenceKeys reads words. Null when unsure.
 */
function sequenceKeys(source: string, runStart: boolean): string[] | null {
  let s = source;
  // zero-width and non-letter atoms before the first letter
  for (;;) {
    const atom = readAtom(s);
    if (!atom) return null;
    if (atom.kind === 'boundary') { runStart = true; s = atom.rest; continue; }
    if (atom.kind === 'lookaround') { s = atom.rest; continue; }
    if (atom.kind === 'nonletter' || atom.kind === 'digit') {
      // after a certain mark or digit a word starts; after an optional one only if it already did
      if (atom.times === 'one' || atom.times === 'more') runStart = true;
      s = atom.rest;
      continue;
    }
    if (atom.kind === 'group') {
      if (atom.times === 'more' || atom.times === 'many') return null;
      const keys: string[] = [];
      // an optional prefix that ends in a space ("(?:first |1st )?CMC") cannot hide what follows it
      const prefixOnly = atom.times === 'optional' && atom.parts!.every((p) => / $/.test(p));
      const alternatives = prefixOnly ? [] : atom.parts!.map((p) => p + atom.rest);
      if (atom.times === 'optional') alternatives.push(atom.rest);
      for (const alt of alternatives) {
        const k = sequenceKeys(alt, runStart || (prefixOnly && alt === atom.rest));
        if (!k) return null;
        keys.push(...k);
        if (keys.length > MAX_KEYS) return null;
      }
      return [...new Set(keys)];
    }
    if (atom.kind !== 'letters' || !runStart) return null;
    break;
  }
  // the certain letters at the start of the word, up to KEY
  let combos = [''];
  let atom = readAtom(s);
  while (atom && combos[0].length < KEY) {
    if (atom.times === 'optional' && (atom.kind === 'letters' || atom.kind === 'nonletter')) {
      // "c-?arm", "m?Gy": the word with the optional part and the word without it
      const keys: string[] = [];
      for (const c of combos) {
        for (const alt of [c + atom.body + atom.rest, c + atom.rest]) {
          const k = sequenceKeys(alt, true);
          if (!k) return null;
          keys.push(...k);
        }
      }
      return keys.length > MAX_KEYS ? null : [...new Set(keys)];
    }
    if (atom.kind !== 'letters' || atom.times === 'many') break;
    combos = combos.flatMap((c) => atom!.letters!.map((l) => c + l));
    if (combos.length > MAX_KEYS) return null;
    if (atom.times === 'more') { atom = null; break; }
    s = atom.rest;
    atom = readAtom(s);
  }
  const n = combos[0].length;
  if (n >= 2) return combos;
  // a one-letter key holds only when the word certainly ends after that letter ("g ", "L5", "s/p")
  if (n === 1 && atom && (atom.kind === 'boundary' || ((atom.kind === 'nonletter' || atom.kind === 'digit') && (atom.times === 'one' || atom.times === 'more')))) return combos;
  return null;
}

const MAX_WORDS = 3;

/**
 * The key sets of the words every match of one alternative holds, in order (at most MAX_WORDS):
 * `\b(?:to|into) (?:the )?PACS\b` holds a word starting to/int and a word starting pac.
 */
function wordSets(source: string): string[][] {
  const sets: string[][] = [];
  let s = source;
  let runStart = false;
  for (let atom = readAtom(s); atom && sets.length < MAX_WORDS; atom = readAtom(s)) {
    const certain = atom.times === 'one' || atom.times === 'more';
    // a group whose every alternative ends in a mark ("(?:the )?", "(?:was |were )") leaves a word start behind it
    const endsInMark = atom.kind === 'group' && atom.parts!.every((p) => /(?:^|[^\\])[ ,/-]$/.test(p));
    if (atom.kind === 'boundary') runStart = true;
    else if (atom.kind === 'lookaround') { /* zero-width */ }
    else if (atom.kind === 'nonletter' || atom.kind === 'digit') runStart ||= certain;
    else if (!certain) runStart = atom.kind === 'group' && endsInMark && runStart;
    else {
      if (runStart && (atom.kind === 'letters' || atom.kind === 'group')) {
        const keys = sequenceKeys(s, true);
        if (keys?.length) sets.push(keys);
      }
      runStart = endsInMark;
    }
    s = atom.rest;
  }
  return sets;
}

/** Per alternative of a pattern, the key sets it needs: [alternative][set][key]. */
export type KeyPlan = string[][][];

/** The key plan of a pattern source; null when some alternative needs none. */
export function sourcePlan(source: string): KeyPlan | null {
  const plan: KeyPlan = [];
  for (const alt of topLevel(source, 0)?.parts ?? [source]) {
    const sets = wordSets(alt);
    if (sets.length === 0) return null;
    plan.push(sets);
  }
  return plan;
}

// Keys are numbered: a key (one to three letters, lowercased) is a base-27 code into this table
// of ids, so reading a text's word starts allocates nothing and skips words no pattern needs.
const idOfCode = new Int32Array(27 ** KEY).fill(-1);
const keyNames: string[] = [];

/**
 * Alternatives, each a list of key-id sets: the pattern may match where, for some alternative,
 * every set has a key present. Flat, for tight loops: [alternatives, (sets, (ids, id…)…)…].
 */
export type Plan = Int32Array;
const plans = new WeakMap<RegExp, Plan | null>();

function codeOf(key: string): number {
  let c = 0;
  for (let i = 0; i < KEY; i++) c = c * 27 + (i < key.length ? key.charCodeAt(i) - 96 : 0);
  return c;
}

function idOf(key: string): number {
  const code = codeOf(key);
  if (idOfCode[code] < 0) { idOfCode[code] = keyNames.length; keyNames.push(key); }
  return idOfCode[code];
}

/**
 * Numbers the keys of a grammar pattern (every grammar pattern is registered as it is made), from
 * its key plan: read from its source now, or by the build for the grammars it bundles.
 * A pattern never registered has no plan and always runs: a text is read only for known keys.
 */
export function registerPattern(re: RegExp, plan: KeyPlan | null = sourcePlan(re.source)): void {
  if (plans.has(re)) return;
  if (!plan) return void plans.set(re, null);
  const flat = [plan.length];
  for (const sets of plan) {
    flat.push(sets.length);
    for (const keys of sets) {
      const ids = [...new Set(keys.map(idOf))];
      flat.push(ids.length, ...ids);
    }
  }
  plans.set(re, Int32Array.from(flat));
}

/** What a pattern needs, or null when it may match any text. */
export function patternPlan(re: RegExp): Plan | null {
  return plans.get(re) ?? null;
}

/** a → 1 … z → 26 (either case); 0 for anything else */
function letter(c: number): number {
  const l = c | 32;
  return l >= 97 && l <= 122 ? l - 96 : 0;
}

/** Does some alternative of the plan find, in each of its sets, a key marked in `present`? */
function satisfies(plan: Plan, present: Uint8Array): boolean {
  let p = 1;
  for (let a = plan[0]; a > 0; a--) {
    let all = true;
    for (let sets = plan[p++]; sets > 0; sets--) {
      const n = plan[p++];
      if (all) {
        let any = false;
        for (let k = 0; k < n && !any; k++) any = present[plan[p + k]] === 1;
        all = any;
      }
      p += n;
    }
    if (all) return true;
  }
  return false;
}

/**
 * The keys of a note's sentences as bit sets (one per key, a bit per sentence): the sentences a
 * pattern may match in come from a few word-wide ORs and ANDs instead of a test per sentence.
 */
export class SentenceKeys {
  private readonly words: number;
  private readonly bits: Uint32Array;
  /** the keys anywhere in the note: most patterns need a word the note lacks, and stop there */
  private readonly present: Uint8Array;
  private readonly acc: Uint32Array;
  private readonly alt: Uint32Array;
  private readonly set: Uint32Array;

  constructor(text: string, sentences: readonly { start: number; end: number }[]) {
    const words = (this.words = Math.max(1, Math.ceil(sentences.length / 32)));
    const bits = (this.bits = new Uint32Array(keyNames.length * words));
    const present = (this.present = new Uint8Array(keyNames.length));
    this.acc = new Uint32Array(words);
    this.alt = new Uint32Array(words);
    this.set = new Uint32Array(words);
    // each word start (a one-letter word, the two- and three-letter prefix of a longer one) that
    // some pattern needs; written out, as this loop reads every letter of every note
    for (let i = 0; i < sentences.length; i++) {
      const w = i >>> 5;
      const bit = 1 << (i & 31);
      const end = sentences[i].end;
      let at = sentences[i].start;
      while (at < end) {
        const a = letter(text.charCodeAt(at));
        if (!a) { at++; continue; }
        const b = at + 1 < end ? letter(text.charCodeAt(at + 1)) : 0;
        const c = b && at + 2 < end ? letter(text.charCodeAt(at + 2)) : 0;
        const one = b ? -1 : idOfCode[a * 729];
        const two = b ? idOfCode[a * 729 + b * 27] : -1;
        const three = c ? idOfCode[a * 729 + b * 27 + c] : -1;
        if (one >= 0) { bits[one * words + w] |= bit; present[one] = 1; }
        if (two >= 0) { bits[two * words + w] |= bit; present[two] = 1; }
        if (three >= 0) { bits[three * words + w] |= bit; present[three] = 1; }
        at += c ? 3 : b ? 2 : 1;
        while (at < end && letter(text.charCodeAt(at))) at++;
      }
    }
  }

  /** False only when the pattern certainly cannot match anywhere in the text. */
  mayMatch(re: RegExp): boolean {
    const plan = patternPlan(re);
    return plan === null || satisfies(plan, this.present);
  }

  /** The sentences, in order, where the plan's pattern may match. */
  candidates(plan: Plan): number[] {
    const acc = this.match(plan);
    const out: number[] = [];
    for (let w = 0; w < this.words; w++) {
      for (let x = acc[w]; x !== 0; x &= x - 1) out.push((w << 5) + 31 - Math.clz32(x & -x));
    }
    return out;
  }

  /** The sentences where the plan's pattern may match, as a bit set of its own. */
  candidateBits(plan: Plan): Uint32Array {
    return this.match(plan).slice();
  }

  /** Bit w·32+i of the returned scratch set: the plan may match in sentence w·32+i. */
  private match(plan: Plan): Uint32Array {
    const { words, bits, acc, alt, set } = this;
    for (let w = 0; w < words; w++) acc[w] = 0;
    if (!satisfies(plan, this.present)) return acc;
    let p = 1;
    for (let a = plan[0]; a > 0; a--) {
      for (let w = 0; w < words; w++) alt[w] = 0xffffffff;
      let any = 1;
      for (let sets = plan[p++]; sets > 0; sets--) {
        const n = plan[p++];
        if (any) {
          for (let w = 0; w < words; w++) set[w] = 0;
          for (let k = 0; k < n; k++) {
            const base = plan[p + k] * words;
            for (let w = 0; w < words; w++) set[w] |= bits[base + w];
          }
          any = 0;
          for (let w = 0; w < words; w++) any |= alt[w] &= set[w];
        }
        p += n;
      }
      if (any) for (let w = 0; w < words; w++) acc[w] |= alt[w];
    }
    return acc;
  }
}

/** Is sentence i in the bit set? */
export const hasBit = (set: Uint32Array, i: number): boolean => (set[i >>> 5] & (1 << (i & 31))) !== 0;

/** A key id's letters (for tests and diagnostics). */
export const keyName = (id: number): string => keyNames[id];
