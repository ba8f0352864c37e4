import type { LintResult } from '../types.js';

export interface PhysicianQuery {
  text: string;
  markdown: string;
  fhir: object;
}

/** src/query's generator: null when the result calls for no query. */
export type BuildQuery = (result: LintResult, text: string, opts?: object) => PhysicianQuery | null;

// src/query is written alongside this service. Until it lands the specifier is kept out of the
// type checker's and the bundler's sight; once it exists, switch to `import('../query/index.js')`
// so esbuild bundles it (a computed specifier only resolves when running from src/).
const QUERY_MODULE = '../query/index.js';

/** The query generator if this build has one, else undefined (the route answers 501). */
export async function loadQueryBuilder(): Promise<BuildQuery | undefined> {
  try {
    const mod = (await import(/* @vite-ignore */ QUERY_MODULE)) as { buildQuery?: unknown };
    return typeof mod.buildQuery === 'function' ? (mod.buildQuery as BuildQuery) : undefined;
  } catch {
    return undefined;
  }
}
