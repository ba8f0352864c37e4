import type { Element } from '../types.js';
import { isAffirmed, type Scanner } from './scan.js';
import { dedupe } from './images-saved.js';

// the sentence must be about where the needle (or catheter, or injectate) ended up
const ABOUT_POSITION = /\b(?:needle|tip|position|positioning|placement|location|catheter|cannula|contrast|dye|arthrogra\w*|epidurogra\w*|intra-?articular|intrabursal|trajectory|depth)\b/i;
const IMAGING_WORD = /\b(?:fluoro\w*|AP|PA|lateral|oblique|views?|images?|imaging|ultrasound|sonograph\w*|CT|c-?arm|spot|contrast|dye|arthrogra\w*|real[- ]time|scan)\b/i;

/**
 * The final needle position confirmed with the imaging (views, contrast under imaging).
 * Confirmation only by aspirate, loss of resistance or feel does not count.
 */
export function findNeedleConfirmation(sc: Scanner): Element {
  const nonImaging = new Set(sc.scan(sc.g.elements.nonImagingConfirmation).map((h) => h.sentence));
  const hits = sc.scan(sc.g.elements.needleConfirmation).filter((h) => {
    if (!sc.inProcedurePart(h) || !isAffirmed(sc.assess(h))) return false;
    const sentence = sc.sentenceText(h.sentence);
    if (!ABOUT_POSITION.test(sentence)) return false;
    // "confirmed by aspiration of fluid": only counts when the confirming words name imaging
    if (nonImaging.has(h.sentence) && !IMAGING_WORD.test(sc.note.text.slice(h.start, h.end))) return false;
    return true;
  });
  return { present: hits.length > 0, evidence: dedupe(hits).map((h) => sc.span(h)) };
}
