// The audit over a Redis job queue (BullMQ): `enqueue` turns an input into jobs of record batches,
// `worker` lints them with the audit's own unit (auditTask, error rows included) and keeps the rows,
// `finalizeQueue` gathers them into the audit's outputs. Jobs carry raw record bytes, as the worker
// threads get them, so a queued row is byte for byte the row `guidelint audit` writes.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { setImmediate as yieldToTimers } from 'node:timers/promises';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { UsageError } from '../errors.js';
import { openInput, type InputFormat, type InputSpec } from './input.js';
import { auditTask, lintRecord, splitOutput, type AuditRow, type Task, type CsvColumns } from './task.js';
import type { ExcerptLine } from './excerpt.js';
import { writeReports, OUTPUTS } from './finalize.js';
import { writeJsonAtomic, writingTo } from './file.js';
import { SpoolIndex } from './spool.js';
import type { Totals } from './tally.js';

export const DEFAULT_QUEUE = 'guidelint-audit';
export const DEFAULT_BATCH = 50;
/** Where a worker's rows wait in --out until `worker --finalize`. */
export const QUEUE_ROWS_DIR = 'queue-rows';

/** A Task as JSON: bytes as latin1 strings, which round-trip any byte exactly. */
type JobTask =
  | { kind: 'file'; record: number; path: string }
  | { kind: 'json'; record: number; line: number; bytes: string }
  | { kind: 'csv'; record: number; fields: Record<string, string>; columns: CsvColumns }
  | { kind: 'bad'; record: number; name: string; error: string };

export interface BatchJob {
  /** the input's identity: a digest of its bytes and the settings that read it */
  input: string;
  batch: number;
  tasks: JobTask[];
}

/** What enqueue records of each input (no note text): the worker's finalize checks every record came back. */
export interface QueuedInput {
  path: string;
  format: InputFormat;
  records: number;
  batches: number;
}

const toLatin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
const fromLatin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

function toJobTask(task: Task): JobTask {
  switch (task.kind) {
    case 'json': return { ...task, bytes: toLatin1(task.bytes) };
    case 'csv': return { ...task, fields: Object.fromEntries(Object.entries(task.fields).map(([k, v]) => [k, toLatin1(v)])) };
    default: return task;
  }
}

function fromJobTask(task: JobTask): Task {
  switch (task.kind) {
    case 'json': return { ...task, bytes: fromLatin1(task.bytes) };
    case 'csv': return { ...task, fields: Object.fromEntries(Object.entries(task.fields).map(([k, v]) => [k, fromLatin1(v)])) };
    default: return task;
  }
}

/**
 * A Redis connection from a redis:// URL (a password in it is sent with AUTH). BullMQ needs
 * `maxRetriesPerRequest: null` so a blocking wait for jobs survives a reconnect.
 */
export function connect(url: string): Redis {
  if (!/^rediss?:\/\//.test(url)) throw new UsageError(`--redis takes a redis:// URL, e.g. redis://:PASSWORD@127.0.0.1:6379 (got "${url.replace(/\/\/[^@/]*@/, '//…@')}")`);
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
}

/** Connects now, so a wrong address or password is one clear error rather than endless retries. */
async function ready(redis: Redis): Promise<Redis> {
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    redis.disconnect();
    throw new UsageError(`--redis: cannot use the server: ${(e as Error).message}`);
  }
  return redis;
}

const manifestKey = (queue: string): string => `bull:${queue}:guidelint-inputs`;

/**
 * The input's identity: its bytes (every note file's, for a directory) and the settings that cut
 * it into jobs, the batch size included (another size would give the same job ids other records).
 */
async function inputIdentity(spec: InputSpec, format: InputFormat, batchSize: number, tasks: () => AsyncGenerator<Task>): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify({ format, text: spec.textColumn, id: spec.idColumn, claim: spec.claimColumn, batchSize }));
  if (format === 'notes') {
    for await (const task of tasks()) if (task.kind === 'file') hash.update(`${task.path}\0`).update(readFileSync(task.path)).update('\0');
  } else {
    for await (const chunk of createReadStream(spec.path)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex').slice(0, 24);
}

export interface EnqueueOptions extends InputSpec {
  redis: string;
  queue?: string;
  batch?: number;
}

export interface EnqueueOutcome {
  input: string;
  records: number;
  batches: number;
  /** jobs added now; 0 when every batch was queued before */
  added: number;
  /** true: the whole input had been enqueued before, so nothing was read or added */
  already: boolean;
  /** batches of the input that had failed every attempt, put back in the queue now */
  retried: number;
}

/**
 * The ids of the input's batches that failed every attempt: their jobs (records included) stay in
 * Redis until retried, so only ids are read here, and jobs one at a time.
 */
async function failedBatches(queue: Queue<BatchJob>, input: string): Promise<string[]> {
  return (await queue.getRanges(['failed'])).filter((id) => id.startsWith(`${input}-`));
}

/** Puts the input's failed batches back in the queue, with their attempts counted afresh. */
async function retryFailed(queue: Queue<BatchJob>, input: string): Promise<number> {
  const failed = await failedBatches(queue, input);
  for (const id of failed) await (await queue.getJob(id))?.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  return failed.length;
}

/**
 * Adds one job per batch of records. The job id is the input's identity and the batch number, so
 * running enqueue again adds nothing that is still queued, and an input enqueued in full before is
 * not added again at all (the manifest in Redis says so). Running it again also retries the
 * input's batches that failed every attempt.
 */
export async function enqueue(o: EnqueueOptions): Promise<EnqueueOutcome> {
  const batchSize = o.batch ?? DEFAULT_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError('--batch takes a whole number of records, at least 1');
  if (o.path === '-') throw new UsageError('enqueue reads a file or directory (its bytes name the jobs), not standard input');
  const queueName = o.queue ?? DEFAULT_QUEUE;
  const input = await openInput(o);
  const redis = await ready(connect(o.redis));
  const queue = new Queue<BatchJob>(queueName, { connection: redis });
  try {
    const id = await inputIdentity(o, input.format, batchSize, () => input.tasks());
    const earlier = await redis.hget(manifestKey(queueName), id);
    if (earlier) {
      const m = JSON.parse(earlier) as QueuedInput;
      return { input: id, records: m.records, batches: m.batches, added: 0, already: true, retried: await retryFailed(queue, id) };
    }
    let records = 0;
    let batches = 0;
    let added = 0;
    let tasks: JobTask[] = [];
    const flush = async (): Promise<void> => {
      if (!tasks.length) return;
      const jobId = `${id}-${++batches}`;
      // an id already queued is left as it is: BullMQ returns the existing job
      if (!(await queue.getJob(jobId))) added++;
      await queue.add('audit', { input: id, batch: batches, tasks }, { jobId, removeOnComplete: true, attempts: 3, backoff: { type: 'fixed', delay: 1000 } });
      tasks = [];
    };
    for await (const task of input.tasks()) {
      records++;
      tasks.push(toJobTask(task));
      if (tasks.length >= batchSize) await flush();
    }
    await flush();
    const manifest: QueuedInput = { path: resolve(o.path), format: input.format, records, batches };
    await redis.hset(manifestKey(queueName), id, JSON.stringify(manifest));
    // an enqueue interrupted before its manifest may have left batches that failed since
    return { input: id, records, batches, added, already: false, retried: await retryFailed(queue, id) };
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

export interface WorkerOptions {
  redis: string;
  queue?: string;
  /** the directory the rows go to (collected by finalizeQueue) */
  out?: string;
  /** or: a queue the rows go to, one job per batch (same job id as the batch) */
  resultsQueue?: string;
  config?: Config;
  /** seconds a batch stays locked to its worker: after a crash, about this long until another takes it over */
  lockSeconds?: number;
  /** aborting finishes the batch in hand, then closes */
  signal?: AbortSignal;
  /** called after each batch's rows are kept */
  onBatch?: (rows: number) => void;
}

/** A worker's own rows file: one writer per file, so a worker killed mid-write tears only its own last line. */
class RowsFile {
  private readonly fd: number;
  constructor(private readonly path: string) {
    this.fd = writingTo(path, () => openSync(path, 'a'));
  }
  /** one write of whole lines; a full disk fails the job (it is run again), naming the file */
  append(text: string): void {
    const bytes = Buffer.from(text);
    writingTo(this.path, () => {
      for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at);
    });
  }
  close(): void {
    closeSync(this.fd);
  }
}

/** Consumes batch jobs until the signal aborts; resolves once the batch in hand is finished and kept. */
export async function runWorker(o: WorkerOptions): Promise<{ batches: number; rows: number }> {
  if (!o.out === !o.resultsQueue) throw new UsageError('worker needs exactly one of --out DIR and --results-queue NAME');
  const lockSeconds = o.lockSeconds ?? 30;
  if (!(lockSeconds >= 1)) throw new UsageError('--lock-seconds takes a number of seconds, at least 1');
  const queueName = o.queue ?? DEFAULT_QUEUE;
  const redis = await ready(connect(o.redis));
  const analyse = lintRecord(o.config);
  const withExcerpts = Boolean(o.out);
  const tag = `${hostname()}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const files = new Map<string, { rows: RowsFile; excerpts: RowsFile }>();
  const filesFor = (input: string): { rows: RowsFile; excerpts: RowsFile } => {
    let f = files.get(input);
    if (!f) {
      const dir = join(o.out!, QUEUE_ROWS_DIR);
      mkdirSync(dir, { recursive: true });
      f = { rows: new RowsFile(join(dir, `${input}.${tag}.rows.jsonl`)), excerpts: new RowsFile(join(dir, `${input}.${tag}.excerpts.jsonl`)) };
      files.set(input, f);
    }
    return f;
  };
  const results = o.resultsQueue ? new Queue(o.resultsQueue, { connection: redis }) : null;
  let batches = 0;
  let rowCount = 0;

  const processBatch = async (job: Job<BatchJob>): Promise<void> => {
    const rows: string[] = [];
    const excerpts: string[] = [];
    for (const task of job.data.tasks) {
      const output = splitOutput(auditTask(fromJobTask(task), analyse, withExcerpts));
      rows.push(output.row);
      if (output.excerpts) excerpts.push(output.excerpts);
      // lets the lock renewal run between records: a long batch is not taken for a stalled one
      await yieldToTimers();
    }
    if (results) {
      await results.add('rows', { input: job.data.input, batch: job.data.batch, rows }, { jobId: job.id });
    } else {
      const f = filesFor(job.data.input);
      // excerpts first: a row kept means its excerpts are kept too
      if (excerpts.length) f.excerpts.append(excerpts.join('\n') + '\n');
      f.rows.append(rows.join('\n') + '\n');
    }
    batches++;
    rowCount += rows.length;
    o.onBatch?.(rowCount);
  };

  const worker = new Worker<BatchJob>(queueName, processBatch, {
    connection: redis,
    concurrency: 1, // linting is CPU work: one batch at a time per process; run more processes for more cores
    lockDuration: lockSeconds * 1000,
    stalledInterval: lockSeconds * 1000,
    maxStalledCount: 5,
    removeOnComplete: { count: 0 },
    autorun: false,
  });
  // errors name the job, never its data (note text)
  worker.on('failed', (job, e) => process.stderr.write(`guidelint worker: batch ${job?.id ?? '?'} failed: ${e.message}\n`));
  worker.on('error', (e) => process.stderr.write(`guidelint worker: ${e.message}\n`));
  const stopped = new Promise<void>((done) => {
    if (o.signal?.aborted) done();
    o.signal?.addEventListener('abort', () => done(), { once: true });
  });
  const running = worker.run();
  await stopped;
  await worker.close(); // waits for the batch in hand
  await running;
  await results?.close();
  for (const f of files.values()) (f.rows.close(), f.excerpts.close());
  redis.disconnect();
  return { batches, rows: rowCount };
}

export interface FinalizeOptions {
  redis: string;
  queue?: string;
  out: string;
}

export interface QueueSummary {
  tool: 'guidelint worker --finalize';
  input: { path: string; format: InputFormat; id: string };
  recordsIn: number;
  resultsOut: number;
  /** rows written twice (a batch re-run after its worker died) and kept once */
  duplicates: number;
  totals: Totals;
}

/**
 * Gathers the rows the workers kept in `out` into results.jsonl (record order, each record once)
 * and writes the audit's reports from it. Refuses while any record of the input has no row.
 */
export async function finalizeQueue(o: FinalizeOptions): Promise<QueueSummary> {
  const dir = join(o.out, QUEUE_ROWS_DIR);
  const names = existsSync(dir) ? readdirSync(dir).sort() : [];
  const ids = [...new Set(names.map((n) => n.split('.')[0]))];
  if (ids.length !== 1) throw new UsageError(ids.length ? `${dir} holds rows of ${ids.length} inputs (${ids.join(', ')}); give each input its own --out` : `${dir}: no rows to finalize`);
  const id = ids[0];
  const queueName = o.queue ?? DEFAULT_QUEUE;
  const redis = await ready(connect(o.redis));
  const queue = new Queue<BatchJob>(queueName, { connection: redis });
  let manifest: QueuedInput;
  let failed: { count: number; firstReason?: string };
  try {
    const m = await redis.hget(manifestKey(queueName), id);
    if (!m) throw new UsageError(`input ${id} was not enqueued on queue "${queueName}" (or its enqueue did not finish)`);
    manifest = JSON.parse(m) as QueuedInput;
    const failedIds = await failedBatches(queue, id);
    failed = { count: failedIds.length, firstReason: failedIds.length ? (await queue.getJob(failedIds[0]))?.failedReason : undefined };
  } finally {
    await queue.close();
    redis.disconnect();
  }

  const rows = new SpoolIndex(manifest.records);
  const excerpts = new SpoolIndex(manifest.records);
  for (const name of names) {
    if (name.endsWith('.rows.jsonl')) await rows.add(join(dir, name));
    else if (name.endsWith('.excerpts.jsonl')) await excerpts.add(join(dir, name));
  }
  if (rows.count < manifest.records) {
    // a failed job's reason is the worker's own error (a file, a Redis call), never note text
    const why = failed.count
      ? `${failed.count} of its batches failed every attempt (first: ${failed.firstReason}): once the cause is fixed, run guidelint enqueue on the same input again to retry them`
      : 'the rest are still queued or in progress; finalize when the workers are done';
    throw new UsageError(`${o.out}: ${rows.count} of ${manifest.records} records have rows; ${why}`);
  }

  const inputPath = manifest.path;
  const { totals } = await writeReports(rows.found<AuditRow>(), o.out, {
    input: inputPath,
    format: manifest.format,
    excerpts: excerpts.read<ExcerptLine>(rows.order()),
  });
  const summary: QueueSummary = {
    tool: 'guidelint worker --finalize',
    input: { path: inputPath, format: manifest.format, id },
    recordsIn: manifest.records,
    resultsOut: rows.count,
    duplicates: rows.duplicates,
    totals,
  };
  writeJsonAtomic(join(o.out, OUTPUTS.summary), summary);
  // the rows now live in results.jsonl, the excerpts in report.html
  rmSync(dir, { recursive: true, force: true });
  return summary;
}
