import type { Documentation, Modality } from '../types.js';

/** What the note documents instead of a needle guided by `billed` (no needle, landmark, another modality), or null. */
export function documentedInstead(doc: Documentation, billed: Modality): string | null {
  if (!doc.needlePlacement) return 'no needle placement';
  if (doc.technique === 'landmark') return 'landmark technique';
  if (doc.technique === 'imaging' && doc.modality && doc.modality !== billed) return `${doc.modality} guidance`;
  return null;
}
