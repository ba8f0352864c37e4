import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { registerPattern } from './prefilter.js';
import { bundled, type BundledGrammars } from './bundled.js';

/** A grammar that cannot be used: names the file, the entry and the reason. */
export class GrammarError extends Error {}

export type PatternSpec = string | { pattern: string; caseSensitive?: boolean };

/**
 * Where the grammars come from: a grammars/ folder read now (each file validated against its
 * schema, each pattern ReDoS-checked), or the data the build read and checked (bundled.ts).
 */
export interface GrammarSource {
  /** grammars/NAME.yaml, valid against grammars/schema/NAME.schema.json */
  file<T>(name: string): T;
  /** grammars/elements/*.yaml by file name, each valid against element.schema.json */
  elements<T>(): { file: string; data: T }[];
  /** grammars/rules/ID.yaml, valid against rule.schema.json */
  rule<T>(id: string): T;
  /** one grammar pattern as a global RegExp, case-insensitive unless asked otherwise */
  pattern(spec: PatternSpec, where: string): RegExp;
}

// the folder's readers load only when a folder is read: the bundle's lint path never needs them
const require = createRequire(import.meta.url);
let readers: { parseYaml: typeof import('yaml').parse; ajv: import('ajv/dist/2020.js').Ajv2020; safeRegex: typeof import('safe-regex2') } | undefined;
function folderReaders(): NonNullable<typeof readers> {
  if (!readers) {
    const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    readers = { parseYaml: (require('yaml') as typeof import('yaml')).parse, ajv: new Ajv2020({ allErrors: true, strict: false }), safeRegex: require('safe-regex2') as typeof import('safe-regex2') };
  }
  return readers;
}
const validators: Record<string, ValidateFunction> = {};

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

/** The build's data, unless a grammars folder is read at run time (from src/, or GUIDELINT_GRAMMARS set). */
export function builtGrammars(): BundledGrammars | undefined {
  return process.env.GUIDELINT_GRAMMARS ? undefined : bundled;
}

/** The grammars this process uses: the bundle's, or the folder's. */
export function grammarSource(): GrammarSource {
  const built = builtGrammars();
  return built ? bundledSource(built) : folderSource(grammarsDir());
}

/** Reads grammars/NAME.yaml (or NAME.json) and validates it against grammars/schema/NAME.schema.json. */
function loadGrammarFile<T>(name: string, dir = grammarsDir()): T {
  const yamlPath = join(dir, `${name}.yaml`);
  return loadGrammarPath<T>(existsSync(yamlPath) ? yamlPath : join(dir, `${name}.json`), name, dir);
}

/** Reads one grammar file and validates it against grammars/schema/SCHEMA.schema.json. */
function loadGrammarPath<T>(path: string, schemaName: string, dir = grammarsDir()): T {
  const { parseYaml, ajv } = folderReaders();
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

const flagsOf = (spec: PatternSpec): string => (typeof spec !== 'string' && spec.caseSensitive === true ? 'g' : 'gi');
const sourceOf = (spec: PatternSpec): string => (typeof spec === 'string' ? spec : spec.pattern);

/**
 * Compiles one grammar pattern (global; case-insensitive unless asked otherwise), refusing a
 * pattern that does not compile or that safe-regex2 flags as catastrophic-backtracking prone.
 */
function compilePattern(spec: PatternSpec, where: string): RegExp {
  const source = sourceOf(spec);
  let re: RegExp;
  try {
    re = new RegExp(source, flagsOf(spec));
  } catch (e) {
    throw new GrammarError(`${where}: pattern /${source}/ does not compile: ${(e as Error).message}`);
  }
  if (!folderReaders().safeRegex(re)) {
    throw new GrammarError(`${where}: pattern /${source}/ is rejected by the ReDoS check (nested or excessive repetition)`);
  }
  registerPattern(re);
  return re;
}

/** One pattern, and a list of them (its entries named where[i]), from a source. */
export function compilers(src: GrammarSource): { compilePattern: (spec: PatternSpec, where: string) => RegExp; compileList: (specs: PatternSpec[], where: string) => RegExp[] } {
  return {
    compilePattern: (spec, where) => src.pattern(spec, where),
    compileList: (specs, where) => specs.map((s, i) => src.pattern(s, `${where}[${i}]`)),
  };
}

/** A grammars/ folder, read, validated and checked as it is read. */
export function folderSource(dir: string): GrammarSource {
  return {
    file: <T>(name: string) => loadGrammarFile<T>(name, dir),
    rule: <T>(id: string) => loadGrammarPath<T>(join(dir, 'rules', `${id}.yaml`), 'rule', dir),
    elements: <T>() => {
      const folder = join(dir, 'elements');
      return readdirSync(folder)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((file) => ({ file, data: loadGrammarPath<T>(join(folder, file), 'element', dir) }));
    },
    pattern: compilePattern,
  };
}

/** The grammars the build read, validated and checked: only their RegExps are made here. */
export function bundledSource(data: BundledGrammars): GrammarSource {
  return {
    file: <T>(name: string) => {
      if (!(name in data.files)) throw new GrammarError(`grammars/${name}.yaml is not in the bundle`);
      return data.files[name] as T;
    },
    elements: <T>() => data.elements as { file: string; data: T }[],
    rule: <T>(id: string) => {
      if (!(id in data.rules)) throw new GrammarError(`grammars/rules/${id}.yaml is not in the bundle`);
      return data.rules[id] as T;
    },
    pattern: (spec) => {
      const source = sourceOf(spec);
      const re = new RegExp(source, flagsOf(spec));
      registerPattern(re, data.plans[re.source]);
      return re;
    },
  };
}
