import type { SectionElement } from '../grammar/elements.js';
import { matchesAny, type Scanner } from './scan.js';
import { firstAtLeast } from '../note/sorted.js';
import type { ModalityMention } from './modality.js';
import type { ElementFact } from './element-fact.js';

/**
 * A section of the element's category whose content is about this procedure's imaging — not a
 * list of earlier studies, not "Fluoroscopy: none".
 */
export function findSectionElement(sc: Scanner, spec: SectionElement, mentions: ModalityMention[]): ElementFact {
  const { note } = sc;
  const evidence = [];
  // a labelled field about this procedure's imaging: label [start, labelEnd), its content to end
  const mentionStarts = mentions.map((m) => m.hit.start); // mentions come in text order
  const aboutThis = (start: number, labelEnd: number, end: number) => {
    const inField: ModalityMention[] = [];
    for (let i = firstAtLeast(mentionStarts, start); i < mentions.length && mentions[i].hit.start < end; i++) {
      if (mentions[i].hit.end <= end) inField.push(mentions[i]);
    }
    // a time record or a device mention still speaks of this procedure's imaging
    const countable = inField.filter((m) => m.discountedBy === undefined || m.discountedBy === 'record' || m.discountedBy === 'device');
    if (countable.length) return true; // "Imaging guidance: [ ] Fluoroscopy [x] Ultrasound"
    if (inField.some((m) => m.discountedBy === 'negated' && m.hit.start < labelEnd)) return false; // "Fluoroscopy: none"
    return inField.length === 0 && matchesAny(spec.aboutThis, note.text.slice(labelEnd, end));
  };
  for (const section of note.sections) {
    if (section.category !== spec.category || section.labelStart === null || section.labelEnd === null) continue;
    if (matchesAny(spec.labelsNot, note.text.slice(section.labelStart, section.labelEnd))) continue;
    if (aboutThis(section.labelStart, section.labelEnd, section.end)) evidence.push(sc.span({ start: section.labelStart, end: section.labelEnd }));
  }
  // a one-line export or a run-on template names the field inside a line ("… | Guidance: fluoroscopy | …")
  if (!evidence.length && spec.inlineLabels.length) {
    // the field ends at the next bar or line end, found by binary search (not a rescan per label)
    const ends = [...note.text.matchAll(/[|\n]/g)].map((m) => m.index);
    for (const h of sc.scan(spec.inlineLabels)) {
      const next = firstAtLeast(ends, h.end);
      const end = next < ends.length ? ends[next] : note.text.length;
      const start = h.start + note.text.slice(h.start, h.end).search(/\p{L}/u); // past the separator
      if (aboutThis(start, h.end, end)) evidence.push(sc.span({ start, end: h.end }));
    }
  }
  return { present: evidence.length > 0, evidence };
}
