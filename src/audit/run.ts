import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomInt } from 'node:crypto';
import type { Config } from '../config.js';
import { UsageError } from '../errors.js';
import { openInput, type Input, type InputFormat } from './input.js';
import { startPool, inlinePool } from './pool.js';
import { errorRow, splitOutput, taskName, type Task } from './task.js';
import { Sampler, type SampleReport } from './sample.js';
import { BufferedFile, OutputError, writeJsonAtomic } from './file.js';
import { repairRows, trimExcerpts, checkSettings, saveSettings } from './resume.js';
import { finishOutputs, OUTPUTS, REPORTS, type AuditSummary } from './finalize.js';
import { startProgress } from './progress.js';
import { untilAborted, batcher, rowsFile } from './stream.js';
import { parseShard, type Shard } from './slice.js';
import { lockDirectory } from './lock.js';
import type { Fees } from './fees.js';
import { readEarlierSummary, type EarlierSummary } from './compare.js';
import { VERSION } from '../version.js';

export type { AuditSummary } from './finalize.js';

export interface AuditOptions {
  /** a directory, note file or glob; a .jsonl or .csv file; or - for JSONL on stdin */
  input: string;
  /** the output directory; without it, input - writes JSONL rows to stdout */
  out?: string;
  format?: InputFormat;
  textColumn?: string;
  idColumn?: string;
  claimColumn?: string;
  threads?: number;
  resume?: boolean;
  overwrite?: boolean;
  sample?: number;
  seed?: string;
  stratifyBy?: string;
  /** with a folder or glob: gitignore-style patterns of files that are not notes */
  ignorePatterns?: string[];
  /** "K/N": the K-th of N contiguous parts of the input (a JSONL file's byte range, a directory's files) */
  shard?: string;
  /** added to every record and line number: a pipe's partition that starts after record N of the whole */
  recordOffset?: number;
  config?: Config;
  quiet?: boolean;
  /** aborting stops reading, finishes the records in flight and closes with complete rows only */
  signal?: AbortSignal;
  stdin?: AsyncIterable<Uint8Array>;
  stdout?: Writable;
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  /** another worker module (the benchmark's baseline) */
  workerUrl?: URL;
  /** false: results.jsonl only (the benchmark) */
  reports?: boolean;
  /** called as rows are written (a batch at a time), with the rows written so far */
  onRow?: (rows: number) => void;
  /** an earlier run's output directory: the report shows what improved and what regressed */
  compare?: string;
  /** guidance code → fee, from --fees: the report prices the claims at risk */
  fees?: Fees;
}

/** run.json: how one run went (summary.json says what its rows say). */
export interface RunFacts {
  version: string;
  startedAt: string;
  finishedAt: string;
  seconds: { lint: number; reports: number };
  /** worker threads; 0: a small input, linted on the main thread */
  threads: number;
  resumedAfter: number | null;
  peakRssMB: number;
}

export interface AuditOutcome {
  recordsIn: number;
  resultsOut: number;
  /** why the run stopped before the input's end: the signal aborted, or the reader of stdout went away */
  interrupted: false | 'aborted' | 'output closed';
  lintSeconds: number;
  summary?: AuditSummary;
  run?: RunFacts;
}

const utf8 = new TextDecoder();

/** The stratum a record belongs to, read cheaply on the main thread (sampling pass only). */
function stratumOf(task: Task, field: string): string {
  try {
    if (task.kind === 'json') {
      const v = (JSON.parse(utf8.decode(task.bytes)) as Record<string, unknown>)[field];
      if (v !== undefined && v !== null && v !== '') return String(v);
    } else if (task.kind === 'csv' && task.fields[field]?.length) {
      return utf8.decode(task.fields[field]);
    }
  } catch {
    // an unreadable record has no stratum; it still yields its error row if drawn
  }
  return '(none)';
}

// a sample this small is linted on the main thread, as a small input is
const SMALL_SAMPLE = 500;

// records per message to a worker: enough to amortise the round trip, few enough to keep rows flowing
const BATCH = { records: 32, bytes: 1 << 20, waitMs: 50 };

const taskBytes = (task: Task): number =>
  task.kind === 'json' ? task.bytes.length : task.kind === 'csv' ? Object.values(task.fields).reduce((n, f) => n + f.length, 0) : 0;

/** A record on its way to a worker, with the share of the input read up to it (the progress bar's). */
interface Item {
  task: Task;
  reached: number | undefined;
}

/**
 * Lints every record of the input on a worker pool and writes results.jsonl in input order, then
 * the reports. A full or failing disk stops the run with an OutputError that says how to go on.
 */
export async function runAudit(o: AuditOptions): Promise<AuditOutcome> {
  try {
    return await openAndLock(o);
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    // results.jsonl holds whole rows up to the failure (--resume cuts a torn last one), and every report is derived from it
    throw new OutputError(e.path, e.code, `the complete rows are kept; free some space, then run the same command with --resume to continue`);
  }
}

/** Checks the options, opens the input and holds the output directory's lock for the run. */
async function openAndLock(o: AuditOptions): Promise<AuditOutcome> {
  const started = new Date();
  const shard = parseShard(o.shard);
  if (o.sample !== undefined && (!Number.isInteger(o.sample) || o.sample < 1)) throw new UsageError('--sample takes a whole number of records, at least 1');
  if ((o.seed !== undefined || o.stratifyBy !== undefined) && o.sample === undefined) throw new UsageError('--seed and --stratify-by go with --sample');
  if (o.threads !== undefined && (!Number.isInteger(o.threads) || o.threads < 1)) throw new UsageError('--threads takes a whole number, at least 1');
  if (!o.out && o.input !== '-') throw new UsageError('--out DIR is required (only "audit -" may write rows to stdout)');
  if (o.resume && o.overwrite) throw new UsageError('--resume and --overwrite contradict each other');
  if (o.resume && !o.out) throw new UsageError('--resume needs --out DIR');
  if (o.recordOffset !== undefined && (!Number.isInteger(o.recordOffset) || o.recordOffset < 0)) throw new UsageError('--record-offset takes a whole number, at least 0');
  if (o.recordOffset && shard) throw new UsageError('--record-offset and --shard contradict each other (a shard knows its own place)');
  // read first: a wrong --compare directory is a usage error before any work
  const earlier = o.compare === undefined ? null : readEarlierSummary(o.compare);

  const input = await openInput({
    path: o.input, format: o.format, textColumn: o.textColumn, idColumn: o.idColumn, claimColumn: o.claimColumn, stdin: o.stdin, shard, recordOffset: o.recordOffset, ignorePatterns: o.ignorePatterns,
  });
  if (o.recordOffset && input.format === 'csv') throw new UsageError('--record-offset numbers JSONL lines and note files, not CSV rows');
  if (o.sample !== undefined && !input.rereadable) throw new UsageError('--sample reads the input twice; save standard input to a file first');
  const seed = o.sample !== undefined ? (o.seed ?? String(randomInt(1, 2 ** 31))) : undefined;
  const stderr = o.stderr ?? process.stderr;

  // the settings that decide which records are read and in what order: a resumed run must repeat them
  const settings = {
    version: VERSION,
    input: o.input === '-' ? '-' : resolve(o.input),
    format: input.format,
    columns: input.format === 'csv' ? { text: o.textColumn ?? 'text', id: o.idColumn ?? 'id', claim: o.claimColumn ?? 'claim' } : null,
    shard: o.shard ?? null,
    slice: input.slice,
    recordOffset: o.recordOffset ?? 0,
    sample: o.sample === undefined ? null : { size: o.sample, seed, stratifyBy: o.stratifyBy ?? null },
    config: o.config ?? null,
    // absent when none are given, so a run started before the option existed still resumes
    ignorePatterns: o.ignorePatterns?.length ? o.ignorePatterns : undefined,
  };

  let unlock = (): void => {};
  if (o.out) {
    mkdirSync(o.out, { recursive: true });
    // one writer per directory: a retried task whose first process still runs must not add rows beside it
    unlock = lockDirectory(join(o.out, OUTPUTS.lock), o.out);
  }
  try {
    return await audit(o, { input, settings, shard, seed, stderr, started, earlier });
  } finally {
    unlock();
  }
}

interface Prepared {
  input: Input;
  settings: Record<string, unknown> & { input: string };
  shard: Shard | null;
  seed: string | undefined;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  started: Date;
  earlier: EarlierSummary | null;
}

async function audit(o: AuditOptions, { input, settings, shard, seed, stderr, started, earlier }: Prepared): Promise<AuditOutcome> {
  let kept = 0;
  let lastKept: number | null = null;
  let sink: Writable;
  // the note's words around each finding, kept beside the rows until report.html takes them in
  let excerptFile: BufferedFile | null = null;
  const withExcerpts = Boolean(o.out) && o.reports !== false;
  if (o.out) {
    const rowsPath = join(o.out, OUTPUTS.rows);
    const settingsPath = join(o.out, OUTPUTS.settings);
    const excerptsPath = join(o.out, OUTPUTS.excerpts);
    if (o.resume && existsSync(rowsPath)) {
      checkSettings(settingsPath, settings);
      ({ rows: kept, lastRecord: lastKept } = repairRows(rowsPath));
      trimExcerpts(excerptsPath, lastKept ?? 0);
    } else {
      if (!o.resume && !o.overwrite && existsSync(rowsPath) && statSync(rowsPath).size > 0) {
        throw new UsageError(`${rowsPath} already holds results: continue it with --resume, or start again with --overwrite`);
      }
      rmSync(rowsPath, { force: true });
      rmSync(excerptsPath, { force: true });
      saveSettings(settingsPath, settings);
    }
    if (withExcerpts) excerptFile = new BufferedFile(excerptsPath, 'a');
    // reports from an earlier run must not sit beside rows they do not describe
    for (const f of REPORTS) rmSync(join(o.out, f), { force: true });
    // a row on disk has its excerpts on disk too, so a kill and --resume lose none from report.html
    sink = rowsFile(rowsPath, excerptFile ?? undefined);
  } else {
    sink = o.stdout ?? process.stdout;
  }

  let drawn: { records: Set<number>; report: SampleReport } | null = null;
  if (o.sample !== undefined) {
    const sampler = new Sampler(o.sample, seed!, o.stratifyBy ?? null);
    for await (const task of untilAborted(input.tasks(), o.signal)) {
      sampler.add(task.record, o.stratifyBy ? stratumOf(task, o.stratifyBy) : undefined);
    }
    drawn = sampler.draw();
  }
  const selected = (record: number): boolean => !drawn || drawn.records.has(record);

  const workerSettings = { config: o.config, excerpts: withExcerpts };
  const small = drawn ? drawn.records.size <= SMALL_SAMPLE : input.small;
  const pool = o.threads === undefined && !o.workerUrl && small ? inlinePool(workerSettings) : startPool({ threads: o.threads, workerUrl: o.workerUrl, workerData: workerSettings });
  const failed = (task: Task, e: Error): string => JSON.stringify(errorRow(task.record, taskName(task), {}, `${taskName(task)}: worker failed: ${e.message}`));
  // a batch whose worker died (a record exhausting the heap) is run again record by record, so
  // only the record that caused it gets an error row
  const dispatch = (batch: Task[]): Promise<string[]> =>
    pool.run(batch).catch((e: Error) =>
      batch.length === 1 ? [failed(batch[0], e)] : Promise.all(batch.map((task) => pool.run([task]).then(([line]) => line, (err: Error) => failed(task, err)))),
    );

  let recordsIn = 0;
  let written = kept;
  // the share of the input up to the last row written: rows finished, not bytes read ahead
  let doneFraction: number | undefined = 0;
  const progress = startProgress({
    quiet: o.quiet === true,
    stream: stderr,
    fraction: () => (drawn ? (written - kept) / Math.max(1, drawn.records.size - kept) : doneFraction),
  });
  let cutShort: AuditOutcome['interrupted'] = false;
  let inputFailure: unknown;

  // the pipeline's source: the records to lint, until the input ends or the signal aborts; the
  // sample's only, and after the rows a resumed run already has
  async function* records(): AsyncGenerator<Item> {
    try {
      for await (const task of untilAborted(input.tasks(), o.signal)) {
        if (!selected(task.record)) continue;
        // on --resume the rows already written are skipped, checking the input still lines up with them
        if (++recordsIn <= kept) {
          if (recordsIn === kept && task.record !== lastKept) throw inputChanged(`its row ${kept} is record ${task.record}, results.jsonl's is ${lastKept}`);
          continue;
        }
        yield { task, reached: input.progress() };
      }
    } catch (e) {
      // an unreadable input stops the run, but the rows already in flight are still written: kept
      // for after the pipeline, which would tear them down if this stage failed
      inputFailure = e;
    }
    // checked before draining: an abort after the input ended is too late to matter
    cutShort = o.signal?.aborted ? 'aborted' : false;
  }

  // rows leave in input order (Readable.map keeps it): a bounded number of batches in flight, and
  // few read ahead of them (high-water mark 0 here, 1 in the batcher), keep memory flat and every worker busy;
  // records travel in batches, so a worker is not left waiting on a message per record
  const concurrency = Math.max(1, pool.threads) * 3;
  const lint = (batches: AsyncIterable<Item[]>): Readable =>
    Readable.from(batches, { highWaterMark: 0 }).map(
      async (batch: Item[]) => ({ outputs: await dispatch(batch.map((i) => i.task)), reached: batch[batch.length - 1].reached }),
      { concurrency },
    );

  // each batch's rows as one write, their excerpts first (rowsFile flushes those before its rows),
  // counted for the progress bar as they go out
  async function* rows(linted: AsyncIterable<{ outputs: string[]; reached: number | undefined }>): AsyncGenerator<string> {
    for await (const { outputs, reached } of linted) {
      let text = '';
      for (const output of outputs) {
        const { row, excerpts } = splitOutput(output);
        if (excerpts) excerptFile?.write(excerpts + '\n');
        text += row + '\n';
      }
      written += outputs.length;
      doneFraction = reached;
      progress.update(written);
      o.onRow?.(written);
      yield text;
    }
  }

  const lintStart = performance.now();
  try {
    // stdout is the caller's: rows are written to it, and it is left open
    await pipeline(records, batcher((i: Item) => taskBytes(i.task), BATCH), lint, rows, sink, { end: Boolean(o.out) });
    if (inputFailure) throw inputFailure;
    if (recordsIn < kept && !cutShort) throw inputChanged(`it has ${recordsIn} records, results.jsonl ${kept}`);
  } catch (e) {
    // EPIPE: the reader of stdout went away
    if (o.out || sink.errored !== e) throw e;
    cutShort = 'output closed';
  } finally {
    progress.stop();
    await pool.close();
    excerptFile?.close();
  }
  const lintSeconds = (performance.now() - lintStart) / 1000;
  const outcome: AuditOutcome = { recordsIn, resultsOut: written, interrupted: cutShort, lintSeconds };
  if (cutShort || !o.out || o.reports === false) return outcome;

  const reportStart = performance.now();
  // a shard writes its rows and summary only: the reports come from `audit merge`, numbered for the whole input
  const summary = await finishOutputs(
    o.out,
    {
      input: { path: settings.input, format: input.format },
      recordsIn,
      shard: shard && input.slice ? { ...shard, ...input.slice, lines: input.linesRead() } : null,
      sample: drawn?.report ?? null,
    },
    { reports: !shard, fees: o.fees, earlier },
  );
  const facts: RunFacts = {
    version: VERSION,
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    seconds: { lint: round(lintSeconds), reports: round((performance.now() - reportStart) / 1000) },
    threads: pool.threads,
    resumedAfter: o.resume && kept ? kept : null,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  writeJsonAtomic(join(o.out, OUTPUTS.run), facts);
  return { ...outcome, resultsOut: summary.resultsOut, summary, run: facts };
}

const round = (s: number): number => Math.round(s * 100) / 100;
const inputChanged = (detail: string): UsageError => new UsageError(`--resume: the input changed since the first run (${detail}); start again with --overwrite`);
