// The service's worker entry (bundled to dist/serve-worker.js): lints one request's note off the
// main thread. Claims and configs arrive already validated by the server.
import { lint, type LintOptions } from '../lint.js';
import { compromise } from '../context/nlp.js';

// compromise loads and warms up with the worker, not on the first request that needs a clause read
compromise()('Warm up, please.').clauses();

export interface LintJob extends LintOptions {
  text: string;
}

/** The result as JSON text: a string crosses back to the main thread cheaper than an object, and is sent as is. */
export default function lintInWorker(job: LintJob): string {
  return JSON.stringify(lint(job.text, { filename: job.filename, claim: job.claim, config: job.config }));
}
