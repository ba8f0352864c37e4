import type { Claim } from '../types.js';

/** A rule's documentation: `guidelint explain`, the README table, /v1/rules. */
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

/** A documented example, run as a test: a not-ok example lists each expected message's range. */
export interface RuleExample {
  note: string;
  claim?: Claim;
  /** for not-ok examples: each expected message of this rule as "line:column-endLine:endColumn" */
  messages?: string[];
}
