import { firstAtLeast } from './sorted.js';

export interface Sentence {
  start: number;
  end: number;
  /** index into the note's sections */
  section: number;
}

const ABBREVIATIONS = new Set(['dr', 'mr', 'mrs', 'ms', 'st', 'vs', 'approx', 'e.g', 'i.e', 'eg', 'ie', 'fig', 'ca', 'cf', 'al', 'inc', 'lt', 'rt', 'pt', 'pts', 'hx', 'dx', 'sx', 'tx', 'ext', 'int', 'lat', 'ant', 'post', 'sup', 'inf', 'min', 'max', 'sec', 'hrs', 'yrs', 'mos']);
const BULLET = /^[ \t]*(?:[-*•+]|\d{1,2}[.)]|[a-z][.)]|\[[ xX✓]?\])[ \t]/;

/** An ASCII letter, either case */
const isLetter = (c: number): boolean => (c | 32) >= 97 && (c | 32) <= 122;

/** The word before a period, dots kept ("b.i.d", "Dr", "L"). */
function wordBefore(text: string, dot: number): string {
  let i = dot - 1;
  while (i >= 0 && (text.charCodeAt(i) === 46 || isLetter(text.charCodeAt(i)))) i--;
  return text.slice(i + 1, dot);
}

function isBoundaryAfterPeriod(text: string, dot: number): boolean {
  const word = wordBefore(text, dot).toLowerCase();
  if (ABBREVIATIONS.has(word)) return false;
  if (word === 'no' && /^\s*\d/.test(text.slice(dot + 1, dot + 4))) return false; // No. 3
  if (/^[a-z]$/.test(word)) return false; // initials, "L. knee"
  return true;
}

/** The word before the period is letters only, two or more (not "b.i.d", "L", "5"). */
function plainWordBefore(text: string, dot: number): boolean {
  const word = wordBefore(text, dot);
  return word.length >= 2 && !word.includes('.');
}

// JavaScript's \s, by code unit
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x1680 || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

export const isUpper = (c: number): boolean => c >= 65 && c <= 90;
/** The code units of the characters, as a set to test `charCodeAt` against */
export const codeUnits = (chars: string): Set<number> => new Set([...chars].map((ch) => ch.charCodeAt(0)));
export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
// after ". ", what may open a sentence: a capital, digit, quote, bracket, heading mark or bullet
const OPENERS = codeUnits(`"'([#*•-`);
// what may open a line that starts a sentence of its own
const LINE_OPENERS = codeUnits('#*•[');
const LINE_BULLET = new RegExp(BULLET.source.slice(1), 'y');

// Speech recognition that writes the speaker's punctuation as words: "… consent was signed period the
// patient was placed prone …", "new paragraph". Not the noun ("a period of observation").
const SPOKEN_STOP = /\b(?:period|full stop|new paragraph|next paragraph)\b(?! of\b)/gi;
// the words a spoken stop cannot be without: with no leading \b, V8 skips through a note that
// lacks them about twice as fast as SPOKEN_STOP reads it (most notes say none)
const SPOKEN_WORD = /period|full stop|paragraph/i;
const WRITTEN_STOP = /[.!?]\s/;

/** Where the speaker's spoken stops end, in text order (none in a note that says none). */
export function spokenStops(text: string): number[] {
  const out: number[] = [];
  if (!SPOKEN_WORD.test(text)) return out;
  SPOKEN_STOP.lastIndex = 0;
  for (let m = SPOKEN_STOP.exec(text); m; m = SPOKEN_STOP.exec(text)) out.push(m.index + m[0].length);
  return out;
}

/**
 * Splits [start, end) into sentences, first at the spoken stops of an unpunctuated dictation
 * (two or more of them, and no written sentence end), then as below.
 */
export function splitSentences(text: string, start: number, end: number, section: number, out: Sentence[] = [], spoken: readonly number[] = [], stops = new Stops(text)): Sentence[] {
  const from = firstAtLeast(spoken, start);
  const to = firstAtLeast(spoken, end);
  if (to - from < 2 || WRITTEN_STOP.test(text.slice(start, end))) return splitWritten(text, start, end, section, out, stops);
  let a = start;
  for (let i = from; i < to; i++) {
    splitWritten(text, a, spoken[i], section, out, stops);
    a = spoken[i];
  }
  return splitWritten(text, a, end, section, out, stops);
}

/**
 * Splits [start, end) into sentences: at . ! ? followed by space and a capital, digit or
 * bullet (after a plain word's period, a lower-case letter too); at blank lines; at line breaks
 * after terminal punctuation or a colon, or before a bullet or a capitalised line. Offsets are exact; surrounding whitespace is trimmed.
 */
function splitWritten(text: string, start: number, end: number, section: number, out: Sentence[], stops: Stops): Sentence[] {
  let s = start;
  // where the current line starts, carried from break to break rather than searched back for
  let lineStart = lineStartOf(text, start);
  const push = (a: number, b: number) => {
    while (a < b && isSpace(text.charCodeAt(a))) a++;
    while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
    if (b > a) out.push({ start: a, end: b, section });
  };
  // only a . ! ? or line break can end a sentence: the loop visits those
  for (let i = stops.next(start); i < end; i = stops.next(i + 1)) {
    const c = text.charCodeAt(i);
    if (c === 46 || c === 33 || c === 63) { // . ! ?
      let j = i + 1;
      while (j < end && (text[j] === ')' || text[j] === '"' || text[j] === "'")) j++;
      if (j >= end) continue;
      if (!isSpace(text.charCodeAt(j))) continue;
      let k = j;
      while (k < end && isSpace(text.charCodeAt(k))) k++;
      if (k >= end) continue;
      const next = text.charCodeAt(k);
      // dictation without capitals ("… tolerated well. fluoroscopy confirmed …"): a period after a
      // plain word of two letters or more ends the sentence too
      const lowerOpens = c === 46 && next >= 97 && next <= 122 && plainWordBefore(text, i);
      if ((isUpper(next) || isDigit(next) || OPENERS.has(next) || lowerOpens) && (c !== 46 || isBoundaryAfterPeriod(text, i))) {
        push(s, j);
        s = j;
        i = j - 1;
      }
    } else if (c === 10 || c === 13) {
      const lineEnd = i;
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      const nextLineStart = i + 1;
      // a blank line, or the next line is a bullet or starts with a capital
      let k = nextLineStart;
      while (k < end && (text[k] === ' ' || text[k] === '\t')) k++;
      const blank = k < end && (text[k] === '\n' || text[k] === '\r');
      let p = lineEnd - 1;
      while (p >= s && (text[p] === ' ' || text[p] === '\t')) p--;
      const lineEndsSentence = p >= s && '.!?:;'.includes(text[p]);
      const first = text.charCodeAt(k);
      const nextIsNew = BULLET.test(text.slice(nextLineStart, Math.min(end, nextLineStart + 8))) || isUpper(first) || LINE_OPENERS.has(first);
      LINE_BULLET.lastIndex = lineStart;
      lineStart = nextLineStart;
      if (blank || lineEndsSentence || nextIsNew || (LINE_BULLET.test(text) && LINE_BULLET.lastIndex <= lineEnd)) {
        push(s, lineEnd);
        s = nextLineStart;
      }
    }
  }
  push(s, end);
  return out;
}

const STOP_CHARACTERS = ['.', '!', '?', '\n', '\r'];

/**
 * Where the next . ! ? or line break is, from an offset on: each character looked for with
 * indexOf (far faster than reading every character), remembered while the offsets asked grow
 * (a note's sections are split in text order).
 */
export class Stops {
  /** per character, its next offset at or after `last` (text.length: none); -1 not looked for */
  private readonly found = STOP_CHARACTERS.map(() => -1);
  private last = 0;

  constructor(private readonly text: string) {}

  next(from: number): number {
    const { found, text } = this;
    if (from < this.last) found.fill(-1);
    this.last = from;
    let nearest = text.length;
    for (let k = 0; k < found.length; k++) {
      if (found[k] < from) {
        const at = text.indexOf(STOP_CHARACTERS[k], from);
        found[k] = at < 0 ? text.length : at;
      }
      if (found[k] < nearest) nearest = found[k];
    }
    return nearest;
  }
}

function lineStartOf(text: string, offset: number): number {
  let i = offset - 1;
  while (i >= 0 && text[i] !== '\n' && text[i] !== '\r') i--;
  return i + 1;
}

/** Word tokens' offsets, in text order: token i is [starts[i], ends[i]). */
export interface Tokens {
  starts: number[];
  ends: number[];
}

const isAlnum = (c: number): boolean => isLetter(c) || isDigit(c);
// a single apostrophe, hyphen or period joins letters and digits ("L4-5", "patient's")
const isJoiner = (c: number): boolean => c === 39 || c === 0x2019 || c === 45 || c === 46;

/**
 * Word tokens of text[start, end) with exact offsets: letters and digits, joined by single
 * apostrophes, hyphens or periods (as two arrays: a token object each cost more than the search).
 */
export function tokenize(text: string, start = 0, end = text.length): Tokens {
  const out: Tokens = { starts: [], ends: [] };
  for (let i = start; i < end; ) {
    if (!isAlnum(text.charCodeAt(i))) { i++; continue; }
    const from = i++;
    for (;;) {
      if (isAlnum(text.charCodeAt(i))) i++;
      else if (isJoiner(text.charCodeAt(i)) && isAlnum(text.charCodeAt(i + 1))) i += 2;
      else break;
    }
    out.starts.push(from);
    out.ends.push(Math.min(end, i));
  }
  return out;
}
