import { Piscina } from 'piscina';
import { availableParallelism } from 'node:os';
import type { Task } from './task.js';

/** Runs tasks on worker threads; each resolves to that record's results.jsonl line. */
export interface Pool {
  readonly threads: number;
  run(task: Task): Promise<string>;
  close(): Promise<void>;
}

/**
 * The worker beside this module: dist/worker.js when bundled (this code then lives in
 * dist/cli.js or dist/bench.js), src/audit/worker.ts when running from source under tsx/vitest.
 */
export function defaultWorkerUrl(): URL {
  return new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
}

export function startPool(options: { threads?: number; workerUrl?: URL; workerData?: unknown } = {}): Pool {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const url = options.workerUrl ?? defaultWorkerUrl();
  const piscina = new Piscina<Task, string>({
    filename: url.href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    workerData: options.workerData,
    // a TypeScript worker (running from src/) needs the tsx loader, a devDependency
    ...(url.pathname.endsWith('.ts') ? { execArgv: [...process.execArgv, '--import', 'tsx'] } : {}),
  });
  return {
    threads,
    run: (task) => piscina.run(task),
    close: () => piscina.destroy(),
  };
}
