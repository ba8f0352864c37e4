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
// wide, as simplified() folds the alternatives spread opens back into a few: a group of many
// words, or words deep in a pattern, let fewer sentences through (of the visits the prefilter
// sends to a pattern on the bench notes, 36 % match nothing, against 41 % at 64 keys, 3 words
// and 32 sequences; more sequences cost plans made from source, in tests, more than they save)
const MAX_KEYS = 256;
const MAX_WORDS = 5;
const MAX_SPREAD = 64;

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

/** Is every key of `a` in `b`? (a sentence holding a key of a then holds one of b) */
const within = (a: string[], b: string[]): boolean => a.every((k) => b.includes(k));
/** Does alternative `b` hold wherever `a` does (each of b's sets implied by one of a's), so `a` adds nothing beside it? */
const implies = (a: string[][], b: string[][]): boolean => b.every((sb) => a.some((sa) => within(sa, sb)));
/** Without each item another makes redundant (`covers(y, x)`: where y holds, x does); of two alike, the first kept. */
const pruned = <T>(xs: T[], covers: (y: T, x: T) => boolean): T[] => xs.filter((x, i) => !xs.some((y, j) => j !== i && covers(y, x) && (j < i || !covers(x, y))));
/** an alternative's sets, each sorted and without repeats, less those another set of it implies */
const setsOf = (sets: string[][]): string[][] => pruned(sets.map((keys) => [...new Set(keys)].sort()), within);

/**
 * The same test in fewer alternatives, for SentenceKeys' loops (spread opens a group of n words
 * into n alternatives alike but for one set): an alternative that holds only where another does
 * dropped, and two that differ in one set made one with both sets' keys, A∧S ∨ A∧T = A∧(S∪T).
 */
function simplified(plan: KeyPlan): KeyPlan {
  let alts = plan.map(setsOf);
  for (let changed = true; changed; ) {
    let merged = false;
    // alternatives alike but for one set share the signature of their other sets
    const out: KeyPlan = [];
    const bySignature = new Map<string, number>();
    /** by alternative of out merged into, the signature it merged by: its other signatures are stale */
    const mergedBy = new Map<number, string>();
    for (const a of alts) {
      const signatures = a.map((_, k) => `${a.length}|${a.filter((_, i) => i !== k).map((keys) => keys.join(' ')).sort().join('|')}`);
      const k = signatures.findIndex((sig) => bySignature.has(sig) && (mergedBy.get(bySignature.get(sig)!) ?? sig) === sig);
      if (k < 0) {
        for (const sig of signatures) bySignature.set(sig, out.length);
        out.push(a);
        continue;
      }
      const j = bySignature.get(signatures[k])!;
      const b = out[j];
      // b's set that a lacks, and a's set k, make one
      const other = b.findIndex((sb) => !a.some((sa, i) => i !== k && sa.join(' ') === sb.join(' ')));
      out[j] = setsOf(b.map((sb, i) => (i === other ? [...sb, ...a[k]] : sb)));
      // a set the union implies dropped: the signature no longer says what the others are
      mergedBy.set(j, out[j].length === b.length ? signatures[k] : '');
      merged = true;
    }
    // (pruned after merging: it compares every two alternatives, and merging leaves few)
    alts = merged ? out : pruned(out, (b, a) => implies(a, b));
    changed = merged || alts.length < out.length;
  }
  return alts;
}

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
    const known = (plan: KeyPlan): KeyPlan | null => (plan.some((sets) => sets.length === 0) ? null : simplified(plan));
    // groups opened where every sequence still needs a word, else each alternative as written
    return known(pattern.alternatives.flatMap((alt) => spread(alt.elements)).map(wordSets)) ?? known(pattern.alternatives.map((alt) => wordSets(inline(alt.elements))));
  } finally {
    atoms.clear();
  }
}

/** Keys by id: a word start ("inj"), or a whole word ("in$"). */
const keyIds = new Map<string, number>();

function idOf(key: string): number {
  let id = keyIds.get(key);
  if (id === undefined) {
    keyIds.set(key, (id = keyIds.size));
    trie = undefined;
  }
  return id;
}

// The keys' letters in a trie, so reading a text's words allocates nothing and leaves a word as
// soon as no key starts with its letters so far. A node is a row of ROW values: at 0, 1 + the id
// of the key "a word starting with these letters" (0 for none); at 1 … 26, its child by letter a
// … z (0 for none: node 0, the root, is no one's child); at 27, 1 + the id of the key "exactly
// this word". Nodes are numbered breadth first, in 16-bit rows where they fit: the short starts
// every word reads first share a few cache lines (32-bit rows by order of registration spanned
// ~480 KB, and the loads down the trie are most of SentenceKeys' time).
const ROW = 28;
/** made when first read after keys were added */
let trie: Uint16Array | Uint32Array | undefined;

function trieOfKeys(): Uint16Array | Uint32Array {
  interface Node { children: Map<number, Node>; start: number; word: number }
  const made = (): Node => ({ children: new Map(), start: 0, word: 0 });
  const root = made();
  for (const [key, id] of keyIds) {
    const letters = key.replace(EXACT, '');
    let node = root;
    for (let i = 0; i < letters.length; i++) {
      const l = letters.charCodeAt(i) - 96;
      let next = node.children.get(l);
      if (!next) node.children.set(l, (next = made()));
      node = next;
    }
    if (letters === key) node.start = id + 1;
    else node.word = id + 1;
  }
  const order = [root];
  for (let i = 0; i < order.length; i++) for (const l of [...order[i].children.keys()].sort((a, b) => a - b)) order.push(order[i].children.get(l)!);
  const number = new Map(order.map((node, i) => [node, i]));
  const rows = Math.max(order.length, keyIds.size + 1) < 0x10000 ? new Uint16Array(order.length * ROW) : new Uint32Array(order.length * ROW);
  order.forEach((node, i) => {
    rows[i * ROW] = node.start;
    for (const [l, next] of node.children) rows[i * ROW + l] = number.get(next)!;
    rows[i * ROW + ROW - 1] = node.word;
  });
  return rows;
}

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

function setIdOf(ids: number[]): number {
  const signature = ids.join(' ');
  let id = setIdOfKeys.get(signature);
  if (id === undefined) {
    id = setStart.length - 1;
    setKeys.push(...ids);
    setStart.push(setKeys.length);
    setIdOfKeys.set(signature, id);
  }
  return id;
}

/** A typed array grown: the old one's values copied into the new. */
const grown = <T extends Int32Array | Uint32Array>(old: T, made: T): T => (made.set(old), made);
/** `rows`, or a copy twice as long when it holds fewer than `needed` values */
const withRoom = (rows: Uint32Array, needed: number): Uint32Array => (needed > rows.length ? grown(rows, new Uint32Array(rows.length * 2)) : rows);

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

const ABSENT = 1;
const HELD = 2;
const READ = 3;

/**
 * The keys of a note's sentences as bit sets (one per key, a bit per sentence): the sentences a
 * pattern may match in come from a few word-wide ORs and ANDs instead of a test per sentence.
 */
export class SentenceKeys {
  private readonly words: number;
  // A note holds a few hundred of the keys and reads a few hundred of the sets: their sentences
  // are kept in rows made as they are met, not in tables over every key and set (most of a
  // note's time here went to allocating those).
  /** by key id: 0 if no sentence holds the key (most patterns need a word the note lacks, and stop there), else 1 + its row in keyRows */
  private readonly rowOfKey: Int32Array;
  /** the sentences holding each key held, `words` per row */
  private keyRows: Uint32Array;
  private keyRowCount = 0;
  /** scratch: the candidates (words 0 … words - 1), then one alternative's (the next `words`) */
  private readonly scratch: Uint32Array;
  /**
   * per key set, by set id, found when first asked: ABSENT if no sentence holds a key of it (most
   * sets: the note lacks their words), HELD if one does, READ + r once row r of setRows holds which
   */
  private setState: Int32Array;
  /** the sentences holding a key of each set read, `words` per row */
  private setRows: Uint32Array;
  private setRowCount = 0;

  constructor(text: string, sentences: readonly { start: number; end: number }[]) {
    const words = (this.words = Math.max(1, Math.ceil(sentences.length / 32)));
    const rowOfKey = (this.rowOfKey = new Int32Array(keyIds.size));
    const rows = (trie ??= trieOfKeys());
    this.keyRows = new Uint32Array(256 * words);
    this.setRows = new Uint32Array(64 * words);
    this.scratch = new Uint32Array(2 * words);
    this.setState = new Int32Array(setStart.length - 1);
    // each key of each word (its two- to KEY-letter starts; the word itself, if shorter than
    // KEY) that some pattern needs; written out, as this loop reads every letter of every note
    for (let i = 0; i < sentences.length; i++) {
      const w = i >>> 5;
      const bit = 1 << (i & 31);
      const end = sentences[i].end;
      let at = sentences[i].start;
      while (at < end) {
        if (!letter(text.charCodeAt(at))) { at++; continue; }
        // down the trie letter by letter, each start that is a key marked; off it, the word is read to its end
        let row = 0;
        for (; at < end; at++) {
          const l = letter(text.charCodeAt(at));
          if (!l) break;
          if (row < 0) continue;
          const next = rows[row + l];
          row = next === 0 ? -1 : next * ROW;
          const id = row < 0 ? 0 : rows[row];
          if (id !== 0) this.mark(id - 1, rowOfKey, w, bit);
        }
        // and the word itself (no key of KEY letters or more is a whole word)
        const id = row < 0 ? 0 : rows[row + ROW - 1];
        if (id !== 0) this.mark(id - 1, rowOfKey, w, bit);
      }
    }
  }

  /** Marks key `id` held in the sentence of bit `bit` of word `w` (its row made on first use). */
  private mark(id: number, rowOfKey: Int32Array, w: number, bit: number): void {
    let row = rowOfKey[id];
    if (row === 0) {
      row = rowOfKey[id] = ++this.keyRowCount;
      this.keyRows = withRoom(this.keyRows, row * this.words);
    }
    this.keyRows[(row - 1) * this.words + w] |= bit;
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
        if (!this.held(s)) break;
        // (read first: it may grow setRows)
        if (bit !== 0) {
          const at = this.read(s);
          if ((this.setRows[at + w] & bit) === 0) break;
        }
      }
      if (k === n) return true;
      p += n;
    }
    return false;
  }

  /** 1 + the row of key `id` in keyRows; 0 if no sentence holds it (or it was registered since the text was read). */
  private rowOf(id: number): number {
    return id < this.rowOfKey.length ? this.rowOfKey[id] : 0;
  }

  /** Does some sentence hold a key of set s? (asked of a few hundred sets a note, of the grammar's thousands) */
  private held(s: number): boolean {
    // room for the sets registered since the text was read
    if (s >= this.setState.length) this.setState = grown(this.setState, new Int32Array(setStart.length - 1));
    let state = this.setState[s];
    if (state === 0) {
      state = ABSENT;
      for (let k = setStart[s]; k < setStart[s + 1] && state === ABSENT; k++) if (this.rowOf(setKeys[k]) !== 0) state = HELD;
      this.setState[s] = state;
    }
    return state !== ABSENT;
  }

  /** Where the sentences of set s (held) start in setRows, read on first use. */
  private read(s: number): number {
    const { words, keyRows } = this;
    if (this.setState[s] >= READ) return (this.setState[s] - READ) * words;
    const row = this.setRowCount++;
    const setRows = (this.setRows = withRoom(this.setRows, (row + 1) * words));
    const at = row * words;
    for (let k = setStart[s]; k < setStart[s + 1]; k++) {
      const r = this.rowOf(setKeys[k]);
      if (r !== 0) for (let w = 0, base = (r - 1) * words; w < words; w++) setRows[at + w] |= keyRows[base + w];
    }
    this.setState[s] = READ + row;
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
    // acc: words 0 … words - 1 of the scratch; alt: the next words
    const { words, scratch } = this;
    for (let w = 0; w < words; w++) scratch[w] = 0;
    let p = 1;
    for (let a = plan[0]; a > 0; a--) {
      const n = plan[p++];
      // an alternative with a set no sentence holds is out before any sentence is read
      let k = 0;
      while (k < n && this.held(plan[p + k])) k++;
      if (k === n) {
        for (let w = 0; w < words; w++) scratch[words + w] = 0xffffffff;
        // sets are read, and ANDed, until no sentence is left
        let any = 1;
        for (k = 0; k < n && any !== 0; k++) {
          const at = this.read(plan[p + k]);
          any = 0;
          for (let w = 0; w < words; w++) any |= scratch[words + w] &= this.setRows[at + w];
        }
        if (any !== 0) for (let w = 0; w < words; w++) scratch[w] |= scratch[words + w];
      }
      p += n;
    }
    return scratch;
  }
}
