import { GrammarError, folderSource, grammarSource, type GrammarSource } from './load.js';
import type { Severity } from '../types.js';

/** A rule's documentation: `guidelint explain`, the README's rule reference, /v1/rules. */
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

/** A documented example, run as a test: a not-ok example lists each expected message. */
export interface RuleExample {
  note: string;
  /** the claim as the command line takes it: --cpt 20610-RT,77002-26 --dx M17.11 --pos 22 */
  claim?: { cpt: string; dx?: string; pos?: string };
  /** for not-ok examples: each expected message of this rule as "line:column-endLine:endColumn messageId" */
  messages?: string[];
}

/**
 * What a rule says and shows, as data (ESLint's `meta`): its default severity, docs, message
 * texts by id ({{name}} where a value is put in) and examples. grammars/rules/<id>.yaml for
 * most rules; an element's rule block for the elements' rules.
 */
export interface RuleMeta {
  id: string;
  severity: Severity;
  docs: RuleDocs;
  messages: Record<string, string>;
  examples: { ok: RuleExample[]; notOk: RuleExample[] };
}

/** Reads and validates grammars/rules/<id>.yaml. */
export function loadRuleMeta(id: string, from: string | GrammarSource = grammarSource()): RuleMeta {
  const meta = (typeof from === 'string' ? folderSource(from) : from).rule<RuleMeta>(id);
  if (meta.id !== id) throw new GrammarError(`rules/${id}.yaml: id is "${meta.id}", not the file's name`);
  return meta;
}
