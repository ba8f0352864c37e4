import type { Span } from '../types.js';
import type { DurationElement, DurationValue } from '../grammar/elements.js';
import { GrowingSpans, isAffirmed, IMAGING_SECTION, type Hit, type Scanner } from './scan.js';
import { compromise } from '../context/nlp.js';
import type { ElementFact } from './element-fact.js';

export interface DurationFact extends ElementFact {
  seconds: number | null;
  /** a time written without a unit: flagged, never guessed */
  unitless: Span[];
}

/** How much of `after` the lead punctuation and words ("is approximately") take. */
function leadLength(after: string, v: DurationValue): number {
  let at = v.leadPunctuation.exec(after)![0].length;
  for (let m = v.leadWord.exec(after.slice(at)); m && m[0].length; m = v.leadWord.exec(after.slice(at))) at += m[0].length;
  return at;
}

/** Seconds of a time value at the start of `after` (past its lead words), or what went wrong. */
export function parseTimeValue(after: string, v: DurationValue, doseUnits: RegExp, clockTimeBefore?: RegExp): { seconds: number; length: number } | { unitless: number } | null {
  const paren = v.unitInParens.exec(after);
  if (paren) {
    // "Fluoroscopy time (sec): 21"
    const rest = after.slice(paren[0].length);
    const skip = leadLength(rest, v);
    const n = v.unitless.exec(rest.slice(skip));
    if (n) return { seconds: round(Number(n[1]) * unitFactor(paren[1], v)), length: paren[0].length + skip + n[0].length };
  }
  const skip = leadLength(after, v);
  const value = after.slice(skip);
  const unit = valueWithUnit(value, v);
  if (unit) return { seconds: unit.seconds, length: skip + unit.length };
  const said = spokenValue(value, v);
  if (said) return { seconds: said.seconds, length: skip + said.length };
  const m = v.unitless.exec(value);
  if (m) {
    doseUnits.lastIndex = 0;
    if (doseUnits.test(value.slice(m[0].length, m[0].length + 12))) return null;
    return { unitless: skip + m[0].length };
  }
  return valueFurtherOn(value, skip, v, clockTimeBefore);
}

/** A value in digits with its unit at the start of `value`: "1:12", "1 min 5 sec", "0.4 minutes". */
function valueWithUnit(value: string, v: DurationValue): { seconds: number; length: number } | null {
  let m = v.clock.exec(value);
  if (m) {
    const [a, b, c] = [Number(m[1]), Number(m[2]), m[3] === undefined ? undefined : Number(m[3])];
    return { seconds: c === undefined ? a * 60 + b : a * 3600 + b * 60 + c, length: m[0].length };
  }
  m = v.minSec.exec(value);
  if (m) return { seconds: round(Number(m[1]) * 60 + Number(m[2])), length: m[0].length };
  m = v.oneUnit.exec(value);
  return m ? { seconds: round(Number(m[1]) * unitFactor(m[2], v)), length: m[0].length } : null;
}

function unitFactor(unit: string, v: DurationValue): number {
  return v.hours.test(unit) ? 3600 : v.minutes.test(unit) ? 60 : 1;
}

/** A number said in words ("forty two", "point four"), as compromise reads it. */
function wordsToNumber(words: string): number | null {
  const w = words.trim().replace(/[ -]+and$/i, '');
  const got = compromise()(/^point\b/i.test(w) ? `zero ${w}` : w).numbers().get() as unknown;
  const n = Array.isArray(got) ? got[0] : got;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** "forty two seconds", "point three minutes", "one minute forty eight seconds". */
function spokenValue(value: string, v: DurationValue): { seconds: number; length: number } | null {
  const ms = v.spokenMinSec.exec(value);
  if (ms) {
    const [a, b] = [wordsToNumber(ms[1]), wordsToNumber(ms[2])];
    if (a !== null && b !== null) return { seconds: round(a * 60 + b), length: ms[0].length };
  }
  const m = v.spoken.exec(value);
  if (!m) return null;
  const n = wordsToNumber(m[1]);
  return n === null ? null : { seconds: round(n * unitFactor(m[2], v)), length: m[0].length };
}

/**
 * A value with its unit a few words past the label ("Large C-arm, 38 seconds total"): the first
 * number within the grammar's reach, before any sentence ends, and only with a time unit.
 */
function valueFurtherOn(value: string, skip: number, v: DurationValue, clockTimeBefore?: RegExp): { seconds: number; length: number } | null {
  const window = value.slice(0, v.skip);
  // the first number, in digits or in words
  const at = window.search(/\d/);
  const said = v.spokenStart.exec(window);
  const from = said && (at < 0 || said.index < at) ? said.index : at;
  if (from <= 0 || /\.\s|\n\s*\n/.test(window.slice(0, from))) return null;
  // "Fluoroscopy start 13:05" is a clock time
  if (clockTimeBefore?.test(window.slice(0, from))) return null;
  const rest = value.slice(from);
  const unit = valueWithUnit(rest, v);
  if (unit) return { seconds: unit.seconds, length: skip + from + unit.length };
  const spoken = spokenValue(rest, v);
  return spoken ? { seconds: spoken.seconds, length: skip + from + spoken.length } : null;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** "Fluoroscopy time: 0.4 minutes" → 24 s; "fluoro time 1 min 5 sec" → 65; "00:45" → 45; doses are not times. */
export function findDurationElement(sc: Scanner, spec: DurationElement): DurationFact {
  const { text } = sc.note;
  const { labels, weakLabels, trailing, doseUnits, value } = spec;
  const evidence: Span[] = [];
  const unitless: Span[] = [];
  // what is already evidence (or a unitless time), asked of each later hit
  const taken = new GrowingSpans();
  const takenUnitless = new GrowingSpans();
  let seconds: number | null = null;
  const read = (h: Hit, weak: boolean) => {
    if (!isAffirmed(sc.assess(h))) return;
    if (taken.overlaps(h.start, h.end)) return;
    const section = sc.note.sections[sc.note.sentences[h.sentence].section];
    // the value may sit in the header's content on the next line
    const limit = Math.min(text.length, Math.max(h.end + 60, section.labelEnd === h.end ? section.contentStart + 60 : 0));
    const v = parseTimeValue(text.slice(h.end, limit), value, doseUnits, spec.clockTimeBefore);
    if (!v) return;
    if ('seconds' in v) {
      evidence.push(sc.span({ start: h.start, end: h.end + v.length }));
      taken.add(h.start, h.end + v.length);
      seconds ??= v.seconds;
    } else if (!weak && !takenUnitless.overlaps(h.start, h.end)) {
      unitless.push(sc.span({ start: h.start, end: h.end + v.unitless }));
      takenUnitless.add(h.start, h.end + v.unitless);
    }
  };
  for (const h of sc.scan(labels)) read(h, false);
  for (const h of sc.scan(weakLabels)) {
    // a bare "time" counts only in an imaging section or beside the modality's word
    const isTime = spec.bareTime.test(text.slice(h.start, h.end));
    if (isTime && sc.category(h) !== IMAGING_SECTION && !sc.sentenceMatches(spec.bareTimeNeeds, h.sentence)) continue;
    if (isTime && spec.clockTimeBefore.test(text.slice(Math.max(0, h.start - 12), h.start))) continue; // a clock time
    read(h, true);
  }
  for (const h of sc.scan(trailing)) {
    // the value first: most modality words have none before them, and assessing is dearer
    const before = text.slice(Math.max(sc.note.sentences[h.sentence].start, h.start - 30), h.start);
    const m = value.before.exec(before);
    if (!m || !isAffirmed(sc.assess(h))) continue;
    const v = parseTimeValue(m[0], value, doseUnits);
    if (!v || !('seconds' in v)) continue;
    const start = h.start - before.length + m.index;
    if (taken.overlaps(start, h.end)) continue;
    evidence.push(sc.span({ start, end: h.end }));
    taken.add(start, h.end);
    seconds ??= v.seconds;
  }
  evidence.sort((a, b) => a.offset - b.offset);
  return { present: evidence.length > 0 || unitless.length > 0, evidence: [...evidence, ...unitless].sort((a, b) => a.offset - b.offset), seconds, unitless };
}
