import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import safeRegex from 'safe-regex2';
import { registerPattern } from './prefilter.js';

/** A grammar that cannot be used: names the file, the entry and the reason. */
export class GrammarError extends Error {}

export type PatternSpec = string | { pattern: string; caseSensitive?: boolean };

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validators: Record<string, ReturnType<typeof ajv.compile>> = {};

/** The grammars/ folder, whether running from src/ (tests) or from the dist/ bundle. */
export function grammarsDir(): string {
  if (process.env.GUIDELINT_GRAMMARS) return resolve(process.env.GUIDELINT_GRAMMARS);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'grammars');
    if (existsSync(join(candidate, 'sections.yaml'))) return candidate;
    dir = dirname(dir);
  }
  throw new GrammarError('grammars/ folder not found beside the guidelint package');
}

/** Reads grammars/NAME.yaml (or NAME.json) and validates it against grammars/schema/NAME.schema.json. */
export function loadGrammarFile<T>(name: string, dir = grammarsDir()): T {
  const yamlPath = join(dir, `${name}.yaml`);
  return loadGrammarPath<T>(existsSync(yamlPath) ? yamlPath : join(dir, `${name}.json`), name, dir);
}

/** Reads one grammar file and validates it against grammars/schema/SCHEMA.schema.json. */
export function loadGrammarPath<T>(path: string, schemaName: string, dir = grammarsDir()): T {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new GrammarError(`${path}: cannot be read as YAML: ${(e as Error).message}`);
  }
  const validate = (validators[join(dir, schemaName)] ??= ajv.compile(JSON.parse(readFileSync(join(dir, 'schema', `${schemaName}.schema.json`), 'utf8'))));
  if (!validate(data)) {
    const first = validate.errors![0];
    throw new GrammarError(`${path}: entry ${first.instancePath || '/'} ${first.message}`);
  }
  return data as T;
}

/**
 * Compiles one grammar pattern (global; case-insensitive unless asked otherwise), refusing a
 * pattern that does not compile or that safe-regex2 flags as catastrophic-backtracking prone.
 */
export function compilePattern(spec: PatternSpec, where: string): RegExp {
  const source = typeof spec === 'string' ? spec : spec.pattern;
  const caseSensitive = typeof spec === 'string' ? false : spec.caseSensitive === true;
  let re: RegExp;
  try {
    re = new RegExp(source, caseSensitive ? 'g' : 'gi');
  } catch (e) {
    throw new GrammarError(`${where}: pattern /${source}/ does not compile: ${(e as Error).message}`);
  }
  if (!safeRegex(re)) {
    throw new GrammarError(`${where}: pattern /${source}/ is rejected by the ReDoS check (nested or excessive repetition)`);
  }
  registerPattern(re);
  return re;
}

export function compileList(specs: PatternSpec[], where: string): RegExp[] {
  return specs.map((s, i) => compilePattern(s, `${where}[${i}]`));
}
