// Writes src/grammar/section-category.ts, the closed type of section categories, from
// grammars/sections.yaml (its header keys and pattern categories) and the categories the note
// model gives itself. Run by scripts/build.mjs; `node scripts/section-categories.mjs --check`
// exits 1 when the file is out of date (a test runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = new URL('..', import.meta.url);
const OUT = 'src/grammar/section-category.ts';
/** text before any header, an untitled paragraph after a field, a header the grammar does not know */
const NOTE_MODEL = ['preamble', 'narrative', 'other'];

export function sectionCategorySource() {
  const sections = parse(readFileSync(new URL('grammars/sections.yaml', root), 'utf8'));
  const categories = [...new Set([...NOTE_MODEL, ...Object.keys(sections.headers), ...sections.patterns.map((p) => p.category)])];
  return `// Generated from grammars/sections.yaml by scripts/section-categories.mjs (run by the build): do not edit.
// The note model's own categories (${NOTE_MODEL.join(', ')}), then the grammar's header keys and pattern categories.
export const SECTION_CATEGORIES = [
${categories.map((c) => `  '${c}',`).join('\n')}
] as const;

export type SectionCategory = (typeof SECTION_CATEGORIES)[number];
`;
}

/** Writes the file when it differs; returns whether it did. */
export function writeSectionCategories() {
  const path = new URL(OUT, root);
  const text = sectionCategorySource();
  let old = '';
  try {
    old = readFileSync(path, 'utf8');
  } catch {}
  if (old === text) return false;
  writeFileSync(path, text);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    if (readFileSync(new URL(OUT, root), 'utf8') !== sectionCategorySource()) {
      console.error(`${OUT} is out of date with grammars/sections.yaml: run node scripts/build.mjs`);
      process.exit(1);
    }
  } else if (writeSectionCategories()) console.log(`wrote ${OUT}`);
}
