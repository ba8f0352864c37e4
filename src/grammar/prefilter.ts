/**
 * A cheap test that lets most grammar patterns skip a note (or a sentence) outright: the
 * word starts (first two or three letters) a pattern cannot match without. A pattern whose first words can be
 * read from its source — `\b(?:needle|tip)…`, `\bpalpat…|\bblind…` — needs one of their
 * prefixes among the text's word starts; any other pattern always runs.
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
 * mark or a digit), so its first letters start a word as keysIn reads words. Null when unsure.
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

function sourceKeys(re: RegExp): string[] | null {
  const keys: string[] = [];
  for (const alt of topLevel(re.source, 0)?.parts ?? [re.source]) {
    const k = sequenceKeys(alt, false);
    if (!k) return null;
    keys.push(...k);
  }
  return keys;
}

// Keys are numbered: a key (one to three letters, lowercased) is a base-27 code into this table
// of ids, so reading a text's word starts allocates nothing and skips words no pattern needs.
const idOfCode = new Int32Array(27 ** KEY).fill(-1);
const keyNames: string[] = [];
const idsOf = new WeakMap<RegExp, Int32Array | null>();

function codeOf(key: string): number {
  let c = 0;
  for (let i = 0; i < KEY; i++) c = c * 27 + (i < key.length ? key.charCodeAt(i) - 96 : 0);
  return c;
}

/**
 * Numbers the keys of a grammar pattern (compilePattern does this for every pattern it makes).
 * A pattern never registered has no keys and always runs: a text is read only for known keys.
 */
export function registerPattern(re: RegExp): void {
  if (idsOf.has(re)) return;
  const keys = sourceKeys(re);
  idsOf.set(re, keys && Int32Array.from(new Set(keys), (k) => {
    const code = codeOf(k);
    if (idOfCode[code] < 0) { idOfCode[code] = keyNames.length; keyNames.push(k); }
    return idOfCode[code];
  }));
}

/** The key ids of a pattern, or null when it may match any text. */
export function patternKeys(re: RegExp): Int32Array | null {
  return idsOf.get(re) ?? null;
}

/** The key ids (each once, in order of first occurrence) of the words in text[start, end). */
export function keysIn(text: string, start = 0, end = text.length): number[] {
  const out: number[] = [];
  const stamp = nextStamp(keyNames.length);
  const add = (code: number): void => {
    const id = idOfCode[code];
    if (id >= 0 && seen[id] !== stamp) { seen[id] = stamp; out.push(id); }
  };
  let i = start;
  while (i < end) {
    const a = letter(text.charCodeAt(i));
    if (!a) { i++; continue; }
    const b = i + 1 < end ? letter(text.charCodeAt(i + 1)) : 0;
    if (!b) add(a * 729);
    else {
      add(a * 729 + b * 27);
      const c = i + 2 < end ? letter(text.charCodeAt(i + 2)) : 0;
      if (c) add(a * 729 + b * 27 + c);
    }
    i++;
    while (i < end && letter(text.charCodeAt(i))) i++;
  }
  return out;
}

/** a → 1 … z → 26 (either case); 0 for anything else */
function letter(c: number): number {
  const l = c | 32;
  return l >= 97 && l <= 122 ? l - 96 : 0;
}

let seen = new Uint32Array(256);
let stampCounter = 0;

function nextStamp(size: number): number {
  if (seen.length < size) seen = new Uint32Array(size * 2);
  if (++stampCounter === 0xffffffff) { seen.fill(0); stampCounter = 1; }
  return stampCounter;
}

/** The key ids of one text, asked pattern by pattern. */
export class PresentKeys {
  private readonly marks: Uint8Array;

  constructor(ids: readonly number[]) {
    this.marks = new Uint8Array(keyNames.length);
    for (const id of ids) this.marks[id] = 1;
  }

  /** False only when the pattern certainly cannot match the text. */
  mayMatch(re: RegExp): boolean {
    const keys = patternKeys(re);
    if (keys === null) return true;
    for (let i = 0; i < keys.length; i++) if (this.marks[keys[i]] === 1) return true;
    return false;
  }
}

/** A key id's letters (for tests and diagnostics). */
export const keyName = (id: number): string => keyNames[id];
