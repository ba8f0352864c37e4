// Writes src/grammar/schema-types/<grammar>.ts, the TypeScript type of each grammar file as its
// JSON Schema (grammars/schema/) defines it: the schema is the one source, the loader reads
// these types. Run by scripts/build.mjs; `node scripts/grammar-types.mjs --check` exits 1 when a
// file is out of date (a test runs it). The generator is a dev dependency: a production install,
// which never changes a schema, skips it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
const OUT = 'src/grammar/schema-types/';
/** the grammar files the loader reads, each to the type named here */
const GRAMMARS = { needle: 'NeedleFile', context: 'ContextFile', sections: 'SectionsFile', modalities: 'ModalitiesFile', sites: 'SitesFile', placeholders: 'PlaceholdersFile', technique: 'TechniqueFile', element: 'ElementFile', rule: 'RuleFile', sessions: 'SessionsFile', 'inclusive-procedures': 'InclusiveProceduresFile', 'judged-codes': 'JudgedCodesFile', sources: 'SourcesFile' };

async function sources() {
  let compile;
  try {
    ({ compile } = await import('json-schema-to-typescript'));
  } catch {
    return null;
  }
  const out = {};
  for (const [name, type] of Object.entries(GRAMMARS)) {
    const schema = JSON.parse(readFileSync(new URL(`grammars/schema/${name}.schema.json`, root), 'utf8'));
    delete schema.$id;
    const body = await compile({ ...schema, title: type }, type, { bannerComment: '', additionalProperties: false, ignoreMinAndMaxItems: true, format: true, style: { singleQuote: true, printWidth: 140 }, unreachableDefinitions: false });
    out[name] = `// Generated from grammars/schema/${name}.schema.json by scripts/grammar-types.mjs (run by the build): do not edit.\n${body}`;
  }
  return out;
}

/** Writes the files that differ; returns how many it wrote (null: generator not installed). */
export async function writeGrammarTypes() {
  const all = await sources();
  if (!all) return null;
  mkdirSync(new URL(OUT, root), { recursive: true });
  let wrote = 0;
  for (const [name, text] of Object.entries(all)) {
    const path = new URL(`${OUT}${name}.ts`, root);
    let old = '';
    try {
      old = readFileSync(path, 'utf8');
    } catch {}
    if (old !== text) (writeFileSync(path, text), wrote++);
  }
  return wrote;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const all = await sources();
    const stale = Object.entries(all ?? {}).filter(([name, text]) => {
      try {
        return readFileSync(new URL(`${OUT}${name}.ts`, root), 'utf8') !== text;
      } catch {
        return true;
      }
    });
    if (!all || stale.length) {
      console.error(all ? `${stale.map(([n]) => `${OUT}${n}.ts`).join(', ')} out of date with grammars/schema: run node scripts/build.mjs` : 'json-schema-to-typescript is not installed');
      process.exit(1);
    }
  } else {
    const wrote = await writeGrammarTypes();
    if (wrote) console.log(`wrote ${wrote} file(s) under ${OUT}`);
  }
}
