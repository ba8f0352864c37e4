export interface Sentence {
  start: number;
  end: number;
  /** index into the note's sections */
  section: number;
}

const ABBREVIATIONS = new Set(['dr', 'mr', 'mrs', 'ms', 'st', 'vs', 'approx', 'e.g', 'i.e', 'eg', 'ie', 'fig', 'ca', 'cf', 'al', 'inc', 'lt', 'rt', 'pt', 'pts', 'hx', 'dx', 'sx', 'tx', 'ext', 'int', 'lat', 'ant', 'post', 'sup', 'inf', 'min', 'max', 'sec', 'hrs', 'yrs', 'mos']);
const BULLET = /^[ \t]*(?:[-*•+]|\d{1,2}[.)]|[a-z][.)]|\[[ xX✓]?\])[ \t]/;

function isBoundaryAfterPeriod(text: string, dot: number): boolean {
  // the word before the period
  let i = dot - 1;
  while (i >= 0 && /[A-Za-z.]/.test(text[i])) i--;
  const word = text.slice(i + 1, dot).toLowerCase();
  if (ABBREVIATIONS.has(word)) return false;
  if (word === 'no' && /^\s*\d/.test(text.slice(dot + 1, dot + 4))) return false; // No. 3
  if (/^[a-z]$/.test(word)) return false; // initials, "L. knee"
  return true;
}

/**
 * Splits [start, end) into sentences: at . ! ? followed by space and a capital, digit or
 * bullet; at blank lines; at line breaks after terminal punctuation or a colon, or before a
 * bullet or a capitalised line. Offsets are exact; surrounding whitespace is trimmed.
 */
export function splitSentences(text: string, start: number, end: number, section: number, out: Sentence[] = []): Sentence[] {
  let s = start;
  const push = (a: number, b: number) => {
    while (a < b && /\s/.test(text[a])) a++;
    while (b > a && /\s/.test(text[b - 1])) b--;
    if (b > a) out.push({ start: a, end: b, section });
  };
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (c === '.' || c === '!' || c === '?') {
      let j = i + 1;
      while (j < end && (text[j] === ')' || text[j] === '"' || text[j] === "'")) j++;
      if (j >= end) continue;
      if (!/\s/.test(text[j])) continue;
      let k = j;
      while (k < end && /\s/.test(text[k])) k++;
      if (k >= end) continue;
      const next = text[k];
      if (/[A-Z0-9"'(\[#*•-]/.test(next) && (c !== '.' || isBoundaryAfterPeriod(text, i))) {
        push(s, j);
        s = j;
        i = j - 1;
      }
    } else if (c === '\n' || c === '\r') {
      let lineEnd = i;
      if (c === '\r' && text[i + 1] === '\n') i++;
      const nextLineStart = i + 1;
      // a blank line, or the next line is a bullet or starts with a capital
      let k = nextLineStart;
      while (k < end && (text[k] === ' ' || text[k] === '\t')) k++;
      const blank = k < end && (text[k] === '\n' || text[k] === '\r');
      let p = lineEnd - 1;
      while (p >= s && (text[p] === ' ' || text[p] === '\t')) p--;
      const prevChar = p >= s ? text[p] : '';
      const lineEndsSentence = /[.!?:;]/.test(prevChar);
      const nextIsNew = BULLET.test(text.slice(nextLineStart, Math.min(end, nextLineStart + 8))) || /[A-Z#*•\[]/.test(text[k] ?? '');
      if (blank || lineEndsSentence || nextIsNew || BULLET.test(text.slice(lineStartOf(text, lineEnd), lineEnd))) {
        push(s, lineEnd);
        s = nextLineStart;
      }
    }
  }
  push(s, end);
  return out;
}

function lineStartOf(text: string, offset: number): number {
  let i = offset - 1;
  while (i >= 0 && text[i] !== '\n' && text[i] !== '\r') i--;
  return i + 1;
}

export interface Token {
  start: number;
  end: number;
}

const WORD = /[A-Za-z0-9]+(?:['’\-.][A-Za-z0-9]+)*/g;

/** Word tokens of text[start, end) with exact offsets. */
export function tokenize(text: string, start = 0, end = text.length): Token[] {
  const out: Token[] = [];
  WORD.lastIndex = start;
  for (let m = WORD.exec(text); m && m.index < end; m = WORD.exec(text)) {
    out.push({ start: m.index, end: Math.min(end, m.index + m[0].length) });
  }
  return out;
}
