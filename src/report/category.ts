import type { Documentation } from '../types.js';

/**
 * What the documentation means for a guidance code, in four categories that partition the notes:
 * every note is in exactly one, so counts over them add up to the notes.
 */
export type Category = 'not-applicable' | 'no-imaging' | 'incomplete' | 'supported';

export const CATEGORIES: readonly Category[] = ['supported', 'incomplete', 'no-imaging', 'not-applicable'];

export const CATEGORY_LABELS: Record<Category, string> = {
  supported: 'supported',
  incomplete: 'imaging documented, incomplete',
  'no-imaging': 'no imaging documented (landmark / unstated)',
  'not-applicable': 'guidance not applicable (no needle)',
};

export function categoryOf(d: Documentation): Category {
  if (!d.needlePlacement) return 'not-applicable';
  if (d.supported) return 'supported';
  // imaging affirmed but an element or the code is missing: the one category a clinician can fix by adding words
  return d.technique === 'imaging' ? 'incomplete' : 'no-imaging';
}

/** "3 supported · 1 imaging documented, incomplete · …", the categories present, in their order. */
export function categoryCounts(counts: Partial<Record<Category, number>>): string {
  return CATEGORIES.filter((c) => counts[c]).map((c) => `${counts[c]} ${CATEGORY_LABELS[c]}`).join(' · ');
}
