// The service's worker entry (bundled to dist/serve-worker.js): lints one request's note off the
// main thread. Claims and configs arrive already validated by the server.
import { lint, type LintOptions } from '../lint.js';
import type { MessagePort } from 'node:worker_threads';
import { compromise } from '../context/nlp.js';
import { answerHook, type HookAnswer, type HookFacts } from './cds-cards.js';
import { claimJob, STARTED } from './job-state.js';

// the grammars compile and compromise loads with the worker, not on the first request it lints
// (whose time budget would pay for them)
lint('warm-up');
compromise()('Warm up, please.').clauses();

export interface LintJob extends LintOptions {
  text: string;
  /** told when the lint starts: the request's time budget runs from then */
  started?: MessagePort;
  /** see job-state.ts: a job whose client left while it waited is dropped */
  state?: Int32Array;
}

/** Lints the job's note, first telling the server the lint (and its time budget) starts; undefined for a dropped job. */
function lintStarted(job: LintJob) {
  if (job.state && !claimJob(job.state, STARTED)) return undefined;
  job.started?.postMessage('started');
  return lint(job.text, { filename: job.filename, claim: job.claim, config: job.config });
}

/** The result as JSON text: a string crosses back to the main thread cheaper than an object, and is sent as is. */
export default function lintInWorker(job: LintJob): string | undefined {
  const result = lintStarted(job);
  return result && JSON.stringify(result);
}

export interface HookJob extends LintJob {
  hook: HookFacts;
}

/** A CDS Hooks call's answer (piscina task name 'answerInWorker'). */
export function answerInWorker(job: HookJob): HookAnswer | undefined {
  const result = lintStarted(job);
  return result && answerHook(result, job.text, job.hook);
}
