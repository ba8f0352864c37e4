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

/** The word-start keys of one alternative, or null when it may begin otherwise. */
function alternativeKeys(alt: string): string[] | null {
  let s = alt.startsWith('\\b') ? alt.slice(2) : alt;
  if (s.startsWith('(?:')) {
    const group = topLevel(s, 3);
    if (!group) return null;
    const keys: string[] = [];
    for (const part of group.parts) {
      const k = alternativeKeys(part.startsWith('\\b') ? part : '\\b' + part);
      if (!k) return null;
      keys.push(...k);
    }
    const rest = s.slice(group.end + 1);
    if (/^[?*]|^\{0/.test(rest)) {
      // an optional group: the words after it may come first
      const after = alternativeKeys('\\b' + rest.replace(/^(?:[?*]|\{0,?\d*\})\??/, ''));
      if (!after) return null;
      keys.push(...after);
    }
    return keys;
  }
  const letters = /^[A-Za-z]+/.exec(s)?.[0] ?? '';
  const after = s.slice(letters.length, letters.length + 1);
  // "images?" keeps "image"; a shorter literal cannot key the pattern
  const usable = after === '?' || after === '*' || after === '{' ? letters.slice(0, -1) : letters;
  if (!alt.startsWith('\\b')) return null;
  // a one-letter word ("h/o", "s/p") keys only when a literal mark follows it
  if (usable.length === 1 && /^[/&'.-](?![?*])/.test(s.slice(1))) return [usable.toLowerCase()];
  if (usable.length < 2) return null;
  return [usable.slice(0, KEY).toLowerCase()];
}

function sourceKeys(re: RegExp): string[] | null {
  const top = topLevel(re.source, 0);
  const keys: string[] = [];
  for (const alt of top?.parts ?? [re.source]) {
    const k = alternativeKeys(alt);
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
