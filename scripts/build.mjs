// Bundles the CLI, the library, the audit worker and the benchmark with esbuild (run by `npm pack` via prepack, and by bin/guidelint.js on first use in a checkout).
// The grammars are read, validated and ReDoS-checked here, once: the bundle carries the checked
// data (src/grammar/bundled.ts), so a lint run only makes RegExps and never loads yaml, ajv or
// safe-regex2 (GUIDELINT_GRAMMARS still names a folder to read and check at run time).
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeSectionCategories } from './section-categories.mjs';
import { writeGrammarTypes } from './grammar-types.mjs';

const entryPoints = {
  cli: 'src/cli/main.ts',
  index: 'src/index.ts',
  worker: 'src/audit/worker.ts',
  'serve-worker': 'src/serve/lint-worker.ts',
  'serve-process': 'src/serve/process.ts',
  'cds-store-thread': 'src/serve/cds-store-thread.ts',
  bench: 'src/bench/main.ts',
};
for (const [name, path] of Object.entries(entryPoints)) if (!existsSync(path)) delete entryPoints[name];

const common = { bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning' };

// the closed type of section categories, before anything is compiled against it
if (writeSectionCategories()) console.log('wrote src/grammar/section-category.ts (sections.yaml changed)');
if (await writeGrammarTypes()) console.log('wrote src/grammar/schema-types/ (a grammar schema changed)');

// the grammars, read and checked by the same code that reads a folder at run time
const precompile = `dist/.precompile-${process.pid}.mjs`;
let grammars, claimValidator;
try {
  await build({ ...common, entryPoints: ['src/grammar/precompile.ts'], outfile: precompile });
  const { bundleGrammars, claimValidatorModule } = await import(pathToFileURL(precompile).href);
  grammars = bundleGrammars('grammars');
  claimValidator = claimValidatorModule('grammars');
} finally {
  rmSync(precompile, { force: true });
}

const { metafile } = await build({
  ...common,
  entryPoints,
  outdir: 'dist',
  metafile: true,
  sourcemap: true,
  // a command's own packages (fastify, piscina, node-sqlite3-wasm, csv) load with its chunk, not on every run
  splitting: true,
  plugins: [
    {
      name: 'bundled-grammars',
      setup(b) {
        b.onLoad({ filter: /[\\/]src[\\/]grammar[\\/]bundled\.ts$/ }, () => ({
          contents: `${claimValidator}\nexport const bundled = JSON.parse(${JSON.stringify(JSON.stringify(grammars))});\n`,
          loader: 'js',
        }));
      },
    },
  ],
});

// chunks are named by content hash: drop those of earlier builds, so dist/ holds this build only
const outputs = new Set(Object.keys(metafile.outputs).map((f) => resolve(f)));
for (const f of readdirSync('dist')) if (/\.js(\.map)?$/.test(f) && !outputs.has(resolve(join('dist', f)))) rmSync(join('dist', f));
