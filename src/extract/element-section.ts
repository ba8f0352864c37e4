import type { SectionElement } from '../grammar/elements.js';
import { matchesAny, type Scanner } from './scan.js';
import type { ModalityMention } from './modality.js';
import type { ElementFact } from './element-fact.js';

/**
 * A section of the element's category whose content is about this procedure's imaging — not a
 * list of earlier studies, not "Fluoroscopy: none".
 */
export function findSectionElement(sc: Scanner, spec: SectionElement, mentions: ModalityMention[]): ElementFact {
  const { note } = sc;
  const evidence = [];
  for (const section of note.sections) {
    if (section.category !== spec.category || section.labelStart === null || section.labelEnd === null) continue;
    const content = note.text.slice(section.contentStart, section.end);
    const inSection = mentions.filter((m) => m.hit.start >= section.labelStart! && m.hit.end <= section.end);
    if (inSection.some((m) => m.discountedBy === 'negated' && m.hit.start < section.labelEnd!)) continue; // "Fluoroscopy: none"
    // a time record or a device mention still speaks of this procedure's imaging
    const countable = inSection.filter((m) => m.discountedBy === undefined || m.discountedBy === 'record' || m.discountedBy === 'device');
    const aboutThis = countable.length > 0 || (inSection.length === 0 && matchesAny(spec.aboutThis, content));
    if (!aboutThis) continue;
    evidence.push(sc.span({ start: section.labelStart, end: section.labelEnd }));
  }
  return { present: evidence.length > 0, evidence };
}
