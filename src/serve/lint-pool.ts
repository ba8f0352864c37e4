import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import PQueue from 'p-queue';
import { lint } from '../lint.js';
import type { HookJob, LintJob } from './lint-worker.js';
import { answerHook, type HookAnswer } from './cds-cards.js';
import { beside, execArgvFor } from '../beside.js';
import { HttpError } from '../errors.js';
import { DEFAULT_LINT_TIMEOUT_MS, DEFAULT_MAX_QUEUE, QUEUE_RETRY_AFTER_S } from './limits.js';
import { claimJob, DROPPED, newJobState } from './job-state.js';

/**
 * Runs jobs on the lint threads. `gone` aborts when the request's client has left (clientGone): a
 * job still waiting for a thread is then dropped, unlinted, and rejects with a 499.
 */
interface Runs {
  /** a request's note linted, to the result's JSON text */
  lint(job: LintJob, gone?: AbortSignal): Promise<string>;
  /** a CDS Hooks call's cards, made on the lint thread */
  answer(job: HookJob, gone?: AbortSignal): Promise<HookAnswer>;
}

/** A place in the queue taken before its job is known: run the job with it, or release it. */
export interface Place extends Runs {
  release(): void;
}

/** Lints requests' notes: in-process, or on worker threads so every core serves requests. */
export interface Linter extends Runs {
  /** a place taken now (503 queue-full, thrown, when there is none), for a request that reads its note from elsewhere first */
  reserve(): Place;
  /** resolves once the lint threads have started (and compiled the grammars) */
  ready(): Promise<void>;
  close(): Promise<void>;
  /** requests refused since start because the queue was full (503 queue-full) */
  readonly queueFull: number;
  /** requests dropped since start, unlinted, because their client left while they waited */
  readonly queueAbandoned: number;
}

export interface LinterOptions {
  /** worker threads; 0 lints on the calling thread, where no budget or heap cap can apply */
  threads: number;
  /** the time a request's lint may take on its thread before the thread is stopped (ms) */
  timeoutMs?: number;
  /** each lint thread's heap (MB): a note that needs more costs that thread, not the process */
  heapMb?: number;
  /** requests that may wait for a thread besides those the threads have in hand; the next is refused at once */
  maxQueue?: number;
}


export function startLinter({ threads, timeoutMs = DEFAULT_LINT_TIMEOUT_MS, heapMb, maxQueue = DEFAULT_MAX_QUEUE }: LinterOptions): Linter {
  // on the calling thread nothing waits: each lint runs as its request is handled
  if (threads <= 0) {
    const inline: Place = { lint: async (job) => JSON.stringify(lint(job.text, job)), answer: async (job) => answerHook(lint(job.text, job), job.text, job.hook), release: () => {} };
    return { ...inline, reserve: () => inline, ready: async () => {}, close: async () => {}, queueFull: 0, queueAbandoned: 0 };
  }
  // dist/serve-worker.js beside the bundle, or the TypeScript source under tsx (tests)
  const url = beside(import.meta.url, './lint-worker.ts', './serve-worker.js');
  const piscina = new Piscina<LintJob, string | HookAnswer | undefined>({
    filename: url.href,
    minThreads: threads,
    maxThreads: threads,
    // a worker refuses heap flags (its heap is resourceLimits): those of a capped server process are left out
    execArgv: execArgvFor(url).filter((a) => !a.startsWith('--max-old-space-size')),
    ...(heapMb ? { resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, heapMb / 8)) } } : {}),
  });
  // requests wait here, first come first served: piscina's own queue sends a waiting task to its
  // back whenever a thread frees up with another task queued behind it, so under sustained load
  // some requests waited seconds while most took milliseconds. One task per thread waits inside
  // piscina, so a thread that finishes starts its next note without waiting for the event loop
  // (with more than two threads those few may be reordered among themselves, no further). A job
  // whose client leaves is taken out of the line at once (p-queue's signal), or skipped by its
  // thread if already handed over (job-state.ts)
  const queue = new PQueue({ concurrency: threads * 2 });
  const refusal = (e: unknown): never => {
    const error = e as NodeJS.ErrnoException;
    if (error.name === 'AbortError') {
      throw new HttpError(503, 'lint-timeout', `the lint took longer than the ${timeoutMs} ms budget (guidelint serve --lint-timeout) and was stopped; the server is fine, retry later or send a shorter note`);
    }
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      throw new HttpError(503, 'lint-out-of-memory', `the lint needed more than the ${heapMb} MB heap of a lint thread (guidelint serve --max-heap) and was stopped; the server is fine`);
    }
    throw e;
  };
  // a burst beyond the queue is refused at once: queued, it would only grow memory and every
  // waiting request's latency. Counted on admission (active + waiting + places reserved by
  // requests still reading their note), so a request the queue has not started yet is counted too
  let refused = 0;
  let abandoned = 0;
  let reserved = 0;
  const queueFull = () => new HttpError(503, 'queue-full', `every lint thread is busy and the wait queue is full (guidelint serve --max-queue ${maxQueue}); the server is fine, retry shortly`, {}, { 'retry-after': String(QUEUE_RETRY_AFTER_S) });
  // no one receives it: the connection is gone (499, as proxies log a client that closed first)
  const clientClosed = () => new HttpError(499, 'client-closed', 'the client closed its connection while the request waited for a lint thread; it was not linted');
  const reserve = (): Place => {
    if (queue.pending + queue.size + reserved >= queue.concurrency + maxQueue) {
      refused++;
      throw queueFull();
    }
    reserved++;
    let held = true;
    const release = () => {
      if (held) reserved--;
      held = false;
    };
    const run = <T extends string | HookAnswer>(job: LintJob, task: string | undefined, gone?: AbortSignal) => {
      // the place passes to the queue in the same tick
      release();
      return enqueue<T>(job, task, gone);
    };
    return { lint: (job, gone) => run<string>(job, undefined, gone), answer: (job, gone) => run<HookAnswer>(job, 'answerInWorker', gone), release };
  };
  /** `task`: the worker's function, the default (lint to JSON text) or answerInWorker */
  const enqueue = async <T extends string | HookAnswer>(job: LintJob, task: string | undefined, gone?: AbortSignal): Promise<T> => {
    const state = newJobState();
    // aborted only for a job that has not started on a thread: p-queue takes it out of the line, or
    // (handed to piscina already) frees its turn while the thread skips it
    const waiting = new AbortController();
    const drop = () => {
      if (!claimJob(state, DROPPED)) return;
      abandoned++;
      waiting.abort(clientClosed());
    };
    if (gone?.aborted) drop();
    gone?.addEventListener('abort', drop, { once: true });
    try {
      const result = await queue.add(() => runOnThread<T>({ ...job, state }, task), { signal: waiting.signal });
      if (result === undefined) throw clientClosed(); // not reached: a skipped job's turn was rejected first
      return result;
    } finally {
      gone?.removeEventListener('abort', drop);
    }
  };
  const runOnThread = async <T extends string | HookAnswer>(job: LintJob, task?: string): Promise<T | undefined> => {
    // the budget runs from when a thread starts on the note, not from the queue or a thread's
    // start-up: the worker says when it begins. Aborting a running task terminates its thread,
    // and piscina starts a fresh one in its place.
    const { port1, port2 } = new MessageChannel();
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    port1.once('message', () => (timer = setTimeout(() => abort.abort(), timeoutMs)));
    try {
      return (await piscina.run({ ...job, started: port2 }, { name: task, signal: abort.signal, transferList: [port2] })) as T | undefined;
    } catch (e) {
      return refusal(e);
    } finally {
      clearTimeout(timer);
      port1.close();
    }
  };
  return {
    lint: async (job, gone) => reserve().lint(job, gone),
    answer: async (job, gone) => reserve().answer(job, gone),
    reserve,
    // one small note per thread, without a budget: a thread's start-up is not a lint's time
    ready: async () => void (await Promise.all(Array.from({ length: threads }, () => piscina.run({ text: 'warm-up' })))),
    close: () => piscina.destroy(),
    get queueFull() {
      return refused;
    },
    get queueAbandoned() {
      return abandoned;
    },
  };
}
