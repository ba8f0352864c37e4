import type { Modality, Span } from '../types.js';
import { GrowingSpans, isAffirmed, matchesAny, type Hit, type Scanner } from './scan.js';
import type { Assertion } from '../context/context.js';

export interface ModalityMention {
  modality: Modality | 'generic';
  hit: Hit;
  span: Span;
  assertion: Assertion;
  /** why the mention does not count as guidance of this needle, if it does not */
  discountedBy?: 'negated' | 'hypothetical' | 'historical' | 'study' | 'section' | 'device' | 'record' | 'unticked';
}


/** Every mention of an imaging modality, each with its assertion and whether it counts as guidance. */
export function findModalityMentions(sc: Scanner): ModalityMention[] {
  const { note, g } = sc;
  const out: ModalityMention[] = [];
  const taken = new GrowingSpans();
  const lists: [Modality | 'generic', RegExp[]][] = [...g.modalities.byModality, ['generic', g.modalities.generic]];
  for (const [modality, patterns] of lists) {
    for (const hit of sc.scan(patterns)) {
      // "CT fluoroscopy" is CT; the longer or earlier-listed mention of the same words wins
      if (taken.overlaps(hit.start, hit.end)) continue;
      taken.add(hit.start, hit.end);
      let assertion = sc.assess(hit);
      let discountedBy: ModalityMention['discountedBy'];
      let blank = false;
      if (note.isHeaderSentence(hit.sentence)) {
        const section = note.sectionOf(hit.sentence);
        const content = note.text.slice(section.contentStart, Math.min(section.end, section.contentStart + 80));
        // a field left blank answers nothing; "none" answers that no imaging was used
        if (matchesAny(g.modalities.headerBlank, content)) blank = true;
        else if (matchesAny(g.modalities.headerNone, content)) {
          assertion = { negated: true, hypothetical: false, historical: false, trigger: { text: content.trim().split(/[.\n]/)[0], category: 'negated', start: section.contentStart, end: section.contentStart } };
        }
      }
      if (blank || sc.isUnticked(hit)) discountedBy = 'unticked';
      else if (assertion.negated) discountedBy = 'negated';
      else if (assertion.hypothetical) discountedBy = 'hypothetical';
      else if (assertion.historical) discountedBy = 'historical';
      else if (!sc.inProcedurePart(hit)) discountedBy = 'section';
      else if (modality !== 'generic' && isStudy(sc, hit)) discountedBy = 'study';
      out.push({ modality, hit, span: sc.span(hit), assertion, discountedBy });
    }
  }
  return out.sort((a, b) => a.hit.start - b.hit.start);
}

function isStudy(sc: Scanner, hit: Hit): boolean {
  const s = sc.note.sentences[hit.sentence];
  // a header label ("CT:") is read with its content ("CT: 3 cm lesion in the right lung")
  const end = sc.note.isHeaderSentence(hit.sentence) ? sc.note.sectionOf(hit.sentence).end : s.end;
  const after = sc.note.text.slice(hit.end, Math.min(end, hit.end + 120));
  const before = sc.note.text.slice(Math.max(s.start, hit.start - 80), hit.start);
  if (matchesAny(sc.g.modalities.resource, after)) return true;
  if (matchesAny(sc.g.modalities.pointOfCare, before.slice(-30) + sc.note.text.slice(hit.start, hit.end))) return false;
  return matchesAny(sc.g.modalities.study, after) || matchesAny(sc.g.modalities.studyBefore, before);
}

export function countsAsGuidance(m: ModalityMention): boolean {
  return m.discountedBy === undefined && isAffirmed(m.assertion);
}
