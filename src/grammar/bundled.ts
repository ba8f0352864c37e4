// What the build checked once, so that a lint run need not: scripts/build.mjs replaces this
// module, in the dist/ bundle only, with every grammar it read, validated against its schema and
// ReDoS-checked (precompile.ts), and with the claim schema's validator compiled to code. Run from
// src/ (tests, tsx) nothing is bundled and grammars/ is read at run time.
import type { ValidateFunction } from 'ajv';
import type { KeyPlan } from './prefilter.js';

export interface BundledGrammars {
  /** grammars/NAME.yaml's content by NAME, valid against its schema */
  files: Record<string, unknown>;
  /** grammars/elements/*.yaml by file name, each valid against element.schema.json */
  elements: { file: string; data: unknown }[];
  /** grammars/rules/*.yaml by rule id, each valid against rule.schema.json */
  rules: Record<string, unknown>;
  /** each pattern source's word-start plan (prefilter.ts), null when it has none */
  plans: Record<string, KeyPlan | null>;
}

export const bundled: BundledGrammars | undefined = undefined;

/** grammars/schema/claim.schema.json as a validator (with useDefaults) */
export const validateClaim: ValidateFunction | undefined = undefined;
