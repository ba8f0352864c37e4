// The service's worker entry (bundled to dist/serve-worker.js): lints one request's note off the
// main thread. Claims and configs arrive already validated by the server.
import { lint, type LintOptions } from '../lint.js';
import type { LintResult } from '../types.js';

export interface LintJob extends LintOptions {
  text: string;
}

export default function lintInWorker(job: LintJob): LintResult {
  return lint(job.text, { filename: job.filename, claim: job.claim, config: job.config });
}
