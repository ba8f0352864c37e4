import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from "node:path";
import type { ValidateFunction } from 'ajv';
import type { Claim } from '../types.js';
import { builtGrammars, grammarsDir } from '../grammar/load.js';
import { validateClaim } from '../grammar/bundled.js';
import { normalizeGivenText } from '../note/decode.js';

/** A claim that cannot be used: names the source and the bad field. */
export class ClaimError extends Error {
  constructor(readonly source: string, readonly field: string, readonly reason: string) {
    super(`${source}: claim field ${field} ${reason}`);
  }
}

// chosen once: asking process.env (whether the grammars are the bundle's) cost more than a validation
let validator: ValidateFunction | undefined;
function validate(): ValidateFunction {
  if (!validator) {
    if (builtGrammars() && validateClaim) validator = validateClaim; // compiled by the build
    else {
      // the contract's own schema, shipped beside the grammars
      const schema = JSON.parse(readFileSync(join(grammarsDir(), 'schema', 'claim.schema.json'), 'utf8'));
      const { Ajv2020 } = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
      validator = new Ajv2020({ allErrors: true, strict: false, useDefaults: true }).compile(schema);
    }
  }
  return validator;
}

/** A claim is a few levels deep (lines → line → modifiers); anything deeper is refused before it is copied. */
export const MAX_CLAIM_DEPTH = 8;
/** The most units a claim line may bill: a whole number, so 1e400 (Infinity) and 2.5 are refused. */
export const MAX_UNITS = 999;

/** A value met in checkDepth's walk: its path is spelled out only for the error. */
interface Nested {
  value: object;
  depth: number;
  parent?: Nested;
  key?: string;
}

const pathOf = (n: Nested): string => (n.parent ? `${pathOf(n.parent)}/${n.key}` : '');

/** Throws naming the first field nested deeper than MAX_CLAIM_DEPTH; walks with a stack, not recursion. */
function checkDepth(data: object, source: string): void {
  const pending: Nested[] = [{ value: data, depth: 0 }];
  while (pending.length) {
    const n = pending.pop()!;
    if (n.depth >= MAX_CLAIM_DEPTH) throw new ClaimError(source, pathOf(n) || '/', `nests deeper than ${MAX_CLAIM_DEPTH} levels: a claim is lines of codes, modifiers and units`);
    for (const key in n.value) {
      const child = (n.value as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null && Object.hasOwn(n.value, key)) pending.push({ value: child, depth: n.depth + 1, parent: n, key });
    }
  }
}

// claims this module produced: lint() need not validate them a second time
const parsed = new WeakSet<object>();

/**
 * Validates a claim object against the contract's claim.schema.json and fills its defaults.
 * A claim that already came out of parseClaim is returned as it is.
 */
export function parseClaim(data: unknown, source: string): Claim {
  if (typeof data === 'object' && data !== null && parsed.has(data)) return data as Claim;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ClaimError(source, '/', 'must be a JSON object');
  checkDepth(data, source);
  const copy = structuredClone(data) as Record<string, unknown>;
  const v = validate();
  if (!v(copy)) {
    const e = v.errors![0];
    throw new ClaimError(source, e.instancePath || '/', e.message ?? 'is invalid');
  }
  const c = copy as unknown as Claim;
  // the schema says integer ≥ 1, which Infinity (JSON's 1e400) passes
  c.lines.forEach((line, i) => {
    if (line.units !== undefined && !(Number.isSafeInteger(line.units) && line.units <= MAX_UNITS)) {
      throw new ClaimError(source, `/lines/${i}/units`, `must be a whole number from 1 to ${MAX_UNITS}`);
    }
  });
  const claim: Claim = {
    ...(c.placeOfService ? { placeOfService: c.placeOfService } : {}),
    lines: c.lines.map((l) => ({ code: l.code, modifiers: l.modifiers ?? [], units: l.units ?? 1 })),
    diagnoses: c.diagnoses ?? [],
  };
  parsed.add(claim);
  return claim;
}

export function readClaimFile(path: string): Claim {
  let data: unknown;
  try {
    // without the byte order mark some editors write, which JSON.parse refuses
    data = JSON.parse(normalizeGivenText(readFileSync(path, 'utf8')));
  } catch (e) {
    throw new ClaimError(path, '/', `is not readable JSON: ${(e as Error).message}`);
  }
  return parseClaim(data, path);
}

/**
 * Claim lines from the command line: "20610-RT,77002-26" (modifiers after dashes, units after
 * "x": "77002x2"), diagnoses "M17.11,M25.561", place of service "22".
 */
export function claimFromFlags(cpt: string, dx?: string, pos?: string): Claim {
  const lines = cpt.split(',').map((s) => s.trim()).filter(Boolean).map((item) => {
    const m = /^([0-9A-Za-z]{5})((?:-[0-9A-Za-z][0-9A-Za-z])*)(?:[x*](\d+)|)$/.exec(item);
    if (!m) throw new ClaimError('--cpt', item, 'is not CODE[-MOD…][xUNITS], e.g. 77002-26 or 77002x2');
    return { code: m[1].toUpperCase(), modifiers: m[2] ? m[2].slice(1).split('-').map((x) => x.toUpperCase()) : [], units: m[3] ? Number(m[3]) : 1 };
  });
  const claim = { lines, diagnoses: dx ? dx.split(',').map((s) => s.trim()).filter(Boolean) : [], ...(pos ? { placeOfService: pos } : {}) };
  return parseClaim(claim, '--cpt/--dx/--pos');
}

