import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A worker or child-process entry beside the calling module: `bundled` in dist/ once esbuild has
 * run, `source` when the caller itself runs from src/ under tsx (the tests).
 */
export function beside(from: string, source: string, bundled: string): URL {
  return new URL(from.endsWith('.ts') ? source : bundled, from);
}

/** What a worker or child needs to run `entry`: the tsx loader when it is TypeScript. */
export function execArgvFor(entry: URL): string[] {
  return entry.pathname.endsWith('.ts') ? [...process.execArgv, '--import', 'tsx'] : process.execArgv;
}

/**
 * The package folder (holding web/, README.md and package.json), whether running from src/ (tests,
 * tsx) or from the dist/ bundle: esbuild copies neither the page nor the README.
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'web', 'index.html'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('web/ folder not found beside the guidelint package');
}
