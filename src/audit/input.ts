import { createReadStream, statSync, existsSync, openSync, readSync, closeSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseCsv, type Options as CsvOptions, type Parser as CsvParser, type CsvError } from 'csv-parse';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { expandPaths } from '../adapters/note-files.js';
import { UsageError } from '../errors.js';
import { splitLines, isBlank } from './lines.js';
import { MAX_RECORD_BYTES, type Task, type CsvColumns } from './task.js';
import { byteSlice, itemSlice, type Shard, type Slice } from './slice.js';

export type InputFormat = 'notes' | 'jsonl' | 'csv';

export interface InputSpec {
  /** a directory, note file or glob; a .jsonl or .csv file; or - for JSONL on stdin */
  path: string;
  format?: InputFormat;
  textColumn?: string;
  idColumn?: string;
  claimColumn?: string;
  stdin?: AsyncIterable<Uint8Array>;
  /** read only this shard's part: a byte range of a JSONL file, or a range of a directory's files */
  shard?: Shard | null;
  /** added to every record and line number (a pipe's partition that does not start the input) */
  recordOffset?: number;
  /** with a folder or glob: gitignore-style patterns of files that are not notes (--ignore-pattern) */
  ignorePatterns?: string[];
}

export interface Input {
  format: InputFormat;
  /** false for stdin: it can be read once only */
  rereadable: boolean;
  /** the share of the input up to the last record handed out, when its size is known */
  progress(): number | undefined;
  /** few enough records (or bytes) that starting worker threads would cost more than it saves */
  small: boolean;
  /** every record, numbered from 1 in input order */
  tasks(): AsyncGenerator<Task>;
  /** the shard's part of the input, when sharded */
  slice: Slice | null;
  /**
   * Whether record numbers count from the start of the whole input. A byte range does not know
   * how many records come before it: its records and lines are numbered from 1 within the
   * range, and `audit merge` numbers them for the whole input.
   */
  globalNumbers: boolean;
  /** lines read so far, blank ones included (a byte range's line count, for the merge) */
  linesRead(): number;
}

// about 500 notes of 3 KB: linted on the main thread in about the time two worker threads take to start
const SMALL_RECORDS = 500;
const SMALL_BYTES = SMALL_RECORDS * 3 * 1024;

export function detectFormat(path: string): InputFormat {
  if (path === '-') return 'jsonl';
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.csv') return 'csv';
  return 'notes';
}

export async function openInput(spec: InputSpec): Promise<Input> {
  const format = spec.format ?? detectFormat(spec.path);
  if (spec.path === '-' && format !== 'jsonl') throw new UsageError('standard input is read as JSONL');
  if (spec.shard && (spec.path === '-' || format === 'csv')) {
    // a CSV record may span lines, so a byte range cannot be cut without parsing from the start
    throw new UsageError('--shard splits a JSONL file by byte range or a directory of notes by file: not standard input or CSV (convert CSV to JSONL first)');
  }
  if (format === 'notes') return notesInput(spec);
  if (spec.path !== '-' && !existsSync(spec.path)) throw new UsageError(`${spec.path}: no such file`);
  return format === 'jsonl' ? jsonlInput(spec) : csvInput(spec);
}

async function notesInput(spec: InputSpec): Promise<Input> {
  const { files } = await expandPaths([spec.path], { ignorePatterns: spec.ignorePatterns ?? [] });
  if (files.length === 0) throw new UsageError(`${spec.path}: no notes (*.txt, *.md) found`);
  // the file list is sorted, so a shard's files are known without reading any of them
  const slice = spec.shard ? itemSlice(spec.shard, files.length) : null;
  const start = slice?.start ?? 0, end = slice?.end ?? files.length;
  const offset = spec.recordOffset ?? 0;
  let done = start;
  return {
    format: 'notes',
    rereadable: true,
    slice,
    globalNumbers: true,
    small: end - start <= SMALL_RECORDS,
    progress: () => (done - start) / Math.max(1, end - start),
    linesRead: () => done - start,
    async *tasks() {
      for (done = start; done < end; ) yield { kind: 'file', record: offset + ++done, path: files[done - 1] };
    },
  };
}

function jsonlInput(spec: InputSpec): Input {
  const slice = spec.shard ? byteSlice(spec.path, spec.shard) : null;
  const size = spec.path === '-' ? undefined : slice ? slice.end - slice.start : statSync(spec.path).size;
  const offset = spec.recordOffset ?? 0;
  let read = 0;
  let lines = 0;
  return {
    format: 'jsonl',
    rereadable: spec.path !== '-',
    slice,
    globalNumbers: slice === null || slice.start === 0,
    // a shard's own byte range: a small slice of a large file is linted on the main thread too
    small: size !== undefined && size <= SMALL_BYTES,
    progress: () => (size ? Math.min(1, read / size) : undefined),
    linesRead: () => lines,
    async *tasks() {
      read = 0;
      lines = 0;
      const range = slice ? { start: slice.start, end: slice.end - 1 } : {}; // createReadStream's end is inclusive
      const source =
        spec.path === '-' ? (spec.stdin ?? process.stdin) : slice && slice.end === slice.start ? [] : createReadStream(spec.path, { highWaterMark: 256 * 1024, ...range });
      let record = offset;
      // counted by lines handed out, not chunks read ahead: the share of the records reached
      for await (const line of splitLines(source as AsyncIterable<Uint8Array>, MAX_RECORD_BYTES)) {
        read += line.size + 1;
        lines = line.number;
        const number = offset + line.number;
        if (line.bytes === null) yield { kind: 'bad', record: ++record, name: `line ${number}`, error: `longer than ${MAX_RECORD_BYTES} bytes` };
        else if (!isBlank(line.bytes)) yield { kind: 'json', record: ++record, line: number, bytes: line.bytes };
      }
    },
  };
}

const lineRange = ({ first, last }: { first: number; last: number }): string => (first === last ? `line ${first}` : `lines ${first}–${last}`);

/**
 * Why a CSV record was refused. Only a quote lets a record run over a line end, so a broken record
 * spanning lines is an unclosed quote that swallowed the lines after its own: they are named,
 * since the records on them were read as part of this one and get no row of their own.
 */
function brokenRecord(code: string, lines: { first: number; last: number }): string {
  const reason = `not a well-formed CSV record (${code})`;
  if (lines.first === lines.last) return reason;
  const swallowed = lines.last - lines.first;
  return `${reason}: it starts on line ${lines.first} and a quote in it is not closed where it should be, so ${lineRange({ first: lines.first + 1, last: lines.last })} (${swallowed === 1 ? 'a line' : `${swallowed} lines`} that may hold other records) ${swallowed === 1 ? 'was' : 'were'} read into it and not audited; close the quote and audit the file again`;
}

/** The CSV header, read on its own so a missing text column is a usage error before any work. */
function csvHeader(path: string): string[] {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const first = buf.subarray(0, n).toString('utf8').split(/\r?\n/)[0];
    return (parseCsvSync(first, { bom: true })[0] as string[] | undefined) ?? [];
  } finally {
    closeSync(fd);
  }
}

function csvInput(spec: InputSpec): Input {
  const columns: CsvColumns = { text: spec.textColumn ?? 'text', id: spec.idColumn ?? 'id', claim: spec.claimColumn ?? 'claim' };
  const header = csvHeader(spec.path);
  if (!header.includes(columns.text)) {
    throw new UsageError(`${spec.path}: no column "${columns.text}" (columns: ${header.join(', ')}); choose the note column with --text-column`);
  }
  const size = statSync(spec.path).size;
  let parser: CsvParser | undefined;
  return {
    format: 'csv',
    rereadable: true,
    slice: null,
    globalNumbers: true,
    linesRead: () => parser?.info.lines ?? 0,
    small: size <= SMALL_BYTES,
    progress: () => (parser ? parser.info.bytes / size : 0),
    async *tasks() {
      let headerLines = 1;
      const options: CsvOptions = {
        columns: ((names: Buffer[]) => {
          headerLines = csv.info.lines;
          return names.map((b) => b.toString('utf8'));
        }) as unknown as CsvOptions['columns'],
        encoding: null, // fields stay bytes: an undecodable one becomes that record's error, decoded in the worker
        bom: true,
        info: true,
        relax_column_count: true,
        max_record_size: MAX_RECORD_BYTES,
        skip_records_with_error: true,
        // a broken record is kept in order as a marker; the parser's message quotes field text, so only its code is kept
        on_skip: (e: CsvError | undefined) => void csv.push({ skipped: e?.code ?? 'CSV_ERROR', info: { lines: e?.lines ?? csv.info.lines } }),
      };
      const csv = parseCsv(options);
      parser = csv;
      createReadStream(spec.path, { highWaterMark: 256 * 1024 }).pipe(csv);
      let record = 0;
      let lastLine = headerLines; // the line the previous record ended on
      for await (const item of csv as AsyncIterable<{ skipped?: string; info: { lines: number }; record: Record<string, Buffer> }>) {
        const lines = { first: Math.max(lastLine, headerLines) + 1, last: item.info.lines };
        lastLine = lines.last;
        if (item.skipped === 'CSV_MAX_RECORD_SIZE') {
          // csv-parse cannot find the next record after this one: stop loudly rather than lose the rest
          throw new UsageError(`${spec.path}: row ${record + 1} (near line ${lines.first}) runs past ${MAX_RECORD_BYTES} bytes, often an unclosed quote; CSV parsing cannot continue after it (rows before it are written; fix the file and use --resume)`);
        }
        if (item.skipped) {
          record++;
          yield { kind: 'bad', record, name: `row ${record} (${lineRange(lines)})`, error: brokenRecord(item.skipped, lines) };
          continue;
        }
        const fields: Record<string, Uint8Array> = {};
        for (const [k, v] of Object.entries(item.record)) fields[k] = new Uint8Array(v); // own buffers: cheap to send to a worker
        yield { kind: 'csv', record: ++record, fields, columns };
      }
    },
  };
}
