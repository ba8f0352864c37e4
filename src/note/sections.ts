import { createRequire } from 'node:module';
import type { Grammars, SectionCategory } from '../grammar/index.js';
import { codeUnits, isDigit, isSpace, isUpper } from './sentences.js';

export interface Section {
  /** Offsets of the header label (without '#', '**' or the colon); null for text before any header. */
  labelStart: number | null;
  labelEnd: number | null;
  label: string;
  category: SectionCategory;
  /** Where the header starts (its first character) and where the content starts and ends. */
  start: number;
  contentStart: number;
  end: number;
}

export interface Header {
  start: number;
  labelStart: number;
  labelEnd: number;
  contentStart: number;
}

// A label at line start: ALL CAPS or Title Case words, then a colon. Bullets and ** allowed around it.
// (an optional group written as an alternative with nothing: no repetition nested in another)
const LINE_HEADER = /[ \t]*(?:[-*•][ \t]+|)(?:\*\*|__)?([A-Za-z][A-Za-z0-9 /&(),'.#-]{0,58}?)[ \t]*(?::(?:\*\*|__)?|(?:\*\*|__):|[ \t]\.{3,})(?=[ \t]|$)/my;
// the line terminators of a /m pattern
const LINE_BREAK = /[\n\r\u2028\u2029]/g;
const OTHER_LINE_BREAK = /[\r\u2028\u2029]/;
// A flattened ALL-CAPS label inside a line, after a sentence end or a run of spaces (the run's
// last two: an unbounded run would be re-read from each of its spaces, quadratic in its length).
const INLINE_HEADER = /(?:[.!?][ \t]{1,3}|[ \t]{2})([A-Z][A-Z0-9/&(), -]{2,48}[A-Z)]):(?=[ \t]|$)/g;
const MD_HINT = /^[ \t]{0,3}#{1,6}[ \t]+\S/m;
const SMALL_WORDS = new Set(['of', 'and', 'for', 'the', 'to', 'in', 'with', 'on', 'or', 'a', 'an', 'at', 'by', '&', '/', 'vs']);

// labels repeat from note to note ("HPI", "Procedure"): each grammar remembers what it made of them
const headerLabels = new WeakMap<Grammars, Map<string, boolean>>();

function isHeaderLabel(label: string, g: Grammars): boolean {
  return remembered(headerLabels, g, label, isHeaderLabelAfresh);
}

function remembered<T>(memo: WeakMap<Grammars, Map<string, T>>, g: Grammars, label: string, compute: (label: string, g: Grammars) => T): T {
  let known = memo.get(g);
  if (!known) memo.set(g, (known = new Map()));
  let value = known.get(label);
  if (value === undefined) {
    value = compute(label, g);
    if (known.size >= 5000) known.clear();
    known.set(label, value);
  }
  return value;
}

// an ALL-CAPS label may run longer ("MEDICATIONS THAT MAY BE PRESCRIBED TO HELP ACNE INCLUDE:")
const MAX_HEADER_WORDS = { allCaps: 10, other: 8 };

/** ALL CAPS or Title Case; a short Sentence-case label only when the grammar knows it ("Imaging guidance:"). */
function isHeaderLabelAfresh(label: string, g: Grammars): boolean {
  // "FLUOROSCOPIC GUIDANCE (single session, both sides)": the parenthetical is not the label
  const words = label.replace(/\([^)]*\)/g, ' ').trim().split(/\s+/);
  if (words.length === 0 || words.length > MAX_HEADER_WORDS.allCaps) return false;
  if (!/[A-Za-z]{2}/.test(label)) return false;
  if (words.join('').replace(/[^A-Za-z]/g, '') === words.join('').replace(/[^A-Za-z]/g, '').toUpperCase()) return true;
  if (words.length > MAX_HEADER_WORDS.other) return false;
  if (words.every((w, i) => (i > 0 && SMALL_WORDS.has(w.toLowerCase())) || /^[A-Z0-9(]/.test(w))) return true;
  return words.length <= 5 && /^[A-Z]/.test(words[0]) && categorize(label, g) !== 'other';
}

export function normalizeLabel(label: string): string {
  if (plainLabel(label)) return label.toLowerCase();
  return label.toLowerCase().replace(/[#*_]/g, '').replace(/\s+/g, ' ').replace(/^[\s\-.:]+|[\s\-.:]+$/g, '');
}

/**
 * Is the label its own normal form but for case: no '#', '*' or '_', no space but single ' ',
 * no space, '-', '.' or ':' at either end? (most are: the replacements then change nothing)
 */
function plainLabel(label: string): boolean {
  const n = label.length;
  const ends = (c: number): boolean => isSpace(c) || TRIMMED.has(c);
  if (n === 0 || ends(label.charCodeAt(0)) || ends(label.charCodeAt(n - 1))) return false;
  for (let i = 1; i < n; i++) {
    const c = label.charCodeAt(i);
    if (c === 35 || c === 42 || c === 95 || (isSpace(c) && (c !== 32 || label.charCodeAt(i - 1) === 32))) return false;
  }
  return true;
}
const TRIMMED = codeUnits('-.:#*_');

const categories = new WeakMap<Grammars, Map<string, SectionCategory>>();

export function categorize(label: string, g: Grammars): SectionCategory {
  return remembered(categories, g, label, categorizeAfresh);
}

function categorizeAfresh(label: string, g: Grammars): SectionCategory {
  const key = normalizeLabel(label);
  const exact = g.sections.headers.get(key) ?? g.sections.headers.get(key.replace(/\(s\)$/, 's'));
  if (exact) return exact;
  for (const p of g.sections.patterns) {
    p.re.lastIndex = 0;
    if (p.re.test(key)) return p.category;
  }
  return 'other';
}

const NEXT_BREAK = /[\r\n]/g;

/** Where the line holding `from` ends (without copying the rest of the text: linear over a note); `cr`: the text holds a CR. */
function lineEnd(text: string, from: number, cr: boolean): number {
  if (!cr) {
    const lf = text.indexOf('\n', from);
    return lf < 0 ? text.length : lf;
  }
  NEXT_BREAK.lastIndex = from;
  return NEXT_BREAK.exec(text)?.index ?? text.length;
}

/** Is there anything but spaces in [from, to)? */
function textBefore(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return true;
  return false;
}

/**
 * Where a field ("Dx: trochanteric bursitis.") ends: at a blank line, or at a line break after
 * a finished sentence or a short line when the next line starts afresh (capital, bullet).
 */
function fieldEnd(text: string, from: number, limit: number, cr: boolean): number {
  for (let lineStart = from, i = lineEnd(text, from, cr); i < limit; i = lineEnd(text, lineStart, cr)) {
    // the line without its trailing spaces ends at `last`
    let last = i;
    while (last > lineStart && isSpace(text.charCodeAt(last - 1))) last--;
    let j = i + 1;
    if (text.charCodeAt(i) === 13 && text.charCodeAt(j) === 10) j++;
    // the next line's first character other than a space or tab, within its first four
    const within = Math.min(limit, j + 4);
    let k = j;
    while (k < within && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
    const c = k < within ? text.charCodeAt(k) : -1;
    if (c === -1 || c === 10 || c === 13) return i;
    const fresh = isUpper(c) || isDigit(c) || FIELD_OPENERS.has(c);
    if (fresh && ((last > lineStart && SENTENCE_END.has(text.charCodeAt(last - 1))) || last - lineStart < 60)) return i;
    lineStart = j;
  }
  return limit;
}
const FIELD_OPENERS = codeUnits('-*•#[');
const SENTENCE_END = codeUnits('.!?;');

// Markdown whose every heading is an ATX line at column 0 and that holds nothing able to hide or
// make one (a code fence, an HTML block, a setext underline, an indented '#'): its top-level
// headings are exactly those lines, read here without the full parse (a property test checks
// this against remark-parse, which reads every other note).
const ATX_LINE = /^(#{1,6})(?:[ \t]+(.*?)|)[ \t]*$/dgm;
const NOT_PLAIN_ATX = /^[ \t]*(?:```|~~~|<|=+[ \t]*$|-+[ \t]*$)|^[ \t]+#|\r/m;

export function plainAtxHeadings(text: string): Header[] | null {
  if (NOT_PLAIN_ATX.test(text)) return null;
  const out: Header[] = [];
  ATX_LINE.lastIndex = 0;
  for (let m = ATX_LINE.exec(text); m; m = ATX_LINE.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    // the content without an optional closing run of '#' ("## Plan ##")
    const content = (m[2] ?? '').replace(/(?:^|[ \t]+)#+$/, '');
    const labelStart = content ? m.indices![2]![0] : start;
    out.push({ start, labelStart, labelEnd: content ? labelStart + content.length : end, contentStart: end });
  }
  return out;
}

// remark-parse loads on the first note that needs it: most notes have no Markdown, or plain ATX headings
function remarkParser() {
  const require = createRequire(import.meta.url); // require(esm): Node 20.19 or later
  const { unified } = require('unified') as typeof import('unified');
  return unified().use((require('remark-parse') as typeof import('remark-parse')).default);
}
let parser: ReturnType<typeof remarkParser> | undefined;

/** Top-level headings as remark-parse reads them. */
export function remarkHeadings(text: string): Header[] {
  const tree = (parser ??= remarkParser()).parse(text);
  const out: Header[] = [];
  for (const node of tree.children) {
    if (node.type !== 'heading' || !node.position) continue;
    const start = node.position.start.offset!;
    const end = node.position.end.offset!;
    const first = node.children[0]?.position?.start.offset ?? start;
    const last = node.children[node.children.length - 1]?.position?.end.offset ?? end;
    out.push({ start, labelStart: first, labelEnd: last, contentStart: end });
  }
  return out;
}

/**
 * Matches of LINE_HEADER, one at most per line, at the line's start. A header line holds a colon
 * or an ellipsis, so the pattern runs on those lines only.
 */
export function lineHeaderMatches(text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let colon = text.indexOf(':');
  let dots = text.indexOf('...');
  const onlyLf = !OTHER_LINE_BREAK.test(text);
  for (let lineStart = 0; lineStart < text.length; ) {
    LINE_BREAK.lastIndex = lineStart;
    const lf = onlyLf ? text.indexOf('\n', lineStart) : (LINE_BREAK.exec(text)?.index ?? -1);
    const end = lf < 0 ? text.length : lf;
    if (colon >= 0 && colon < lineStart) colon = text.indexOf(':', lineStart);
    if (dots >= 0 && dots < lineStart) dots = text.indexOf('...', lineStart);
    LINE_HEADER.lastIndex = lineStart;
    const m = (colon >= 0 && colon < end) || (dots >= 0 && dots < end) ? LINE_HEADER.exec(text) : null;
    if (m) out.push(m);
    lineStart = end + 1;
  }
  return out;
}

const DASHED_HEADING = /^([ \t]*)([A-Z][A-Z /&]{2,30}[A-Z]) [-–—] (?=\S)/;

/**
 * A heading without a colon: a short line that is exactly a label the section grammar knows
 * ("Imaging", "FLUOROSCOPY"), or an ALL-CAPS line its patterns place ("CT GUIDANCE/FINDINGS"),
 * with the section's content on the lines below it.
 */
function bareHeadings(text: string, g: Grammars, cr: boolean): Header[] {
  const out: Header[] = [];
  // each line's end is found once: as the next line's end, then as its own
  let end = lineEnd(text, 0, cr);
  for (let start = 0; start < text.length; ) {
    const line = text.slice(start, end);
    const next = end < text.length ? lineEnd(text, end + 1, cr) : end;
    const colon = line.includes(':');
    // (most lines hold no spaced dash: the pattern is not run on them)
    const dashed = colon || !/ [-–—] /.test(line) ? null : DASHED_HEADING.exec(line);
    if (dashed && g.sections.headers.has(normalizeLabel(dashed[2]))) {
      // an ALL-CAPS heading the grammar knows, then a dash and its subject ("PROCEDURE - trigger point injections x2")
      const labelStart = start + dashed[1].length;
      out.push({ start, labelStart, labelEnd: labelStart + dashed[2].length, contentStart: start + dashed[0].length });
    } else if (line.length <= 40 && !colon) {
      const label = line.trim();
      // (a blank line is no label: nothing more is read)
      const known = label !== '' && textBefore(text, end, next) && (g.sections.headers.has(normalizeLabel(label)) || (label === label.toUpperCase() && categorize(label, g) !== 'other'));
      if (known && isHeaderLabel(label, g)) {
        const labelStart = start + line.indexOf(label);
        out.push({ start, labelStart, labelEnd: labelStart + label.length, contentStart: end });
      }
    }
    start = end + 1;
    end = next;
  }
  return out;
}

/** Splits a note into sections from Markdown headings and dictation headers. */
export function findSections(text: string, g: Grammars, markdown = text.includes('#') && MD_HINT.test(text)): Section[] {
  const headers: Header[] = markdown ? (plainAtxHeadings(text) ?? remarkHeadings(text)) : [];
  for (const m of lineHeaderMatches(text)) {
    const label = m[1];
    if (!isHeaderLabel(label, g)) continue;
    const labelStart = m.index + m[0].indexOf(label);
    headers.push({ start: m.index, labelStart, labelEnd: labelStart + label.trimEnd().length, contentStart: m.index + m[0].length });
  }
  const cr = text.includes('\r');
  headers.push(...bareHeadings(text, g, cr));
  INLINE_HEADER.lastIndex = 0;
  for (let m = INLINE_HEADER.exec(text); m; m = INLINE_HEADER.exec(text)) {
    const label = m[1].trim();
    if (label.split(/\s+/).length > 6 || !/[A-Z]{3}/.test(label)) continue;
    const labelStart = m.index + m[0].indexOf(m[1]) + (m[1].length - m[1].trimStart().length);
    headers.push({ start: labelStart, labelStart, labelEnd: labelStart + label.length, contentStart: m.index + m[0].length });
  }
  headers.sort((a, b) => a.start - b.start);
  const kept: Header[] = [];
  for (const h of headers) {
    const prev = kept[kept.length - 1];
    if (prev && h.start < prev.contentStart) continue; // a header inside another header's own line
    kept.push(h);
  }

  const sections: Section[] = [];
  const firstStart = kept.length ? kept[0].start : text.length;
  if (firstStart > 0 && text.slice(0, firstStart).trim() !== '') {
    sections.push({ labelStart: null, labelEnd: null, label: '', category: 'preamble', start: 0, contentStart: 0, end: firstStart });
  }
  kept.forEach((h, i) => {
    const label = text.slice(h.labelStart, h.labelEnd);
    const next = i + 1 < kept.length ? kept[i + 1].start : text.length;
    // "Sedation: moderate" is a field: its section ends at the paragraph's end, and the
    // untitled paragraph after it is narrative of its own
    const inline = textBefore(text, h.contentStart, lineEnd(text, h.contentStart, cr));
    const end = inline ? fieldEnd(text, h.contentStart, next, cr) : next;
    sections.push({ labelStart: h.labelStart, labelEnd: h.labelEnd, label, category: categorize(label, g), start: h.start, contentStart: h.contentStart, end });
    if (end < next && text.slice(end, next).trim() !== '') {
      sections.push({ labelStart: null, labelEnd: null, label: '', category: 'narrative', start: end, contentStart: end, end: next });
    }
  });
  if (sections.length === 0) sections.push({ labelStart: null, labelEnd: null, label: '', category: 'preamble', start: 0, contentStart: 0, end: text.length });
  return sections;
}
