import { rules, ruleById } from '../rules/index.js';
import type { Rule } from '../rules/define.js';
import { UsageError } from '../errors.js';

export function explainRule(rule: Rule): string {
  const lines = [
    `${rule.id}  (${rule.kind} rule, default severity: ${rule.severity})`,
    '',
    `What:  ${rule.docs.what}`,
    `Why:   ${rule.docs.why}`,
    `Fix:   ${rule.docs.fix}`,
    `Sources: ${rule.docs.sources.join('; ')}`,
  ];
  for (const ex of rule.examples.notOk.slice(0, 1)) lines.push('', 'Example that fires:', ...ex.note.split('\n').map((l) => `  | ${l}`));
  for (const ex of rule.examples.ok.slice(0, 1)) lines.push('', 'Example that passes:', ...ex.note.split('\n').map((l) => `  | ${l}`));
  return lines.join('\n') + '\n';
}

export function runExplain(id: string | undefined, list: boolean): string {
  if (list || !id) return rules.map((r) => `${r.id.padEnd(34)} ${r.severity.padEnd(8)} ${r.kind}`).join('\n') + '\n';
  const rule = ruleById.get(id);
  if (!rule) throw new UsageError(`unknown rule "${id}" (guidelint explain --list shows them)`);
  return explainRule(rule);
}
