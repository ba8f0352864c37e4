import { createReadStream, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { splitLines } from './lines.js';
import type { AuditRow } from './task.js';
import { digest } from './digest.js';
import { Tally, type Totals } from './tally.js';
import { CsvReport } from './csv-report.js';
import { SqliteReport } from './sqlite-report.js';
import { HtmlReport, type ReportHeading } from './html-report.js';

export const OUTPUTS = { rows: 'results.jsonl', csv: 'results.csv', sqlite: 'results.sqlite', html: 'report.html', summary: 'summary.json', settings: 'audit-run.json' } as const;

/**
 * Derives results.csv, results.sqlite, report.html and the totals from results.jsonl in one
 * streaming pass. Each is written aside and renamed into place, so none is ever half written.
 */
export async function writeReports(out: string, heading: ReportHeading): Promise<{ rows: number; totals: Totals }> {
  const tally = new Tally();
  const csv = new CsvReport(join(out, OUTPUTS.csv));
  const sqlite = new SqliteReport(join(out, OUTPUTS.sqlite));
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
      sqlite.add(row, d);
      html.add(row, d);
      rows++;
    }
    const totals = tally.totals();
    csv.commit();
    sqlite.commit();
    html.commit(totals, heading);
    return { rows, totals };
  } catch (e) {
    csv.discard();
    sqlite.discard();
    html.discard();
    throw e;
  }
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileSync(`${path}.tmp`, JSON.stringify(value, null, 2) + '\n');
  renameSync(`${path}.tmp`, path);
}
