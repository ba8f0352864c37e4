import type { Element } from '../types.js';
import { isAffirmed, type Scanner } from './scan.js';
import type { Placeholder } from './placeholders.js';

/** Explicit retention language ("archived to PACS", "hard copy"); "images obtained" alone is not. */
export function findImagesSaved(sc: Scanner, placeholders: Placeholder[]): Element {
  // "Images saved: ***" is a template field left blank, not retention
  const blankAfter = (end: number) => placeholders.some((p) => p.span.offset >= end && /^[\s:.\-]*$/.test(sc.note.text.slice(end, p.span.offset)));
  const hits = sc.scan(sc.g.elements.imagesSaved, sc.procedureSentences).filter((h) => isAffirmed(sc.assess(h, true)) && !blankAfter(h.end));
  return { present: hits.length > 0, evidence: dedupe(hits).map((h) => sc.span(h)) };
}

/** Overlapping hits of several patterns become the first, longest one. */
export function dedupe<T extends { start: number; end: number }>(hits: T[]): T[] {
  const out: T[] = [];
  for (const h of [...hits].sort((a, b) => a.start - b.start || b.end - a.end)) {
    const last = out[out.length - 1];
    if (last && h.start < last.end) continue;
    out.push(h);
  }
  return out;
}
