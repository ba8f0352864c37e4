import type { LintResult } from '../types.js';
import { categoryOf, categoryCounts, type Category } from './category.js';
import { grammars } from '../grammar/index.js';
import { documentationVerdict } from './verdict.js';

/** Grouped by file: "line:col  severity  message  ruleId", then a summary line. */
export function stylish(results: LintResult[]): string {
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  const categories: Partial<Record<Category, number>> = {};
  for (const r of results) {
    const category = categoryOf(r.documentation);
    categories[category] = (categories[category] ?? 0) + 1;
    errors += r.summary.errors;
    warnings += r.summary.warnings;
    const d = r.documentation;
    const verdict = documentationVerdict(d);
    const claim = r.claim ? `, claim: ${r.claim.action}${r.claim.recommendedCode ? ` ${r.claim.recommendedCode}` : ''}` : '';
    out.push(`${r.source}  — ${d.technique}${d.modality ? `/${d.modality}` : ''}, ${verdict}${claim}`);
    if (r.summary.errors + r.summary.warnings === 0) out.push(`  ${elementsFound(r)}`);
    const width = Math.max(0, ...r.messages.map((m) => `${m.line}:${m.column}`.length));
    for (const m of r.messages) {
      out.push(`  ${`${m.line}:${m.column}`.padEnd(width)}  ${m.severity.padEnd(7)}  ${m.message}  ${m.ruleId}`);
      if (m.suggestion) out.push(`  ${' '.repeat(width)}  ${' '.repeat(7)}  ↳ ${m.suggestion}`);
    }
    out.push('');
  }
  const problems = errors + warnings;
  out.push(`${results.length} note${results.length === 1 ? '' : 's'}: ${problems} problem${problems === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`);
  // the categories partition the notes: their counts add up to the note count above
  if (results.length) out.push(`verdicts: ${categoryCounts(categories)}`);
  return out.join('\n') + '\n';
}

/** One calm line for a note without problems: what was found, and where each element was first seen. */
function elementsFound(r: LintResult): string {
  const found = grammars().elements.flatMap((spec) => {
    const e = r.documentation.elements[spec.name];
    if (!e?.present) return [];
    const at = e.evidence[0] ? ` ${e.evidence[0].line}:${e.evidence[0].column}` : '';
    const seconds = typeof e.seconds === 'number' ? ` (${e.seconds} s)` : '';
    return [`${spec.label.toLowerCase()}${at}${seconds}`];
  });
  return found.length ? `found: ${found.join(', ')}` : 'no guidance elements documented';
}
