import type { LintResult } from '../types.js';

export interface PhysicianQuery {
  text: string;
  markdown: string;
  fhir: object;
}

/** src/query's generator: null when the result calls for no query. */
export type BuildQuery = (result: LintResult, text: string) => PhysicianQuery | null;

/** The query generator if this build has one, else undefined (the route answers 501). */
export async function loadQueryBuilder(): Promise<BuildQuery | undefined> {
  try {
    const mod: { buildQuery?: unknown } = await import('../query/query.js');
    return typeof mod.buildQuery === 'function' ? (mod.buildQuery as BuildQuery) : undefined;
  } catch {
    return undefined;
  }
}
