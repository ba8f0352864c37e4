import type { Config } from '../config.js';
import { auditTask, lintRecord, type AuditRow } from './task.js';

export interface AuditRecordOptions {
  /** the record's number in its input, from 1 (default 1): rows are reported in this order */
  record?: number;
  config?: Config;
}

/**
 * The audit's unit of work for any engine (a queue worker, a stream processor): one record, as
 * `guidelint audit` reads a JSONL line ({id?, text, claim?, …metadata}), to its results.jsonl
 * row. It is the audit's own unit, run on the record as that line: a record that cannot be linted
 * (not an object, no or empty text, a bad claim) gets the same error row, naming no note text.
 */
export function auditRecord(input: unknown, options: AuditRecordOptions = {}): AuditRow {
  const record = options.record ?? 1;
  const bytes = new TextEncoder().encode(JSON.stringify(input) ?? 'null');
  return JSON.parse(auditTask({ kind: 'json', record, line: record, bytes }, lintRecord(options.config))) as AuditRow;
}
