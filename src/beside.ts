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
