import type { PhraseElement } from '../grammar/elements.js';
import { isAffirmed, dedupe, matchesAny, IMAGING_SECTION, type Scanner } from './scan.js';
import { firstAtLeast } from '../note/sorted.js';

// what may stand between a phrase and its blank field ("Images saved: ***")
const FIELD_FILLER = /[\s:.\-]/;
import { countsAsGuidance, type ModalityMention } from './modality.js';
import type { Placeholder } from './placeholders.js';
import type { ElementFact } from './element-fact.js';

/**
 * An element found by its phrasings: affirmed pattern hits (in the procedure narrative, or the
 * whole note), less those the element's grammar sets aside (a blank template field after the
 * hit, a sentence about an earlier study, a confirmation by feel rather than imaging).
 */
export function findPhraseElement(sc: Scanner, spec: PhraseElement, mentions: ModalityMention[], placeholders: Placeholder[]): ElementFact {
  const { text } = sc.note;
  // "Images saved: ***" is a template field left blank, not a statement
  // (only the first placeholder after the hit can qualify: a later one's gap holds the first's)
  const placeholderStarts = placeholders.map((p) => p.span.offset).sort((a, b) => a - b);
  const blankAfter = (end: number) => {
    const next = firstAtLeast(placeholderStarts, end);
    if (next === placeholderStarts.length) return false;
    for (let i = end; i < placeholderStarts[next]; i++) if (!FIELD_FILLER.test(text[i])) return false;
    return true;
  };
  // a study of a modality this procedure used (to guide the needle, to place a device, or whose
  // time it records), in the procedure narrative, is this procedure's imaging
  const guiding = new Set(mentions.filter(countsAsGuidance).map((m) => m.modality));
  const used = new Set(mentions.filter((m) => m.discountedBy === 'record' || m.discountedBy === 'device').map((m) => m.modality));
  const studySentences = spec.skipStudySentences ? new Set(mentions.filter((m) => m.discountedBy === 'historical' || (m.discountedBy === 'study' && !guiding.has(m.modality) && !used.has(m.modality))).map((m) => m.hit.sentence)) : null;
  const guidanceSentences = new Set(mentions.filter((m) => m.discountedBy === undefined).map((m) => m.hit.sentence));
  const notByImaging = spec.notByImaging.length ? new Set(sc.scan(spec.notByImaging).map((h) => h.sentence)) : null;
  const imagingNote = guiding.size > 0;
  const hits = sc.scan(spec.patterns, spec.scope === 'procedure' ? sc.procedureSentences : undefined).filter((h) => {
    if (!isAffirmed(sc.assess(h, spec.assertion === 'inside'))) return false;
    // an option of a tick-box group counts only when ticked
    if (sc.inUntickedOption(h)) return false;
    if (spec.blankFieldAfter && blankAfter(h.end)) return false;
    if (spec.answeredNo?.test(text.slice(h.end, h.end + 16))) return false;
    // a sentence about an earlier study, unless it also names this procedure's imaging
    if (studySentences?.has(h.sentence) && !guidanceSentences.has(h.sentence)) return false;
    if (spec.sentenceMustMatch.length && !sc.sentenceMatches(spec.sentenceMustMatch, h.sentence)) return false;
    if (!spec.imagingWords.length || matchesAny(spec.imagingWords, text.slice(h.start, h.end))) return true;
    // no imaging word in the phrase itself: the note's imaging or an imaging section supplies it
    if (notByImaging?.has(h.sentence)) return false;
    return imagingNote || sc.category(h) === IMAGING_SECTION;
  });
  return { present: hits.length > 0, evidence: dedupe(hits).map((h) => sc.span(h)) };
}
