// Bundles the CLI, the library, the audit worker and the benchmark with esbuild (run by `npm ci` via prepare).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entryPoints = {
  cli: 'src/cli/main.ts',
  index: 'src/index.ts',
  worker: 'src/audit/worker.ts',
  'serve-worker': 'src/serve/lint-worker.ts',
  'serve-process': 'src/serve/process.ts',
  bench: 'src/bench/main.ts',
};
for (const [name, path] of Object.entries(entryPoints)) if (!existsSync(path)) delete entryPoints[name];

await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  // native and worker-spawning packages stay outside the bundle
  packages: 'external',
  logLevel: 'warning',
});
