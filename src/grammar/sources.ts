import { grammarSource } from './load.js';
import type { SourcesFile } from './schema-types/sources.js';

/** A source of facts.md by its name and link (grammars/sources.yaml). */
export interface NamedSource {
  id: string;
  name: string;
  url?: string;
}

/** One of a rule's sources as a reader sees it: what it supports, and the sources by name. */
export interface Citation {
  /** the claim the sources back ("the procedure note must state…"), or the whole entry when it names none */
  text: string;
  sources: NamedSource[];
}

let table: SourcesFile['sources'] | undefined;

const TAG = /\bS\d+[a-z]?\b/g;
// the internal pointers a reader cannot follow: "facts.md §2.1 and §5.1", "(S9, S5, S4b)"
const SECTION = /\bfacts\.md(?:[\s§\d.,-]|\band\b|\bitem\b|\bitems\b)*/g;
// a parenthesis of tags, perhaps with a note after a colon: "(S9, S5)", "(S2: 2026 update)"
const PARENS = /\s*\(([\sS\d,a-z]*)([:;][^)]*|)\)/g;
const onlyTags = (inside: string) => inside.trim().split(/[\s,]+/).every((t) => /^S\d+[a-z]?$/.test(t));
const FACT_SHEET = "the project's coding fact sheet (../shared/domain/facts.md)";

/**
 * A rule's `docs.sources` entries with facts.md's tags (S9, S4b) read as the sources' names and
 * links, and the section pointers dropped: "facts.md §5.2 (S5, S9): the note must state…"
 * becomes "the note must state…" backed by Bracco's FAQ and AAPM's article, each with its link.
 * A tag the table does not hold is kept as it is, so nothing is cited silently.
 */
export function citeSources(entries: string[]): Citation[] {
  table ??= grammarSource().file<SourcesFile>('sources').sources;
  const known = table;
  return entries.map((entry) => {
    const ids = [...new Set(entry.match(TAG) ?? [])];
    if (ids.length === 0) {
      const text = entry.replace(/^contract:\s*/, 'the result contract (../shared/contract/README.md): ').replace(/^facts\.md\s*(.*)$/, `${FACT_SHEET}, $1`);
      return { text, sources: [] };
    }
    const text = entry.replace(PARENS, (all, tags: string, note: string) => (onlyTags(tags) ? (note ? ` (${note.slice(1).trimStart()})` : '') : all)).replace(SECTION, '').replace(/^[\s:;,]+|[\s:;,]+$/g, '');
    return { text: text.replace(/^\((.*)\)$/, '$1'), sources: ids.map((id) => (known[id] ? { id, ...known[id] } : { id, name: id })) };
  });
}
