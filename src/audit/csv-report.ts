import { stringify } from 'csv-stringify/sync';
import type { Digest } from './digest.js';
import { AtomicFile } from './file.js';

/** results.csv: one row per note, the columns an auditor sorts and filters on. */
export const CSV_COLUMNS = [
  'id', 'provider', 'date', 'verdict', 'code', 'supported', 'missing_elements', 'rule_ids', 'action',
  'recommended_code', 'record', 'technique', 'modality', 'site', 'errors', 'warnings', 'error', 'category',
] as const;

// a cell starting with = + - @ runs as a formula in spreadsheet programs; input values are defused
const cell = (v: string | null): string => (v === null ? '' : /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export function csvRecord(d: Digest): (string | number)[] {
  const s = (v: string | null): string => v ?? '';
  return [
    cell(d.id), cell(d.provider), cell(d.date), d.verdict, s(d.code), d.supported === null ? '' : String(d.supported),
    d.missing.join(';'), d.rules.join(';'), s(d.action), s(d.recommendedCode), d.record, s(d.technique),
    s(d.modality), s(d.site), d.errors, d.warnings, cell(d.error), d.category,
  ];
}

export class CsvReport {
  private readonly file: AtomicFile;

  constructor(path: string) {
    this.file = new AtomicFile(path);
    this.file.write(stringify([[...CSV_COLUMNS]]));
  }

  add(d: Digest): void {
    this.file.write(stringify([csvRecord(d)]));
  }

  commit(): void {
    this.file.commit();
  }

  discard(): void {
    this.file.discard();
  }
}
