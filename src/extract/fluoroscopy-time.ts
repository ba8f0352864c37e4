import type { Element, Span } from '../types.js';
import { isAffirmed, type Scanner } from './scan.js';

export interface FluoroscopyTimeFact extends Element {
  seconds: number | null;
  /** a time written without a unit: flagged, never guessed */
  unitless: Span[];
}

const LEAD = String.raw`^[\s:=\-–—,]*(?:(?:was|were|is|of|approximately|approx\.?|about|roughly|total(?:ed|ing)?|totaling|equal(?:ed|s)? to|recorded as|measured|used|for|~|<|less than)\s*[:=]?\s*)*`;
const MMSS = new RegExp(LEAD + String.raw`(\d{1,2}):(\d{2})(?::(\d{2}))?(?!\d)`, 'i');
const MIN_SEC = new RegExp(LEAD + String.raw`(\d+(?:\.\d+)?)\s*(?:minutes?|mins?\.?|m)\s*(?:and\s*|,\s*)?(\d+(?:\.\d+)?)\s*(?:seconds?|secs?\.?|s)\b`, 'i');
const ONE_UNIT = new RegExp(LEAD + String.raw`(\d+(?:\.\d+)?|\.\d+)\s*(minutes?|mins?\.?|m|seconds?|secs?\.?|s|hours?|hrs?)(?![a-z])`, 'i');
const UNITLESS = new RegExp(LEAD + String.raw`(\d+(?:\.\d+)?)(?!\s*(?:[a-zµμ%]|\d|[:.]\d))`, 'i');
const VALUE_BEFORE = /(\d+(?:\.\d+)?|\.\d+)\s*(minutes?|mins?\.?|seconds?|secs?\.?|s|m)\s*$/i;

/** Seconds of a time value at the start of `after`, or what went wrong. */
export function parseTimeValue(after: string, doseUnits: RegExp): { seconds: number; length: number } | { unitless: number } | null {
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
  const { labels, trailing, doseUnits } = sc.g.elements.fluoroscopyTime;
  const evidence: Span[] = [];
  const unitless: Span[] = [];
  let seconds: number | null = null;
  for (const h of sc.scan(labels)) {
    if (!isAffirmed(sc.assess(h))) continue;
    const section = sc.note.sections[sc.note.sentences[h.sentence].section];
    // the value may sit in the header's content on the next line
    const limit = Math.min(text.length, Math.max(h.end + 60, section.labelEnd === h.end ? section.contentStart + 60 : 0));
    const after = text.slice(h.end, limit);
    const v = parseTimeValue(after, doseUnits);
    if (!v) continue;
    if ('seconds' in v) {
      evidence.push(sc.span({ start: h.start, end: h.end + v.length }));
      seconds ??= v.seconds;
    } else {
      unitless.push(sc.span({ start: h.start, end: h.end + v.unitless }));
    }
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
  return { present: evidence.length > 0 || unitless.length > 0, evidence, seconds, unitless };
}
