import { Piscina } from 'piscina';
import { lint } from '../lint.js';
import type { LintResult } from '../types.js';
import type { LintJob } from './lint-worker.js';
import { beside, execArgvFor } from '../beside.js';

/** Lints a request's note, to the result's JSON text: in-process, or on worker threads so every core serves requests. */
export interface Linter {
  lint(job: LintJob): Promise<string>;
  /** the result as an object (the CDS service reads it): in-process, without a JSON round trip */
  result(job: LintJob): Promise<LintResult>;
  close(): Promise<void>;
}

export function startLinter(threads: number): Linter {
  if (threads <= 0) return { lint: async (job) => JSON.stringify(lint(job.text, job)), result: async (job) => lint(job.text, job), close: async () => {} };
  // dist/serve-worker.js beside the bundle, or the TypeScript source under tsx (tests)
  const url = beside(import.meta.url, './lint-worker.ts', './serve-worker.js');
  const piscina = new Piscina<LintJob, string>({
    filename: url.href,
    minThreads: threads,
    maxThreads: threads,
    execArgv: execArgvFor(url),
  });
  return { lint: (job) => piscina.run(job), result: async (job) => JSON.parse(await piscina.run(job)) as LintResult, close: () => piscina.destroy() };
}
