// The piscina worker entry (bundled to dist/worker.js): grammars compile on the first task and
// stay cached for the worker's life.
import { workerData } from 'piscina';
import { batchRunner, type WorkerSettings } from './task.js';

export default batchRunner((workerData ?? {}) as WorkerSettings);
