/**
 * A cheap test that lets most grammar patterns skip a note (or a sentence) outright: the
 * word starts (first two or three letters) a pattern cannot match without. A pattern whose first words can be
 * read from its source — `\b(?:needle|tip)…`, `\bpalpat…|\bblind…` — needs one of their
 * prefixes among the text's word starts; any other pattern always runs.
 */
const KEY = 3;
const keysOf = new WeakMap<RegExp, string[] | null>();

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

export function patternKeys(re: RegExp): string[] | null {
  if (keysOf.has(re)) return keysOf.get(re)!;
  const top = topLevel(re.source, 0);
  let keys: string[] | null = [];
  for (const alt of top?.parts ?? [re.source]) {
    const k = alternativeKeys(alt);
    if (!k) { keys = null; break; }
    keys.push(...k);
  }
  keysOf.set(re, keys);
  return keys;
}

const WORD = /[A-Za-z]+/g;

/** The one-letter words and the two- and three-letter starts of longer words of text[start, end). */
export function wordStarts(text: string, start = 0, end = text.length): Set<string> {
  const out = new Set<string>();
  const slice = start === 0 && end === text.length ? text : text.slice(start, end);
  WORD.lastIndex = 0;
  for (let m = WORD.exec(slice); m; m = WORD.exec(slice)) {
    const w = m[0].toLowerCase();
    if (w.length === 1) { out.add(w); continue; }
    out.add(w.slice(0, 2));
    if (w.length >= KEY) out.add(w.slice(0, KEY));
  }
  return out;
}

/** False only when the pattern certainly cannot match a text with these word starts. */
export function mayMatch(re: RegExp, starts: Set<string>): boolean {
  const keys = patternKeys(re);
  return keys === null || keys.some((k) => starts.has(k));
}
