// Generated from grammars/sections.yaml by scripts/section-categories.mjs (run by the build): do not edit.
// The note model's own categories (preamble, narrative, other), then the grammar's header keys and pattern categories.
export const SECTION_CATEGORIES = [
  'preamble',
  'narrative',
  'other',
  'imaging-guidance',
  'prior-imaging',
  'procedure',
  'technique',
  'indication',
  'history',
  'diagnosis',
  'findings',
  'impression',
  'complications',
  'plan',
  'hospital-course',
  'anesthesia',
  'consent',
  'medication',
  'specimen',
  'personnel',
  'post-procedure',
] as const;

export type SectionCategory = (typeof SECTION_CATEGORIES)[number];
