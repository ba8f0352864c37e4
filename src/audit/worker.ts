// The piscina worker entry (bundled to dist/worker.js): grammars compile on the first task and
// stay cached for the worker's life.
import { workerData } from 'piscina';
import type { Config } from '../config.js';
import { auditTask, lintRecord, type Task } from './task.js';

const analyse = lintRecord((workerData as { config?: Config } | undefined)?.config);

export default function auditInWorker(tasks: Task[]): string[] {
  return tasks.map((task) => auditTask(task, analyse));
}
