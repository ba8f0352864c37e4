/**
 * A cheap test that lets most grammar patterns skip a note (or a sentence) outright: the words a
 * pattern cannot match without, read from its syntax tree (regexpp) as word starts (the first two
 * to KEY letters of a word) or whole short words. `\b(?:to|into) (?:the )?PACS\b` needs the
 * word to or into, and the word pacs; a pattern whose words cannot be read
 * always runs. A test checks on every corpus sentence that no sentence a pattern matches is skipped.
 */
import { createRequire } from 'node:module';
import type { AST } from '@eslint-community/regexpp';

// regexpp loads on first use: the bundle carries plans made at build time, so a lint run never parses
let regexpp: typeof import('@eslint-community/regexpp') | undefined;
const parseRegExpLiteral = (re: RegExp) => (regexpp ??= createRequire(import.meta.url)('@eslint-community/regexpp') as typeof import('@eslint-community/regexpp')).parseRegExpLiteral(re);

const KEY = 6;
const MAX_KEYS = 64;
const MAX_WORDS = 3;
const MAX_SPREAD = 32;

/**
 * One element of a pattern as words are read: a word is a run of ASCII letters, as SentenceKeys
 * reads it, so a 'mark' (space, digit, punctuation, any other character) or a 'boundary' (\b, ^)
 * ends or starts one; 'zero' (lookarounds, $, \B) consumes nothing; 'other' may be letters or not.
 */
interface Atom {
  kind: 'letters' | 'mark' | 'boundary' | 'zero' | 'group' | 'other';
  /** 'optional': may be absent; 'more': once or more; 'many': absent or repeated */
  times: 'one' | 'optional' | 'more' | 'many';
  /** a 'letters' atom's letters, lowercased */
  letters?: string[];
  /** the element without its quantifier */
  node: AST.Element;
}

const isLetter = (c: number): boolean => (c | 32) >= 97 && (c | 32) <= 122;
const LETTERS = [...'abcdefghijklmnopqrstuvwxyz'].map((l) => l.charCodeAt(0));

/** Does a class element hold the character? */
function holds(e: AST.CharacterClassElement, c: number): boolean {
  switch (e.type) {
    case 'Character': return e.value === c;
    case 'CharacterClassRange': return e.min.value <= c && c <= e.max.value;
    // a letter is \w, \D and \S
    case 'CharacterSet': return e.kind === 'word' ? !e.negate : e.kind === 'property' || e.negate;
    default: return true;
  }
}

/** One character: the letters it may be if it is always a letter, a mark if never one. */
function charAtom(node: AST.Character | AST.CharacterSet | AST.CharacterClass | AST.ExpressionCharacterClass): Atom {
  const atom = (kind: Atom['kind'], letters?: string[]): Atom => ({ kind, times: 'one', letters, node });
  if (node.type === 'Character') return isLetter(node.value) ? atom('letters', [String.fromCharCode(node.value | 32)]) : atom('mark');
  // \d, \s and \W never match a letter
  if (node.type === 'CharacterSet') return (node.kind === 'digit' || node.kind === 'space' ? !node.negate : node.kind === 'word' && node.negate) ? atom('mark') : atom('other');
  if (node.type !== 'CharacterClass') return atom('other');
  const has = (c: number): boolean => node.elements.some((e) => holds(e, c));
  // [^a-z] matches A unless the pattern ignores case: read as if it did not, the safe side
  const letters = LETTERS.filter((c) => (node.negate ? !has(c) || !has(c - 32) : has(c) || has(c - 32))).map((c) => String.fromCharCode(c));
  if (letters.length === 0) return atom('mark');
  const nonLetter = node.negate || node.elements.some((e) => (e.type === 'Character' ? !isLetter(e.value) : e.type !== 'CharacterClassRange' || !isLetter(e.min.value) || !isLetter(e.max.value) || (e.min.value <= 90 && e.max.value >= 97)));
  return nonLetter ? atom('other') : atom('letters', letters);
}

/** the atoms of the pattern being read, emptied after it (a WeakMap over every node slows GC) */
const atoms = new Map<AST.Element, Atom>();

function atomOf(e: AST.Element): Atom {
  let atom = atoms.get(e);
  if (atom) return atom;
  if (e.type === 'Quantifier') {
    const inner = atomOf(e.element);
    const times = e.min === 0 ? (e.max === 1 ? 'optional' : 'many') : e.max === 1 ? 'one' : 'more';
    if (e.max === 0 || inner.kind === 'zero') atom = { kind: 'zero', times: 'one', node: e };
    // a run of marks reads as one mark
    else if (inner.kind === 'mark') atom = { ...inner, times: times === 'more' ? 'one' : times === 'many' ? 'optional' : times };
    else atom = { ...inner, times };
  } else if (e.type === 'Assertion') atom = { kind: (e.kind === 'word' && !e.negate) || e.kind === 'start' ? 'boundary' : 'zero', times: 'one', node: e };
  else if (e.type === 'Group' || e.type === 'CapturingGroup') atom = { kind: 'group', times: 'one', node: e };
  else if (e.type === 'Backreference') atom = { kind: 'other', times: 'one', node: e };
  else atom = charAtom(e);
  atoms.set(e, atom);
  return atom;
}

const alternativesOf = (node: AST.Element): AST.Alternative[] => (node.type === 'Group' || node.type === 'CapturingGroup' ? node.alternatives : []);

/** Does every match of the atom end in a mark ("(?:the )?", "(?:was |were )"), so a word may start after it? */
function endsInMark(atom: Atom): boolean {
  if (atom.kind === 'mark') return true;
  if (atom.kind !== 'group') return false;
  return alternativesOf(atom.node).every((alt) => {
    // its last element that consumes a character
    for (let i = alt.elements.length - 1; i >= 0; i--) {
      const last = atomOf(alt.elements[i]);
      if (last.kind !== 'zero' && last.kind !== 'boundary') return (last.times === 'one' || last.times === 'more') && endsInMark(last);
    }
    return false;
  });
}

/** The keys together; null if one is unknown or there are too many. */
function union(keys: (string[] | null)[]): string[] | null {
  if (keys.length === 1) return keys[0];
  if (keys.some((k) => k === null)) return null;
  const all = new Set(keys.flat() as string[]);
  // a word starting "don" (or the word "do") starts "do" too: with "do" in the set, they add nothing
  for (const k of all) {
    const letters = k.replace(EXACT, '');
    for (let n = 2; n <= letters.length; n++) if (letters.slice(0, n) !== k && all.has(letters.slice(0, n))) { all.delete(k); break; }
  }
  return all.size > MAX_KEYS ? null : [...all];
}

/** A pattern's elements from some point on; a group's alternative and what follows the group share the rest. */
type Seq = { head: AST.Element; rest: Seq } | null;
function prepend(elements: AST.Element[], rest: Seq): Seq {
  for (let i = elements.length - 1; i >= 0; i--) rest = { head: elements[i], rest };
  return rest;
}

/** a whole-word key ends in $ */
const EXACT = /\$$/;
/** A word that surely ends here: shorter than KEY, it is a key of its own ("in$" is "in", not "injection"). */
const whole = (word: string): string[] => [word.length < KEY ? word + '$' : word];
/** The word read so far holds its key if it is long enough (a one-letter word must surely end). */
const sofar = (word: string): string[] | null => (word.length >= 2 ? [word] : null);

/**
 * Keys one of which every match of `seq` holds, read from its first word: `start`, no letter
 * precedes here, so a letter here starts a word; `word`, the letters of it read so far (up to
 * KEY). Null when unsure.
 */
function firstWord(seq: Seq, start: boolean, word = ''): string[] | null {
  if (word.length === KEY) return [word];
  if (!seq) return sofar(word);
  const a = atomOf(seq.head);
  const rest = seq.rest;
  if (a.kind === 'zero') return firstWord(rest, start, word);
  if (a.kind === 'boundary' || (a.kind === 'mark' && a.times === 'one')) return word ? whole(word) : firstWord(rest, true);
  if (a.times === 'optional' || a.times === 'many') {
    // an optional prefix that ends in a mark ("(?:first |1st )?CMC") cannot hide the word after it
    if (!word && start && endsInMark(a)) return firstWord(rest, true);
    if (a.times === 'optional') return union([firstWord({ head: a.node, rest }, start, word), firstWord(rest, start, word)]);
  }
  if (a.kind === 'letters' && (word || start) && a.times !== 'many') {
    // after `s+` come more letters or the rest: the word's start is known up to here
    return union(a.letters!.map((l) => (a.times === 'one' ? firstWord(rest, start, word + l) : word ? [word + l] : null)));
  }
  if (a.kind === 'group' && a.times === 'one') return union(alternativesOf(a.node).map((alt) => firstWord(prepend(alt.elements, rest), start, word)));
  return sofar(word);
}

/** The elements in order, groups of one alternative opened: `(\d+) (?:mg)` reads as `\d+ mg`. */
const inline = (elements: AST.Element[]): AST.Element[] =>
  elements.flatMap((e) => ((e.type === 'Group' || e.type === 'CapturingGroup') && e.alternatives.length === 1 ? inline(e.alternatives[0].elements) : [e]));

/**
 * The key sets of the words every match of one alternative holds, in order (at most MAX_WORDS):
 * `\b(?:to|into) (?:the )?PACS\b` holds a word starting to/int and a word starting pac.
 */
function wordSets(elements: AST.Element[]): string[][] {
  const sets: string[][] = [];
  let start = false;
  for (let seq = prepend(elements, null); seq && sets.length < MAX_WORDS; seq = seq.rest) {
    const a = atomOf(seq.head);
    const certain = a.times === 'one' || a.times === 'more';
    if (a.kind === 'boundary') start = true;
    else if (a.kind === 'zero') { /* consumes nothing */ }
    else if (a.kind === 'mark') start ||= certain;
    else if (!certain) start &&= endsInMark(a);
    else {
      if (start && (a.kind === 'letters' || a.kind === 'group')) {
        const keys = firstWord(seq, true);
        if (keys?.length) sets.push(keys);
      }
      start = endsInMark(a);
    }
  }
  return sets;
}

/**
 * One alternative as the element sequences it may take, a group of several alternatives opened
 * into one sequence per alternative (up to MAX_SPREAD): `(?:in the future|prn)` needs in, the and
 * fut, or prn, where its first words alone (in or prn) would let every "injection" through.
 */
function spread(elements: AST.Element[]): AST.Element[][] {
  let out: AST.Element[][] = [[]];
  for (const e of inline(elements)) {
    const alternatives = alternativesOf(e);
    const tails = alternatives.length > 1 ? alternatives.flatMap((alt) => spread(alt.elements)) : [];
    if (tails.length && out.length * tails.length <= MAX_SPREAD) out = out.flatMap((head) => tails.map((tail) => [...head, ...tail]));
    else for (const head of out) head.push(e);
  }
  return out;
}

/** Per alternative of a pattern, the key sets it needs: [alternative][set][key]. */
export type KeyPlan = string[][][];

/** Per alternative of the pattern, the key sets it needs; null when some alternative needs none. */
export function sourcePlan(re: RegExp): KeyPlan | null {
  // with u or v, case folding maps ſ and K (Kelvin) to s and k, which SentenceKeys does not read as letters
  if (/[uv]/.test(re.flags)) return null;
  let pattern: AST.Pattern;
  try {
    pattern = parseRegExpLiteral(re).pattern;
  } catch {
    return null; // a syntax regexpp does not know: the pattern always runs
  }
  try {
    const known = (plan: KeyPlan): KeyPlan | null => (plan.some((sets) => sets.length === 0) ? null : plan);
    // groups opened where every sequence still needs a word, else each alternative as written
    return known(pattern.alternatives.flatMap((alt) => spread(alt.elements)).map(wordSets)) ?? known(pattern.alternatives.map((alt) => wordSets(inline(alt.elements))));
  } finally {
    atoms.clear();
  }
}

// Keys are numbered: a key (a word start of two or three letters, lowercased) is a base-27 code
// into this table of ids, so reading a text's word starts allocates nothing and skips words no
// pattern needs; a longer start or a whole short word is hashed into LONG (keys sharing a slot
// share an id: a text holding either holds both, which only lets more sentences through).
const idOfCode = new Int32Array(27 ** 3).fill(-1);
const LONG = 65521;
const idOfLong = new Int32Array(LONG).fill(-1);
/** the slot of a word start of four to KEY letters (base-27 code `code`), or of a whole word shorter than KEY */
const longSlot = (code: number, exact: boolean): number => (code * 2 + (exact ? 1 : 0)) % LONG;
/** PAD[n]: 27 ** n, what pads a code of fewer letters to its width */
const PAD = [1, 27, 27 ** 2, 27 ** 3, 27 ** 4, 27 ** 5, 27 ** 6];
/** how many keys have ids */
let keyCount = 0;

/**
 * Alternatives, each a list of key sets: the pattern may match where, for some alternative,
 * every set has a key present. Flat, for tight loops: [alternatives, (sets, set id…)…].
 */
export type Plan = Int32Array;
const plans = new WeakMap<RegExp, Plan | null>();

/**
 * Every distinct key set of every plan, by id, as its key ids. Plans share sets (a group such
 * as `needle|tip|cannula` opens into many alternatives of many patterns), so a note reads the
 * sentences of each set once, however many alternatives need it. Flat: set s's key ids are
 * setKeys[setStart[s] … setStart[s + 1]).
 */
const setKeys: number[] = [];
const setStart: number[] = [0];
const setIdOfKeys = new Map<string, number>();
/** by key id, the sets holding the key */
const setsOfKey: number[][] = [];

function setIdOf(ids: number[]): number {
  const signature = ids.join(' ');
  let id = setIdOfKeys.get(signature);
  if (id === undefined) {
    id = setStart.length - 1;
    setKeys.push(...ids);
    setStart.push(setKeys.length);
    setIdOfKeys.set(signature, id);
    for (const k of ids) (setsOfKey[k] ??= []).push(id);
  }
  return id;
}

/** base-27 code of up to `width` letters, padded with zeros */
function codeOf(letters: string, width: number): number {
  let c = 0;
  for (let i = 0; i < width; i++) c = c * 27 + (i < letters.length ? letters.charCodeAt(i) - 96 : 0);
  return c;
}

function idOf(key: string): number {
  const letters = key.replace(EXACT, '');
  const exact = letters !== key;
  const table = !exact && letters.length <= 3 ? idOfCode : idOfLong;
  const at = table === idOfCode ? codeOf(letters, 3) : longSlot(codeOf(letters, KEY), exact);
  if (table[at] < 0) table[at] = keyCount++;
  return table[at];
}

/**
 * Numbers the keys of a grammar pattern (every grammar pattern is registered as it is made), from
 * its key plan: read from its source now, or by the build for the grammars it bundles.
 * A pattern never registered has no plan and always runs: a text is read only for known keys.
 */
export function registerPattern(re: RegExp, plan: KeyPlan | null = sourcePlan(re)): void {
  if (plans.has(re)) return;
  if (!plan) return void plans.set(re, null);
  const flat = [plan.length];
  for (const sets of plan) flat.push(sets.length, ...sets.map((keys) => setIdOf([...new Set(keys.map(idOf))])));
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

const HELD = 1;
const READ = 2;

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
  /**
   * per key set, by set id: HELD if some sentence holds a key of it (most sets: the note lacks
   * their words), READ once setBits holds which
   */
  private setState = new Uint8Array(0);
  /** the sentences holding a key of each set read (words per set, by set id) */
  private setBits = new Uint32Array(0);

  constructor(text: string, sentences: readonly { start: number; end: number }[]) {
    const words = (this.words = Math.max(1, Math.ceil(sentences.length / 32)));
    const bits = (this.bits = new Uint32Array(keyCount * words));
    const present = (this.present = new Uint8Array(keyCount));
    this.acc = new Uint32Array(words);
    this.alt = new Uint32Array(words);
    // each key of each word (its two- to KEY-letter starts; the word itself, if shorter than
    // KEY) that some pattern needs; written out, as this loop reads every letter of every note
    for (let i = 0; i < sentences.length; i++) {
      const w = i >>> 5;
      const bit = 1 << (i & 31);
      const end = sentences[i].end;
      let at = sentences[i].start;
      while (at < end) {
        if (!letter(text.charCodeAt(at))) { at++; continue; }
        // the word's first KEY letters as a base-27 code, each start marked as it grows
        const from = at;
        let code = 0;
        for (; at < end; at++) {
          const l = letter(text.charCodeAt(at));
          if (!l) break;
          const n = at - from + 1;
          if (n > KEY) continue;
          code = code * 27 + l;
          const id = n < 2 ? -1 : n <= 3 ? idOfCode[code * PAD[3 - n]] : idOfLong[longSlot(code * PAD[KEY - n], false)];
          if (id >= 0) { bits[id * words + w] |= bit; present[id] = 1; }
        }
        // and the word itself, if shorter than KEY
        const length = at - from;
        const id = length < KEY ? idOfLong[longSlot(code * PAD[KEY - length], true)] : -1;
        if (id >= 0) { bits[id * words + w] |= bit; present[id] = 1; }
      }
    }
    this.addSets();
  }

  /** False only when the pattern certainly cannot match anywhere in the text. */
  mayMatch(re: RegExp): boolean {
    const plan = patternPlan(re);
    return plan === null || this.satisfies(plan, 0, 0);
  }

  /** False only when the pattern certainly cannot match in sentence i. */
  mayMatchIn(re: RegExp, i: number): boolean {
    const plan = patternPlan(re);
    return plan === null || this.satisfies(plan, i >>> 5, 1 << (i & 31));
  }

  /**
   * Does some alternative of the plan find, in each of its sets, a key present: in the note
   * (`bit` 0), or in the sentence of bit `bit` of word `w`?
   */
  private satisfies(plan: Plan, w: number, bit: number): boolean {
    let p = 1;
    for (let a = plan[0]; a > 0; a--) {
      const n = plan[p++];
      let k = 0;
      for (; k < n; k++) {
        const s = plan[p + k];
        if (!this.held(s) || (bit !== 0 && (this.setBits[this.read(s) + w] & bit) === 0)) break;
      }
      if (k === n) return true;
      p += n;
    }
    return false;
  }

  /** Does some sentence hold a key of set s? */
  private held(s: number): boolean {
    if (s >= this.setState.length) this.addSets();
    return this.setState[s] !== 0;
  }

  /** Room for the sets registered since (all of them, when the keys are read), and which the note holds. */
  private addSets(): void {
    const from = this.setState.length;
    const count = setStart.length - 1;
    const grown = <T extends Uint8Array | Uint32Array>(old: T, made: T): T => (made.set(old), made);
    const state = (this.setState = grown(this.setState, new Uint8Array(count)));
    this.setBits = grown(this.setBits, new Uint32Array(count * this.words));
    // from the keys the note holds (a few hundred) to their sets, not from every set to its keys
    const { present } = this;
    for (let k = 0; k < present.length; k++) {
      if (present[k] !== 1) continue;
      const sets = setsOfKey[k];
      if (sets) for (let i = 0; i < sets.length; i++) if (sets[i] >= from) state[sets[i]] = HELD;
    }
  }

  /** Where the sentences of set s (held) start in setBits, read on first use. */
  private read(s: number): number {
    const { words, bits, setBits } = this;
    const at = s * words;
    if (this.setState[s] === READ) return at;
    for (let k = setStart[s]; k < setStart[s + 1]; k++) {
      const base = setKeys[k] * words;
      for (let w = 0; w < words; w++) setBits[at + w] |= bits[base + w];
    }
    this.setState[s] = READ;
    return at;
  }

  /** Visits, in order, the sentences where the plan's pattern may match (read from their bit set, no list made). */
  forEachCandidate(plan: Plan, visit: (sentence: number) => void): void {
    const acc = this.candidateSet(plan);
    for (let w = 0; w < this.words; w++) {
      for (let x = acc[w]; x !== 0; x &= x - 1) visit((w << 5) + 31 - Math.clz32(x & -x));
    }
  }

  /**
   * The sentences where the plan's pattern may match, as bit w·32+i for sentence w·32+i: a
   * scratch set, valid until this is next asked.
   */
  private candidateSet(plan: Plan): Uint32Array {
    const { words, acc, alt } = this;
    for (let w = 0; w < words; w++) acc[w] = 0;
    let p = 1;
    for (let a = plan[0]; a > 0; a--) {
      const n = plan[p++];
      // an alternative with a set no sentence holds is out before any sentence is read
      let k = 0;
      while (k < n && this.held(plan[p + k])) k++;
      if (k === n) {
        for (let w = 0; w < words; w++) alt[w] = 0xffffffff;
        // sets are read, and ANDed, until no sentence is left
        let any = 1;
        for (k = 0; k < n && any !== 0; k++) {
          const at = this.read(plan[p + k]);
          any = 0;
          for (let w = 0; w < words; w++) any |= alt[w] &= this.setBits[at + w];
        }
        if (any !== 0) for (let w = 0; w < words; w++) acc[w] |= alt[w];
      }
      p += n;
    }
    return acc;
  }
}
