import { createReadStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { splitLines } from './lines.js';
import type { AuditRow } from './task.js';
import { digest } from './digest.js';
import { Tally, type Totals } from './tally.js';
import type { Fees } from './fees.js';
import { compareTotals, readEarlierSummary, type Comparison, type EarlierSummary } from './compare.js';
import type { Excerpt, ExcerptLine } from './excerpt.js';
import { CsvReport } from './csv-report.js';
import { SqliteReport } from './sqlite-report.js';
import { HtmlReport } from './html-report.js';
import type { InputFormat } from './input.js';
import type { SampleReport } from './sample.js';
import { AtomicFile, writeJsonAtomic, writingTo } from './file.js';

export const OUTPUTS = {
  rows: 'results.jsonl',
  csv: 'results.csv',
  sqlite: 'results.sqlite',
  html: 'report.html',
  summary: 'summary.json',
  /** the settings that decide which records a run reads (compared on --resume and by merge) */
  settings: 'audit-run.json',
  /** how the run went: times, threads, memory; kept apart so the outputs above depend on the input and settings alone */
  run: 'run.json',
  /** the note's words around each finding, beside the rows until report.html takes them in (a shard's: until the merge) */
  excerpts: 'report-excerpts.jsonl',
  lock: '.lock',
} as const;

/** The derived outputs, removed before a run that will rewrite results.jsonl. */
export const REPORTS = [OUTPUTS.csv, OUTPUTS.sqlite, OUTPUTS.html, OUTPUTS.summary, OUTPUTS.run] as const;

/** The lines of a JSONL file, parsed, in file order. */
async function* readJsonLines<T>(path: string): AsyncGenerator<T> {
  const utf8 = new TextDecoder();
  for await (const line of splitLines(createReadStream(path, { highWaterMark: 1 << 20 }), Number.MAX_SAFE_INTEGER)) {
    if (line.bytes && line.bytes.length > 0) yield JSON.parse(utf8.decode(line.bytes)) as T;
  }
}

/** The excerpt lines of `path`, in record order (none when it does not exist). */
export async function* readExcerpts(path: string): AsyncGenerator<ExcerptLine> {
  if (existsSync(path)) yield* readJsonLines<ExcerptLine>(path);
}

/** Reads the excerpt lines (record order) alongside the rows: `for(record)` gives that record's, if any. */
function excerptReader(path: string): { for(record: number): Promise<(Excerpt | null)[] | undefined> } {
  const lines = readExcerpts(path);
  let next: ExcerptLine | null = null;
  let done = false;
  return {
    async for(record) {
      while (!done && (next === null || next.record < record)) {
        const r = await lines.next();
        if (r.done) done = true;
        else next = r.value;
      }
      return next?.record === record ? next.x : undefined;
    },
  };
}

/** A shard's place in the input, for `audit merge`: its slice, and its lines (blank ones too) when a byte range. */
export interface ShardSummary {
  index: number;
  count: number;
  start: number;
  end: number;
  lines: number;
}

/**
 * summary.json: what the rows say, and nothing about the run that wrote them (that is run.json),
 * so one run and a merge of shards over the same input write the same bytes.
 */
export interface AuditSummary {
  tool: 'guidelint audit';
  input: { path: string; format: InputFormat };
  /** records selected (after --shard and --sample) = rows in results.jsonl */
  recordsIn: number;
  resultsOut: number;
  shard: ShardSummary | null;
  sample: SampleReport | null;
  totals: Totals;
  /** with --compare: the changes since the earlier run */
  comparison: Comparison | null;
}

export interface SummaryFacts {
  input: { path: string; format: InputFormat };
  recordsIn: number;
  shard?: ShardSummary | null;
  sample?: SampleReport | null;
}

export interface ReportOptions {
  /** false (a shard: its reports come from the merge) writes summary.json only and keeps the excerpts for the merge */
  reports?: boolean;
  /** guidance code → fee (--fees): the totals price the claims at risk */
  fees?: Fees;
  /** an earlier run's summary (--compare): the report and summary.json say what changed */
  earlier?: EarlierSummary | null;
}

/**
 * Derives results.csv, results.sqlite, report.html and summary.json from `out`/results.jsonl in
 * one streaming pass. Each is written aside and renamed into place, so none is ever half
 * written.
 */
export async function finishOutputs(out: string, facts: SummaryFacts, { reports = true, fees, earlier }: ReportOptions = {}): Promise<AuditSummary> {
  const tally = new Tally(fees ?? null);
  const excerptsPath = join(out, OUTPUTS.excerpts);
  const excerpts = reports ? excerptReader(excerptsPath) : null;
  const csv = reports ? new CsvReport(join(out, OUTPUTS.csv)) : null;
  const sqlitePath = join(out, OUTPUTS.sqlite);
  const sqlite = reports ? writingTo(sqlitePath, () => new SqliteReport(sqlitePath)) : null;
  const html = reports ? new HtmlReport(join(out, OUTPUTS.html)) : null;
  let rows = 0;
  try {
    for await (const row of readRows(join(out, OUTPUTS.rows))) {
      const d = digest(row);
      tally.add(d);
      csv?.add(d);
      if (sqlite) writingTo(sqlitePath, () => sqlite.add(row, d));
      html?.add(row, d, await excerpts?.for(d.record));
      rows++;
    }
    const totals = tally.totals();
    const comparison = earlier ? compareTotals(earlier, totals) : null;
    const sample = facts.sample ?? null;
    const shard = facts.shard ?? null;
    const notes = [
      ...(shard ? [`shard ${shard.index}/${shard.count}`] : []),
      ...(sample ? [`random sample of ${sample.size} from ${sample.population} (seed ${sample.seed}${sample.stratifyBy ? `, stratified by ${sample.stratifyBy}` : ''})`] : []),
    ];
    csv?.commit();
    if (sqlite) writingTo(sqlitePath, () => sqlite.commit());
    html?.commit(totals, { input: facts.input.path, notes }, comparison);
    // the note's words now live in report.html alone
    if (reports) rmSync(excerptsPath, { force: true });
    const summary: AuditSummary = { tool: 'guidelint audit', input: facts.input, recordsIn: facts.recordsIn, resultsOut: rows, shard, sample, totals, comparison };
    writeJsonAtomic(join(out, OUTPUTS.summary), summary);
    return summary;
  } catch (e) {
    csv?.discard();
    sqlite?.discard();
    html?.discard();
    throw e;
  }
}

/** The rows of a results.jsonl, in file order. */
export function readRows(path: string): AsyncGenerator<AuditRow> {
  return readJsonLines<AuditRow>(path);
}

export interface WriteReportsOptions {
  /** the input named in summary.json and the report's heading */
  input?: string;
  format?: InputFormat;
  /** guidance code → fee, as --fees */
  fees?: Fees;
  /** an earlier run's output directory or its summary.json, as --compare */
  compare?: string;
  /** the rows' excerpts (`recordExcerpts`), in record order: report.html quotes the notes around each finding */
  excerpts?: Iterable<ExcerptLine | null> | AsyncIterable<ExcerptLine | null>;
}

/**
 * Every audit output from rows collected by any engine (a queue's results, a database): writes
 * `out`/results.jsonl and the reports exactly as `guidelint audit` would from the same rows.
 * Rows must come in record order, each record once: an out-of-order or repeated record throws.
 * The rows carry no note text: report.html quotes the notes only when `excerpts` are given.
 */
export async function writeReports(rows: Iterable<AuditRow> | AsyncIterable<AuditRow>, out: string, options: WriteReportsOptions = {}): Promise<AuditSummary> {
  const earlier = options.compare === undefined ? null : readEarlierSummary(options.compare);
  mkdirSync(out, { recursive: true });
  const file = new AtomicFile(join(out, OUTPUTS.rows));
  let count = 0;
  let last = 0;
  try {
    for await (const row of rows) {
      if (!(row.record > last)) throw new Error(`writeReports: rows must come in record order, each once (record ${row.record} after ${last})`);
      last = row.record;
      file.write(JSON.stringify(row) + '\n');
      count++;
    }
    file.commit();
  } catch (e) {
    file.discard();
    throw e;
  }
  for (const f of [...REPORTS, OUTPUTS.excerpts]) rmSync(join(out, f), { force: true });
  if (options.excerpts) {
    const excerpts = new AtomicFile(join(out, OUTPUTS.excerpts));
    try {
      for await (const line of options.excerpts) if (line) excerpts.write(JSON.stringify(line) + '\n');
      excerpts.commit();
    } catch (e) {
      excerpts.discard();
      throw e;
    }
  }
  return finishOutputs(out, { input: { path: options.input ?? out, format: options.format ?? 'jsonl' }, recordsIn: count }, { fees: options.fees, earlier });
}
