// Build time only (scripts/build.mjs): reads every grammar once, validated against its schema,
// compiles it with every check a run-time folder gets (each pattern compiled and ReDoS-checked,
// the cross-file checks of compileGrammars), and returns the data the bundle carries (bundled.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standalone from 'ajv/dist/standalone/index.js';
import { folderSource, type GrammarSource } from './load.js';
import { sourcePlan } from './prefilter.js';
import { compileGrammars } from './index.js';
import type { BundledGrammars } from './bundled.js';

export function bundleGrammars(dir: string): BundledGrammars {
  const folder = folderSource(dir);
  const files = Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort().map((name) => [name, folder.file(name)]));
  const rules = Object.fromEntries(readdirSync(join(dir, 'rules')).filter((f) => f.endsWith('.yaml')).sort().map((f) => f.slice(0, -'.yaml'.length)).map((id) => [id, folder.rule(id)]));
  const data: BundledGrammars = { files, elements: folder.elements(), rules, plans: {} };
  const checked: GrammarSource = {
    file: <T>(name: string) => data.files[name] as T,
    elements: <T>() => data.elements as { file: string; data: T }[],
    rule: <T>(id: string) => data.rules[id] as T,
    pattern: (spec, where) => {
      const re = folder.pattern(spec, where);
      data.plans[re.source] = sourcePlan(re);
      return re;
    },
  };
  compileGrammars(checked);
  return data;
}

/** The claim schema's validator as an ES module exporting `validateClaim`, needing nothing at run time. */
export function claimValidatorModule(dir: string): string {
  const ajv = new Ajv2020({ allErrors: true, strict: false, useDefaults: true, code: { source: true, esm: true } });
  ajv.addSchema(JSON.parse(readFileSync(join(dir, 'schema', 'claim.schema.json'), 'utf8')), 'claim');
  const code = standalone.default(ajv, { validateClaim: 'claim' });
  if (/\brequire\(/.test(code)) throw new Error('the compiled claim validator requires ajv at run time; bundle that module or drop the keyword that needs it');
  return code;
}
