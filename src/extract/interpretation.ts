import type { Element } from '../types.js';
import { isAffirmed, type Scanner } from './scan.js';
import { dedupe } from './images-saved.js';
import type { ModalityMention } from './modality.js';

/**
 * What this procedure's images showed (needle tip against named anatomy, contrast pattern,
 * no vascular uptake, an anatomic finding) or that the physician reviewed/interpreted them.
 * Findings of earlier studies do not count.
 */
export function findInterpretation(sc: Scanner, mentions: ModalityMention[]): Element {
  const studySentences = new Set(mentions.filter((m) => m.discountedBy === 'study' || m.discountedBy === 'historical').map((m) => m.hit.sentence));
  const guidanceSentences = new Set(mentions.filter((m) => m.discountedBy === undefined).map((m) => m.hit.sentence));
  const hits = sc.scan(sc.g.elements.interpretation, sc.procedureSentences).filter((h) => {
    if (!isAffirmed(sc.assess(h))) return false;
    // a sentence about an earlier study, unless it also names this procedure's imaging
    return !studySentences.has(h.sentence) || guidanceSentences.has(h.sentence);
  });
  return { present: hits.length > 0, evidence: dedupe(hits).map((h) => sc.span(h)) };
}
