// The service's worker entry (bundled to dist/serve-worker.js): lints one request's note off the
// main thread. Claims and configs arrive already validated by the server.
import { lint, type LintOptions } from '../lint.js';
import type { MessagePort } from 'node:worker_threads';
import { compromise } from '../context/nlp.js';
import { answerHook, type HookAnswer, type HookFacts } from './cds-cards.js';

// the grammars compile and compromise loads with the worker, not on the first request it lints
// (whose time budget would pay for them)
lint('warm-up');
compromise()('Warm up, please.').clauses();

export interface LintJob extends LintOptions {
  text: string;
  /** told when the lint starts: the request's time budget runs from then */
  started?: MessagePort;
}

/** Lints the job's note, first telling the server the lint (and its time budget) starts. */
function lintStarted(job: LintJob) {
  job.started?.postMessage('started');
  return lint(job.text, { filename: job.filename, claim: job.claim, config: job.config });
}

/** The result as JSON text: a string crosses back to the main thread cheaper than an object, and is sent as is. */
export default function lintInWorker(job: LintJob): string {
  return JSON.stringify(lintStarted(job));
}

export interface HookJob extends LintJob {
  hook: HookFacts;
}

/** A CDS Hooks call's answer (piscina task name 'answerInWorker'). */
export function answerInWorker(job: HookJob): HookAnswer {
  return answerHook(lintStarted(job), job.text, job.hook);
}
