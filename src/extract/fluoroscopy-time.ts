import type { Element, Span } from '../types.js';
import { isAffirmed, type Hit, type Scanner } from './scan.js';

export interface FluoroscopyTimeFact extends Element {
  seconds: number | null;
  /** a time written without a unit: flagged, never guessed */
  unitless: Span[];
}

const LEAD = String.raw`^[\s:=\-–—,]*(?:(?:was|were|is|of|approximately|approx\.?|about|roughly|total(?:ed|ing)?|totaling|equal(?:ed|s)? to|recorded as|measured|used|for|~|<|less than)\s*[:=]?\s*)*`;
const MMSS = new RegExp(LEAD + String.raw`(\d{1,2}):([0-5]\d)(?::([0-5]\d))?(?!\d)`, 'i');
const MIN_SEC = new RegExp(LEAD + String.raw`(\d+(?:\.\d+)?)\s*(?:minutes?|mins?\.?|m)\s*(?:and\s*|,\s*)?(\d+(?:\.\d+)?)\s*(?:seconds?|secs?\.?|s)\b`, 'i');
const ONE_UNIT = new RegExp(LEAD + String.raw`(\d+(?:\.\d+)?|\.\d+)\s*(minutes?|mins?\.?|m|seconds?|secs?\.?|s|hours?|hrs?)(?![a-z])`, 'i');
const UNITLESS = new RegExp(LEAD + String.raw`(\d+(?:\.\d+)?)(?![ \t]*(?:[a-zµμ%]|\d|[:.]\d))`, 'i');
const VALUE_BEFORE = /(\d+(?:\.\d+)?|\.\d+)\s*(minutes?|mins?\.?|seconds?|secs?\.?|s|m)\s*$/i;

const UNIT_IN_PARENS = /^\s*\((seconds?|secs?|s|minutes?|mins?|m)\)/i;

/** Seconds of a time value at the start of `after`, or what went wrong. */
export function parseTimeValue(after: string, doseUnits: RegExp): { seconds: number; length: number } | { unitless: number } | null {
  const paren = UNIT_IN_PARENS.exec(after);
  if (paren) {
    // "Fluoroscopy time (sec): 21"
    const rest = after.slice(paren[0].length);
    const v = UNITLESS.exec(rest);
    if (v) return { seconds: round(Number(v[1]) * (paren[1].toLowerCase().startsWith('m') ? 60 : 1)), length: paren[0].length + v[0].length };
  }
  let m = MMSS.exec(after);
  if (m) {
    const [a, b, c] = [Number(m[1]), Number(m[2]), m[3] === undefined ? undefined : Number(m[3])];
    return { seconds: c === undefined ? a * 60 + b : a * 3600 + b * 60 + c, length: m[0].length };
  }
  m = MIN_SEC.exec(after);
  if (m) return { seconds: round(Number(m[1]) * 60 + Number(m[2])), length: m[0].length };
  m = ONE_UNIT.exec(after);
  if (m) {
    const v = Number(m[1]);
    const u = m[2].toLowerCase();
    const factor = u.startsWith('h') ? 3600 : u.startsWith('m') ? 60 : 1;
    return { seconds: round(v * factor), length: m[0].length };
  }
  m = UNITLESS.exec(after);
  if (m) {
    doseUnits.lastIndex = 0;
    if (doseUnits.test(after.slice(m[0].length, m[0].length + 12))) return null;
    return { unitless: m[0].length };
  }
  return null;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** "Fluoroscopy time: 0.4 minutes" → 24 s; "fluoro time 1 min 5 sec" → 65; "00:45" → 45; doses are not times. */
export function findFluoroscopyTime(sc: Scanner): FluoroscopyTimeFact {
  const { text } = sc.note;
  const { labels, weakLabels, trailing, doseUnits } = sc.g.elements.fluoroscopyTime;
  const evidence: Span[] = [];
  const unitless: Span[] = [];
  let seconds: number | null = null;
  const read = (h: Hit, weak: boolean) => {
    if (!isAffirmed(sc.assess(h))) return;
    if (evidence.some((e) => e.offset < h.end && h.start < e.endOffset)) return;
    const section = sc.note.sections[sc.note.sentences[h.sentence].section];
    // the value may sit in the header's content on the next line
    const limit = Math.min(text.length, Math.max(h.end + 60, section.labelEnd === h.end ? section.contentStart + 60 : 0));
    const v = parseTimeValue(text.slice(h.end, limit), doseUnits);
    if (!v) return;
    if ('seconds' in v) {
      evidence.push(sc.span({ start: h.start, end: h.end + v.length }));
      seconds ??= v.seconds;
    } else if (!weak && !unitless.some((u) => u.offset < h.end && h.start < u.endOffset)) {
      unitless.push(sc.span({ start: h.start, end: h.end + v.unitless }));
    }
  };
  for (const h of sc.scan(labels)) read(h, false);
  for (const h of sc.scan(weakLabels)) {
    // a bare "time" counts only in an imaging section or beside a fluoroscopy word
    const isTime = /^(?:total )?time$/i.test(text.slice(h.start, h.end));
    if (isTime && sc.category(h) !== 'imaging-guidance' && !/fluoro/i.test(sc.sentenceText(h.sentence))) continue;
    if (isTime && /\b(?:start|end|stop|finish|procedure|arrival|discharge|sedation|time-?out|in|out)\s*$/i.test(text.slice(Math.max(0, h.start - 12), h.start))) continue; // a clock time
    read(h, true);
  }
  for (const h of sc.scan(trailing)) {
    if (!isAffirmed(sc.assess(h))) continue;
    const before = text.slice(Math.max(sc.note.sentences[h.sentence].start, h.start - 30), h.start);
    const m = VALUE_BEFORE.exec(before);
    if (!m) continue;
    const v = parseTimeValue(m[0], doseUnits);
    if (!v || !('seconds' in v)) continue;
    const start = h.start - before.length + m.index;
    if (evidence.some((e) => e.offset < h.end && start < e.endOffset)) continue;
    evidence.push(sc.span({ start, end: h.end }));
    seconds ??= v.seconds;
  }
  evidence.sort((a, b) => a.offset - b.offset);
  return { present: evidence.length > 0 || unitless.length > 0, evidence: [...evidence, ...unitless].sort((a, b) => a.offset - b.offset), seconds, unitless };
}
