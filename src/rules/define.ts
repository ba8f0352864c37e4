import type { Documentation, Severity, Span, Claim } from '../types.js';
import type { Facts } from '../extract/facts.js';
import type { ClaimFacts } from '../claim/claim-facts.js';

export interface RuleDocs {
  /** what the rule checks */
  what: string;
  /** why an auditor cares */
  why: string;
  /** what the clinician (or coder) can do */
  fix: string;
  /** source tags from ../shared/domain/facts.md, or the contract */
  sources: string[];
}

export interface RuleExample {
  note: string;
  claim?: Claim;
  /** for not-ok examples: each expected message of this rule as "line:column-endLine:endColumn" */
  messages?: string[];
}

export interface RuleContext {
  facts: Facts;
  doc: Documentation;
  /** present only when a claim travels with the note */
  claim?: ClaimFacts;
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

/**
 * For the rules that ask for one element of imaging documentation: where to point when imaging
 * guided the needle but the element is absent (the first guidance mention), else null.
 */
export function missingElement({ doc, facts }: RuleContext, element: keyof Documentation['elements']): Span | null {
  if (doc.technique !== 'imaging' || doc.elements[element].present) return null;
  return facts.technique.evidence[0] ?? facts.anchor;
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

