import type { Documentation, Severity, Span } from '../types.js';
import type { RuleDocs, RuleExample } from '../grammar/rule-docs.js';
import type { ElementNeed } from '../grammar/elements.js';
import type { Facts } from '../extract/facts.js';
import type { ClaimFacts } from '../claim/claim-facts.js';

export type { RuleDocs, RuleExample };

export interface RuleContext {
  facts: Facts;
  doc: Documentation;
  /** present only when a claim travels with the note */
  claim?: ClaimFacts;
  /** element needs the configuration changes (an institution that requires the guidance section) */
  needs?: Record<string, ElementNeed>;
}

export interface Report {
  at: Span;
  /** overrides the rule's severity for this message (an UNCONFIRMED edit is a warning) */
  severity?: Severity;
  message: string;
  suggestion?: string;
  expected?: string;
  actual?: string;
}

export interface Rule {
  id: string;
  kind: 'documentation' | 'claim';
  severity: Severity;
  docs: RuleDocs;
  check(ctx: RuleContext, report: (r: Report) => void): void;
  examples: { ok: RuleExample[]; notOk: RuleExample[] };
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

/** "'fluoroscopy' at 12:5 is negated by 'was not used'" for each mention that did not count. */
export function describeDiscounted(facts: Facts): string {
  const parts = facts.technique.discounted
    .filter((m) => m.discountedBy && m.discountedBy !== 'section')
    .slice(0, 3)
    .map((m) => {
      const where = `'${m.span.text}' at ${m.span.line}:${m.span.column}`;
      if (m.discountedBy === 'study') return `${where} names a diagnostic study, not guidance`;
      if (m.discountedBy === 'device') return `${where} positions a device (lead, wire, catheter, hardware), not the needle`;
      if (m.discountedBy === 'unticked') return `${where} is an unticked template option`;
      if (m.discountedBy === 'record') return `${where} records fluoroscopy time but does not say it guided the needle`;
      const t = m.assertion.trigger;
      return t ? `${where} is ${m.discountedBy} by '${t.text}'` : `${where} is ${m.discountedBy}`;
    });
  return parts.length ? ` (${parts.join('; ')})` : '';
}

