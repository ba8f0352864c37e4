import { statSync } from 'node:fs';
import type { Claim, ClaimLine, LintResult } from '../types.js';
import type { Config } from '../config.js';
import { lint } from '../lint.js';
import { parseClaim, ClaimError } from '../claim/parse.js';
import { readNoteFile } from '../adapters/note-files.js';
import { InputError, MAX_NOTE_BYTES, checkNoteText, invalidUtf8At } from '../note/decode.js';
import { excerpts, type Excerpt, type ExcerptLine } from './excerpt.js';

/** The largest record linted; a bigger one becomes an error row instead of filling memory. */
export const MAX_RECORD_BYTES = MAX_NOTE_BYTES;

/** One input record as it travels to a worker: raw bytes, so parsing happens in parallel. */
export type Task =
  | { kind: 'file'; record: number; path: string }
  | { kind: 'json'; record: number; line: number; bytes: Uint8Array }
  | { kind: 'csv'; record: number; fields: Record<string, Uint8Array>; columns: CsvColumns }
  | { kind: 'bad'; record: number; name: string; error: string };

export interface CsvColumns {
  text: string;
  id: string;
  claim: string;
}

export type Meta = Record<string, unknown>;

/** A record ready to lint. */
export interface NoteRecord {
  id: string;
  text: string;
  claim?: Claim;
  meta: Meta;
}

export interface ErrorRow {
  record: number;
  id: string;
  source: string;
  error: string;
  meta: Meta;
  documentation?: undefined;
}

/** One results.jsonl line: the contract's result plus the record number, id, metadata and the claim's lines (when a claim came with it). */
export type AuditRow = (LintResult & { record: number; id: string; meta: Meta; claimLines?: ClaimLine[] }) | ErrorRow;

export const isErrorRow = (row: AuditRow): row is ErrorRow => row.documentation === undefined;

/** A record that cannot be linted; the message names no note text (notes are PHI). */
export class RecordError extends Error {
  constructor(readonly id: string, readonly meta: Meta, reason: string) {
    super(reason);
  }
}

/** How a record is named in errors and logs before its id is known. */
export function taskName(task: Task): string {
  switch (task.kind) {
    case 'file': return task.path;
    case 'json': return `line ${task.line}`;
    case 'csv': return `row ${task.record}`;
    case 'bad': return task.name;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeField(bytes: Uint8Array, id: string, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new RecordError(id, {}, `${what} is not valid UTF-8 text (at byte ${invalidUtf8At(bytes)})`);
  }
}

// JSON.parse messages quote the input, which is note text: keep only the position
function jsonError(e: unknown): string {
  const at = /position (\d+)/.exec((e as Error).message);
  return `not valid JSON${at ? ` (at character ${at[1]})` : ''}`;
}

function checkText(text: unknown, id: string, meta: Meta, field: string): string {
  if (typeof text !== 'string') throw new RecordError(id, meta, text === undefined ? `has no "${field}" field` : `"${field}" is not a string`);
  if (text.trim() === '') throw new RecordError(id, meta, `"${field}" is empty`);
  try {
    checkNoteText(text, id); // the input policy every front end shares (size, NUL)
  } catch (e) {
    if (e instanceof InputError) throw new RecordError(id, meta, `"${field}": ${e.reason}`);
    throw e;
  }
  return text;
}

function claimOf(data: unknown, id: string, meta: Meta): Claim | undefined {
  if (data === undefined || data === null || data === '') return undefined;
  try {
    return parseClaim(data, 'claim');
  } catch (e) {
    if (e instanceof ClaimError) throw new RecordError(id, meta, `claim field ${e.field} ${e.reason}`);
    throw e;
  }
}

/** Checks one parsed input record ({id?, text, claim?, …metadata}); `name` stands in for a missing id. */
function recordOf(data: unknown, name: string): NoteRecord {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new RecordError(name, {}, 'is not a JSON object');
  const { id: rawId, text, claim, ...meta } = data as Record<string, unknown>;
  const id = typeof rawId === 'string' && rawId !== '' ? rawId : typeof rawId === 'number' ? String(rawId) : name;
  return { id, text: checkText(text, id, meta, 'text'), claim: claimOf(claim, id, meta), meta };
}

/** Decodes and checks one task; an unusable record throws a RecordError with the reason. */
export function readTask(task: Task): NoteRecord {
  switch (task.kind) {
    case 'bad':
      throw new RecordError(task.name, {}, task.error);
    case 'file': {
      if ((statSync(task.path, { throwIfNoEntry: false })?.size ?? 0) > MAX_RECORD_BYTES) {
        throw new RecordError(task.path, {}, `file is larger than ${MAX_RECORD_BYTES} bytes`);
      }
      try {
        const note = readNoteFile(task.path);
        return { id: task.path, text: note.text, claim: note.claim, meta: {} };
      } catch (e) {
        if (e instanceof InputError) throw new RecordError(task.path, {}, e.reason);
        if (e instanceof ClaimError) throw new RecordError(task.path, {}, e.message);
        throw e;
      }
    }
    case 'json': {
      const name = `line ${task.line}`;
      let data: unknown;
      try {
        data = JSON.parse(decodeField(task.bytes, name, 'the line'));
      } catch (e) {
        if (e instanceof RecordError) throw e;
        throw new RecordError(name, {}, jsonError(e));
      }
      return recordOf(data, name);
    }
    case 'csv': {
      const name = `row ${task.record}`;
      const { text: textColumn, id: idColumn, claim: claimColumn } = task.columns;
      const values: Record<string, string> = {};
      for (const [column, bytes] of Object.entries(task.fields)) values[column] = decodeField(bytes, name, `column "${column}"`);
      const { [textColumn]: text, [idColumn]: rawId, [claimColumn]: claimJson, ...meta } = values;
      const id = rawId ? rawId : name;
      let claim: unknown;
      if (claimJson) {
        try {
          claim = JSON.parse(claimJson);
        } catch (e) {
          throw new RecordError(id, meta, `column "${claimColumn}" is ${jsonError(e)}`);
        }
      }
      return { id, text: checkText(text, id, meta, textColumn), claim: claimOf(claim, id, meta), meta };
    }
  }
}

/** What a worker does with a record: lint it (or, for the benchmark baseline, something else). */
export type Analyse = (record: NoteRecord) => object;

export const lintRecord = (config?: Config): Analyse => (r) => lint(r.text, { filename: r.id, claim: r.claim, config });

/**
 * A task's output: its results.jsonl row, then, when asked for, a second line with the note's words
 * around each finding (for report.html only; rows never carry note text beyond evidence spans).
 */
export function splitOutput(output: string): { row: string; excerpts: string | null } {
  const nl = output.indexOf('\n'); // JSON.stringify never writes a raw line end
  return nl === -1 ? { row: output, excerpts: null } : { row: output.slice(0, nl), excerpts: output.slice(nl + 1) };
}

export function errorRow(record: number, id: string, meta: Meta, error: string): ErrorRow {
  return { record, id, source: id, error, meta };
}

/** A record's row (and, when asked for, its excerpts), or its error row: never throws, so every record yields one row. */
function rowOf(record: number, name: string, read: () => NoteRecord, analyse: Analyse, withExcerpts = false): { row: AuditRow; excerpts?: (Excerpt | null)[] } {
  try {
    const r = read();
    const result = analyse(r);
    // the claim's lines travel with the row: the reports price the guidance billed (--fees)
    const row = { record, id: r.id, ...result, meta: r.meta, ...(r.claim ? { claimLines: r.claim.lines } : {}) } as AuditRow;
    const messages = (result as Partial<LintResult>).messages;
    return withExcerpts && messages?.length ? { row, excerpts: excerpts(r.text, messages) } : { row };
  } catch (e) {
    if (e instanceof RecordError) {
      const named = e.id === name ? e.id : `${name} (id "${e.id}")`;
      return { row: errorRow(record, e.id, e.meta, `${named}: ${e.message}`) };
    }
    // a linter bug must not stop the audit; its name and message carry no note text
    return { row: errorRow(record, name, {}, `${name}: internal error: ${(e as Error).name}: ${(e as Error).message}`) };
  }
}

/** Runs one task to its results.jsonl line (see splitOutput). */
export function auditTask(task: Task, analyse: Analyse, withExcerpts = false): string {
  const { row, excerpts: x } = rowOf(task.record, taskName(task), () => readTask(task), analyse, withExcerpts);
  return x ? `${JSON.stringify(row)}\n${JSON.stringify({ record: task.record, x })}` : JSON.stringify(row);
}

export interface AuditRecordOptions {
  /** the record's number in its input, from 1 (default 1): rows are reported in this order */
  record?: number;
  /** how to name the record when it has no id (default "record N") */
  name?: string;
  config?: Config;
}

/**
 * The audit's unit of work for any engine (a queue worker, a stream processor): one input
 * record, as `guidelint audit` reads a JSONL line ({id?, text, claim?, …metadata}), to its
 * results.jsonl row. A record that cannot be linted (not an object, no or empty text, a bad
 * claim) gets the same error row the audit writes, named without quoting note text.
 */
export function auditRecord(input: unknown, options: AuditRecordOptions = {}): AuditRow {
  const record = options.record ?? 1;
  const name = options.name ?? `record ${record}`;
  return rowOf(record, name, () => recordOf(input, name), lintRecord(options.config)).row;
}

/** What each worker is told: the rules' configuration, and whether to return excerpts for the report. */
export interface WorkerSettings {
  config?: Config;
  excerpts?: boolean;
}

/** Lints a batch of tasks to their outputs, in order: what a worker (or the calling thread, for a small input) runs. */
export function batchRunner(settings: WorkerSettings): (tasks: Task[]) => string[] {
  const analyse = lintRecord(settings.config);
  return (tasks) => tasks.map((task) => auditTask(task, analyse, settings.excerpts === true));
}

/**
 * The note's words around each of a row's findings, for `writeReports` to put in report.html
 * (never in a row): `input` is the record `auditRecord` was given. Null when there is nothing
 * to quote (an error row, no findings).
 */
export function recordExcerpts(input: unknown, row: AuditRow): ExcerptLine | null {
  if (isErrorRow(row) || !row.messages.length) return null;
  return { record: row.record, x: excerpts(recordOf(input, row.id).text, row.messages) };
}
