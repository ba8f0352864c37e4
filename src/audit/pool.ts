import { Piscina } from 'piscina';
import { availableParallelism } from 'node:os';
import { batchRunner, type Task, type WorkerSettings } from './task.js';
import { beside, execArgvFor } from '../beside.js';

/** Runs batches of tasks on worker threads; each batch resolves to its records' results.jsonl lines, in order. */
export interface Pool {
  /** worker threads; 0 when the records are linted on the calling thread */
  readonly threads: number;
  run(tasks: Task[]): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * The worker beside this module: dist/worker.js when bundled (this code then lives in
 * dist/cli.js or dist/bench.js), src/audit/worker.ts when running from source under tsx/vitest.
 */
export function defaultWorkerUrl(): URL {
  return beside(import.meta.url, './worker.ts', './worker.js');
}

/**
 * Each worker's heap ceiling. Left alone, V8 lets garbage pile up far past the live set before
 * collecting; capped, it collects sooner and RSS stays flat (about 90 MB a worker, measured). 128 MB
 * of old space holds the largest record (MAX_RECORD_BYTES, 1 MiB, needs about 100 MB); a record
 * that still overflows kills only its worker, and its row says so. A bigger young generation
 * lints ~10% faster but costs ~25 MB a worker.
 */
const WORKER_HEAP = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 24 };

/**
 * A small input linted on this thread: starting worker threads (each compiling the grammars)
 * costs more than the whole input takes. A batch runs in one go, as it would on a worker.
 */
export function inlinePool(settings: WorkerSettings): Pool {
  const runBatch = batchRunner(settings);
  return {
    threads: 0,
    run: async (tasks) => runBatch(tasks),
    close: async () => {},
  };
}

export function startPool(options: { threads?: number; workerUrl?: URL; workerData?: WorkerSettings } = {}): Pool {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const url = options.workerUrl ?? defaultWorkerUrl();
  const piscina = new Piscina<Task[], string[]>({
    filename: url.href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    workerData: options.workerData,
    resourceLimits: WORKER_HEAP,
    // one batch per worker at a time (piscina's default, said aloud): a second one queued behind it
    // would die with it if a record exhausts the heap
    concurrentTasksPerWorker: 1,
    // a TypeScript worker (running from src/) needs the tsx loader, a devDependency
    execArgv: execArgvFor(url),
  });
  return {
    threads,
    run: (tasks) => piscina.run(tasks),
    close: () => piscina.destroy(),
  };
}
