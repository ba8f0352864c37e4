import type { Element } from '../types.js';
import { isAffirmed, type Scanner } from './scan.js';
import { dedupe } from './images-saved.js';
import { countsAsGuidance, type ModalityMention } from './modality.js';

// the sentence must be about where the needle (or catheter, or injectate) ended up
const ABOUT_POSITION = /\b(?:needles?|tips?|positions?|positioning|placements?|locations?|catheters?|cannula|contrast|dye|arthrogra\w*|epidurogra\w*|intra-?articular|intrabursal|trajectory|depth|obturator|stylet|probe|electrodes?)\b/i;
const IMAGING_WORD = /\b(?:fluoro\w*|AP|PA|lateral|oblique|views?|images?|imaging|ultrasound|sonograph\w*|CT|MRI?|c-?arm|spot|contrast|dye|arthrogra\w*|real[- ]time|scan)\b/i;

/**
 * The final needle position confirmed with the imaging (views, contrast under imaging). A bare
 * "final position confirmed" counts in an imaging section or a note whose imaging guided the
 * needle; confirmation only by aspirate, loss of resistance or feel does not count.
 */
export function findNeedleConfirmation(sc: Scanner, mentions: ModalityMention[]): Element {
  const nonImaging = new Set(sc.scan(sc.g.elements.nonImagingConfirmation).map((h) => h.sentence));
  const imagingNote = mentions.some(countsAsGuidance);
  const hits = sc.scan(sc.g.elements.needleConfirmation, sc.procedureSentences).filter((h) => {
    if (!isAffirmed(sc.assess(h))) return false;
    if (!ABOUT_POSITION.test(sc.sentenceText(h.sentence))) return false;
    if (IMAGING_WORD.test(sc.note.text.slice(h.start, h.end))) return true;
    if (nonImaging.has(h.sentence)) return false;
    return imagingNote || sc.category(h) === 'imaging-guidance';
  });
  return { present: hits.length > 0, evidence: dedupe(hits).map((h) => sc.span(h)) };
}
