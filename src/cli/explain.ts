import { rules, ruleById } from '../rules/index.js';
import type { Rule, RuleExample } from '../rules/define.js';
import { UsageError } from '../errors.js';
import { citeSources } from '../grammar/sources.js';

/** A rule's sources by name and link: what each backs, then the sources under it. */
function sourceLines(entries: string[]): string[] {
  const named = (s: { name: string; url?: string }) => (s.url ? `${s.name} <${s.url}>` : s.name);
  return citeSources(entries).flatMap(({ text, sources }) => {
    if (sources.length === 0) return [`  - ${text}`];
    if (!text) return sources.map((s) => `  - ${named(s)}`);
    return [`  - ${text}:`, ...sources.map((s) => `      ${named(s)}`)];
  });
}

export function explainRule(rule: Rule): string {
  const lines = [
    `${rule.id}  (${rule.kind} rule, default severity: ${rule.severity})`,
    '',
    `What:  ${rule.docs.what}`,
    `Why:   ${rule.docs.why}`,
    `Fix:   ${rule.docs.fix}`,
    `Docs:  ${rule.url}`,
    'Sources:',
    ...sourceLines(rule.docs.sources),
    '',
    'Messages:',
    ...Object.entries(rule.messages).map(([id, text]) => `  ${id}: ${text}`),
  ];
  const example = (title: string, ex: RuleExample) => {
    const claim = ex.claim ? ` (--cpt ${ex.claim.cpt}${ex.claim.dx ? ` --dx ${ex.claim.dx}` : ''}${ex.claim.pos ? ` --pos ${ex.claim.pos}` : ''})` : '';
    lines.push('', `${title}${claim}:`, ...ex.note.split('\n').map((l) => `  | ${l}`));
  };
  for (const ex of rule.examples.notOk.slice(0, 1)) example('Example that fires', ex);
  for (const ex of rule.examples.ok.slice(0, 1)) example('Example that passes', ex);
  return lines.join('\n') + '\n';
}

export function runExplain(id: string | undefined, list: boolean): string {
  if (list || !id) return rules.map((r) => `${r.id.padEnd(34)} ${r.severity.padEnd(8)} ${r.kind}`).join('\n') + '\n';
  const rule = ruleById.get(id);
  if (!rule) throw new UsageError(`unknown rule "${id}" (guidelint explain --list shows them)`);
  return explainRule(rule);
}
