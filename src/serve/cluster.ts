// `guidelint serve` on several processes (node:cluster): each runs the whole server and lints on
// its own event loop, the primary hands the connections out. Handing a note to a worker thread
// costs about as much CPU as linting it, so on a small machine processes serve more requests, and
// sooner, than threads do (see the README's service figures).
import cluster, { type Worker } from 'node:cluster';
import { checkExposure, type ListenOptions } from './listen.js';
import { beside, execArgvFor } from '../beside.js';
import { DEFAULT_HEAP_MB } from './limits.js';

/** What a serve process needs to start: ListenOptions without functions, so it crosses to a child. */
export interface ProcessOptions extends Omit<ListenOptions, 'log' | 'queryBuilder'> {
  accessLog: boolean;
}

export const OPTIONS_ENV = 'GUIDELINT_SERVE_PROCESS';

/** A serve process tells the primary how its start went. */
export type ProcessReport = { kind: 'listening'; url: string } | { kind: 'failed'; message: string; code?: string };

/** A failure to start that the user can fix (the port is taken, the address is not local). */
export class StartFailed extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

/**
 * Forks `processes` serve processes and resolves with the URL once every one listens; a process
 * that dies later is replaced. `stop()` closes them all.
 */
export async function startCluster(options: ProcessOptions, processes: number, warn: (line: string) => void): Promise<{ url: string; stop: () => Promise<void> }> {
  checkExposure(options);
  const entry = beside(import.meta.url, './process.ts', './serve-process.js');
  // a process's heap is capped, so a request that would need more ends that process (replaced
  // below) instead of growing until the machine swaps
  const heapCap = `--max-old-space-size=${options.heapMb ?? DEFAULT_HEAP_MB}`;
  cluster.setupPrimary({ exec: entry.pathname, execArgv: [...execArgvFor(entry), heapCap], silent: false });
  let stopping = false;
  const env = { [OPTIONS_ENV]: JSON.stringify(options) };
  const fork = (): Worker => cluster.fork(env);

  const workers: Worker[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    let listening = 0;
    let address = '';
    for (let i = 0; i < processes; i++) {
      const worker = fork();
      workers.push(worker);
      worker.on('message', (report: ProcessReport) => {
        if (report.kind === 'failed') return reject(new StartFailed(report.message, report.code));
        address = report.url;
        if (++listening === processes) resolve(address);
      });
      worker.once('exit', (code) => reject(new StartFailed(`a serve process exited with code ${code} before it listened`)));
    }
  }).catch(async (e) => {
    stopping = true;
    await Promise.all(workers.map((w) => new Promise((done) => (w.isDead() ? done(undefined) : (w.once('exit', done), w.kill())))));
    throw e;
  });

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    // a note that crashes one process must not take the service down: start another in its place
    warn(JSON.stringify({ time: new Date().toISOString(), event: 'serve process exited', pid: worker.process.pid, code, signal, replaced: true }));
    fork();
  });

  return {
    url,
    stop: async () => {
      stopping = true;
      await new Promise<void>((done) => cluster.disconnect(() => done()));
    },
  };
}
