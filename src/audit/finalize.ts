import { createReadStream, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { splitLines } from './lines.js';
import type { AuditRow } from './task.js';
import { digest } from './digest.js';
import { Tally, type Totals } from './tally.js';
import type { Fees } from './fees.js';
import { compareTotals, type Comparison, type EarlierSummary } from './compare.js';
import type { Excerpt } from './excerpt.js';
import { CsvReport } from './csv-report.js';
import { SqliteReport } from './sqlite-report.js';
import { HtmlReport, type ReportHeading } from './html-report.js';
import { writingTo } from './file.js';

export const OUTPUTS = { rows: 'results.jsonl', csv: 'results.csv', sqlite: 'results.sqlite', html: 'report.html', summary: 'summary.json', settings: 'audit-run.json', excerpts: 'report-excerpts.jsonl' } as const;

/** Reads the excerpt lines (record order) alongside the rows: `for(record)` gives that record's, if any. */
function excerptReader(path: string): { for(record: number): Promise<(Excerpt | null)[] | undefined> } {
  const lines = existsSync(path) ? splitLines(createReadStream(path, { highWaterMark: 1 << 20 }), Number.MAX_SAFE_INTEGER)[Symbol.asyncIterator]() : null;
  const utf8 = new TextDecoder();
  let next: { record: number; x: (Excerpt | null)[] } | null = null;
  let done = lines === null;
  return {
    async for(record) {
      while (!done && (next === null || next.record < record)) {
        const r = await lines!.next();
        if (r.done) done = true;
        else if (r.value.bytes?.length) next = JSON.parse(utf8.decode(r.value.bytes)) as { record: number; x: (Excerpt | null)[] };
      }
      return next?.record === record ? next.x : undefined;
    },
  };
}

export interface ReportOptions {
  fees?: Fees;
  earlier?: EarlierSummary | null;
}

/**
 * Derives results.csv, results.sqlite, report.html and the totals from results.jsonl in one
 * streaming pass. Each is written aside and renamed into place, so none is ever half written.
 */
export async function writeReports(out: string, heading: ReportHeading, options: ReportOptions = {}): Promise<{ rows: number; totals: Totals; comparison: Comparison | null }> {
  const tally = new Tally(options.fees ?? null);
  const excerptsPath = join(out, OUTPUTS.excerpts);
  const excerpts = excerptReader(excerptsPath);
  const csv = new CsvReport(join(out, OUTPUTS.csv));
  const sqlitePath = join(out, OUTPUTS.sqlite);
  const sqlite = writingTo(sqlitePath, () => new SqliteReport(sqlitePath));
  const html = new HtmlReport(join(out, OUTPUTS.html));
  let rows = 0;
  try {
    const utf8 = new TextDecoder();
    for await (const line of splitLines(createReadStream(join(out, OUTPUTS.rows), { highWaterMark: 1 << 20 }), Number.MAX_SAFE_INTEGER)) {
      if (!line.bytes || line.bytes.length === 0) continue;
      const row = JSON.parse(utf8.decode(line.bytes)) as AuditRow;
      const d = digest(row);
      tally.add(d);
      csv.add(d);
      writingTo(sqlitePath, () => sqlite.add(row, d));
      html.add(row, d, await excerpts.for(d.record));
      rows++;
    }
    const totals = tally.totals();
    const comparison = options.earlier ? compareTotals(options.earlier, totals) : null;
    csv.commit();
    writingTo(sqlitePath, () => sqlite.commit());
    html.commit(totals, heading, comparison);
    // the note's words now live in report.html alone
    rmSync(excerptsPath, { force: true });
    return { rows, totals, comparison };
  } catch (e) {
    csv.discard();
    sqlite.discard();
    html.discard();
    throw e;
  }
}
