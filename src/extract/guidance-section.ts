import type { Element } from '../types.js';
import type { Scanner } from './scan.js';
import type { ModalityMention } from './modality.js';

// content that speaks of this procedure's imaging
const ABOUT_THIS_IMAGING = /\b(?:needle|tip|contrast|dye|images?|views?|fluoro\w*|c-?arm|spot|guidance|guided|time|seconds?|minutes?|sec|min|saved|stored|archived|PACS|position|placement|confirm\w*|visualiz\w*|real[- ]time|probe|transducer|AP|lateral|oblique)\b/i;

/**
 * A section whose header names imaging guidance, imaging, radiology or the modality and whose
 * content is about this procedure's imaging — not a list of earlier studies, not "none".
 */
export function findGuidanceSection(sc: Scanner, mentions: ModalityMention[]): Element {
  const { note } = sc;
  const evidence = [];
  for (const section of note.sections) {
    if (section.category !== 'imaging-guidance' || section.labelStart === null || section.labelEnd === null) continue;
    const content = note.text.slice(section.contentStart, section.end);
    const inSection = mentions.filter((m) => m.hit.start >= section.labelStart! && m.hit.end <= section.end);
    if (inSection.some((m) => m.discountedBy === 'negated' && m.hit.start < section.labelEnd!)) continue; // "Fluoroscopy: none"
    // a time record or a device mention still speaks of this procedure's imaging
    const countable = inSection.filter((m) => m.discountedBy === undefined || m.discountedBy === 'record' || m.discountedBy === 'device');
    const aboutThis = countable.length > 0 || (inSection.length === 0 && ABOUT_THIS_IMAGING.test(content));
    if (!aboutThis) continue;
    evidence.push(sc.span({ start: section.labelStart, end: section.labelEnd }));
  }
  return { present: evidence.length > 0, evidence };
}
