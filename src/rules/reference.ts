import type { Rule } from './define.js';
import { citeSources } from '../grammar/sources.js';

/** A rule's sources in Markdown: each named and linked, under what it backs. */
function sourcesMarkdown(entries: string[]): string {
  return citeSources(entries)
    .map(({ text, sources }) => {
      const links = sources.map((s) => (s.url ? `[${md(s.name)}](${s.url})` : md(s.name))).join(', ');
      return text && links ? `${md(text)}: ${links}` : md(text) || links;
    })
    .join('; ');
}

/** Text as Markdown shows it literally: "<select>" would be read as HTML. */
function md(text: string): string {
  return text.replace(/</g, '\\<');
}

/**
 * The README's rule reference (scripts/update-readme.mjs writes it, a test keeps it true): a
 * table of every rule, then one section per rule, "### Rule `<id>`", which is where each
 * message's url (README.md#rule-<id>) points.
 */
export function ruleReference(rules: Rule[]): string {
  const table = [
    '| rule | kind | default severity | what it checks |',
    '|---|---|---|---|',
    ...rules.map((r) => `| [\`${r.id}\`](#rule-${r.id}) | ${r.kind} | ${r.severity} | ${md(r.docs.what).replace(/\|/g, '\\|')} |`),
  ];
  const sections = rules.map((r) => [
    `### Rule \`${r.id}\``,
    '',
    `${r.kind} rule, default severity ${r.severity}. ${md(r.docs.what)}`,
    '',
    `- **Why:** ${md(r.docs.why)}`,
    `- **Fix:** ${md(r.docs.fix)}`,
    `- **Messages** (\`messageId\`: text):`,
    ...Object.entries(r.messages).map(([id, text]) => `  - \`${id}\`: ${md(text)}`),
    `- **Sources:** ${sourcesMarkdown(r.docs.sources)}`,
  ].join('\n'));
  return [table.join('\n'), ...sections].join('\n\n');
}
