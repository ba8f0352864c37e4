import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { writeJsonAtomic } from './file.js';
import { finishOutputs, readExcerpts, readRows, OUTPUTS, REPORTS, type AuditSummary } from './finalize.js';
import { readEarlierSummary } from './compare.js';
import type { Fees } from './fees.js';
import { AtomicFile } from './file.js';
import { lockDirectory } from './lock.js';
import { parseShard } from './slice.js';
import type { AuditRow } from './task.js';

interface ShardDir {
  dir: string;
  settings: Record<string, unknown> & { input: string; format: 'notes' | 'jsonl' | 'csv'; shard: string | null };
  summary: AuditSummary;
  index: number;
  count: number;
}

function readJson(path: string, missing: string): unknown {
  if (!existsSync(path)) throw new UsageError(missing);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new UsageError(`${path} is not valid JSON`);
  }
}

function readShard(dir: string): ShardDir {
  const settings = readJson(join(dir, OUTPUTS.settings), `${dir}: no ${OUTPUTS.settings}: not a guidelint audit directory`) as ShardDir['settings'];
  const shard = parseShard(settings.shard ?? undefined);
  if (!shard) throw new UsageError(`${dir}: not a shard (its audit ran without --shard)`);
  const summary = readJson(join(dir, OUTPUTS.summary), `${dir}: shard ${settings.shard} has not finished (no ${OUTPUTS.summary}); run it again with --resume`) as AuditSummary;
  if (!summary.shard) throw new UsageError(`${dir}: its ${OUTPUTS.summary} records no slice`);
  return { dir, settings, summary, ...shard };
}

// everything but the shard's own place must match, or the rows would not be one audit
const OWN = new Set(['shard', 'slice']);

/** Checks the shards are the N parts of one audit, each present once and complete; returns them in order. */
function checkShards(dirs: string[]): ShardDir[] {
  if (dirs.length === 0) throw new UsageError('audit merge needs the shard directories to merge');
  const shards = dirs.map(readShard);
  const first = shards[0];
  for (const s of shards.slice(1)) {
    const differ = Object.keys({ ...first.settings, ...s.settings }).filter((k) => !OWN.has(k) && JSON.stringify(first.settings[k]) !== JSON.stringify(s.settings[k]));
    if (differ.length) throw new UsageError(`${s.dir} and ${first.dir} are not shards of one audit: ${differ.map((k) => `${k} differs`).join(', ')}`);
    if (s.count !== first.count) throw new UsageError(`${s.dir} is shard ${s.index}/${s.count}, ${first.dir} ${first.index}/${first.count}: N differs`);
  }
  if (first.settings.sample) throw new UsageError('shards drawn with --sample cannot be merged into one audit (each drew its own sample)');
  const byIndex = new Map<number, ShardDir>();
  for (const s of shards) {
    const other = byIndex.get(s.index);
    if (other) throw new UsageError(`shard ${s.index}/${s.count} is given twice: ${other.dir} and ${s.dir}`);
    byIndex.set(s.index, s);
  }
  const missing = Array.from({ length: first.count }, (_, i) => i + 1).filter((k) => !byIndex.has(k));
  if (missing.length) throw new UsageError(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${first.count}`).join(', ')}`);
  const ordered = [...byIndex.values()].sort((a, b) => a.index - b.index);
  let end = 0;
  for (const s of ordered) {
    const slice = s.summary.shard!;
    if (slice.start !== end) throw new UsageError(`${s.dir}: shard ${s.index} starts at ${slice.start}, not where shard ${s.index - 1} ends (${end}): the input changed between shards`);
    if (s.summary.resultsOut !== s.summary.recordsIn) throw new UsageError(`${s.dir}: ${s.summary.recordsIn} records in but ${s.summary.resultsOut} rows`);
    end = slice.end;
  }
  if (first.settings.format === 'jsonl' && existsSync(first.settings.input) && statSync(first.settings.input).size !== end) {
    throw new UsageError(`the shards cover ${end} bytes of ${first.settings.input}, which now has ${statSync(first.settings.input).size}: the input changed`);
  }
  return ordered;
}

/**
 * A byte-range shard numbers its records and lines from 1 (it cannot know how many came before
 * it without reading them); here they get their numbers in the whole input. Only a record
 * named by its line (no id of its own, or an error) carries a line number in its strings.
 */
function renumber(row: AuditRow, records: number, lines: number): void {
  row.record += records;
  if (lines === 0) return;
  const shift = (name: string): string => name.replace(/^line (\d+)/, (_, n: string) => `line ${Number(n) + lines}`);
  const named = /^line \d+$/.test(row.id) && (row.documentation !== undefined || row.error.startsWith(`${row.id}: `));
  if (named) {
    row.id = shift(row.id);
    row.source = shift(row.source);
  }
  if (row.documentation === undefined) row.error = shift(row.error);
}

export interface MergeOptions {
  /** guidance code → fee, as audit --fees */
  fees?: Fees;
  /** an earlier run's output directory or summary.json, as audit --compare */
  compare?: string;
}

export interface MergeOutcome {
  shards: number;
  records: number;
  summary: AuditSummary;
}

/**
 * `guidelint audit merge --out ALL DIR...`: the shards of one audit joined into the outputs one
 * run over the whole input writes, byte for byte: results.jsonl in record order, then the
 * reports and summary from it.
 */
export async function mergeShards(out: string, dirs: string[], options: MergeOptions = {}): Promise<MergeOutcome> {
  const shards = checkShards(dirs);
  const earlier = options.compare === undefined ? null : readEarlierSummary(options.compare);
  mkdirSync(out, { recursive: true });
  const target = realpathSync(out);
  const clash = shards.find((s) => realpathSync(s.dir) === target);
  if (clash) throw new UsageError(`--out ${out} is one of the shards; merge into another directory`);
  const unlock = lockDirectory(join(out, OUTPUTS.lock), out);
  try {
    for (const f of REPORTS) rmSync(join(out, f), { force: true });
    const rows = new AtomicFile(join(out, OUTPUTS.rows));
    // the shards' excerpts joined as their rows are, for the one report.html
    const excerpts = new AtomicFile(join(out, OUTPUTS.excerpts));
    let records = 0;
    let lines = 0;
    try {
      for (const s of shards) {
        const base = records;
        // a directory's shards number their files for the whole list already
        const renumbered = s.settings.format === 'jsonl';
        let expected = renumbered ? 1 : s.summary.shard!.start + 1;
        for await (const row of readRows(join(s.dir, OUTPUTS.rows))) {
          if (row.record !== expected) throw new UsageError(`${s.dir}: record ${row.record} where record ${expected} should be: a record is missing or repeated`);
          expected++;
          if (renumbered) renumber(row, base, lines);
          rows.write(JSON.stringify(row) + '\n');
          records++;
        }
        if (records - base !== s.summary.recordsIn) throw new UsageError(`${s.dir}: ${records - base} rows in ${OUTPUTS.rows}, its summary says ${s.summary.recordsIn}`);
        for await (const line of readExcerpts(join(s.dir, OUTPUTS.excerpts))) {
          if (renumbered) line.record += base;
          excerpts.write(JSON.stringify(line) + '\n');
        }
        lines += s.summary.shard!.lines;
      }
      rows.commit();
      excerpts.commit();
    } catch (e) {
      rows.discard();
      excerpts.discard();
      throw e;
    }
    // the settings of one run over the whole input, so the merged directory reads (and resumes) as one
    const settings = shards[0].settings;
    writeJsonAtomic(join(out, OUTPUTS.settings), { ...settings, shard: null, slice: null });
    const summary = await finishOutputs(out, { input: { path: settings.input, format: settings.format }, recordsIn: records }, { fees: options.fees, earlier });
    return { shards: shards.length, records, summary };
  } finally {
    unlock();
  }
}
