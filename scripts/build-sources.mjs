// Builds grammars/sources.yaml from the source list at the end of ../shared/domain/facts.md, so
// `guidelint explain` and the README cite a source by its name and link instead of its tag (S9).
// Run again when facts.md changes: node scripts/build-sources.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

const facts = readFileSync(new URL('../../shared/domain/facts.md', import.meta.url), 'utf8');
const sources = {};
for (const line of facts.split('\n')) {
  const m = /^- (S\d+[a-z]?) (.+)$/.exec(line);
  if (!m) continue;
  const [, id, rest] = m;
  // "Name, "title": https://…" — the name is what precedes the first ": http"; else the first link
  const split = /^(.*?):\s+(https?:\/\/\S+)(.*)$/.exec(rest);
  const url = split ? split[2] : (/(https?:\/\/[^\s,)]+)/.exec(rest) ?? [])[1];
  const name = (split ? split[1] : rest.replace(/,?\s*https?:\/\/[^\s)]+/g, '')).trim();
  sources[id] = { name, ...(url ? { url } : {}) };
}
const header = `# The sources of ../shared/domain/facts.md by tag (S1, S4b …): each with its name and link, as
# that list gives them. Built by scripts/build-sources.mjs; \`guidelint explain\` and the README's
# rule reference cite a rule's sources through this table.
`;
writeFileSync(new URL('../grammars/sources.yaml', import.meta.url), header + stringify({ sources }, { lineWidth: 0 }));
console.log(`grammars/sources.yaml: ${Object.keys(sources).length} sources`);
