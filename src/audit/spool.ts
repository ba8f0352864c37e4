import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { splitLines } from './lines.js';

/** Longer than any row or excerpts line a worker writes (a note is at most 4 MB). */
const MAX_LINE = 256 * 2 ** 20;

/**
 * Where each record's line lies in the workers' files (queue-rows/), so `worker --finalize` writes
 * millions of rows in record order holding offsets, not rows. A line that does not parse (a killed
 * worker's torn last line) is skipped; a record seen twice (a batch run again) is kept once.
 */
export class SpoolIndex {
  private readonly paths: string[] = [];
  private readonly file: Int32Array;
  private readonly offset: Float64Array;
  private readonly size: Uint32Array;
  /** records found, each counted once */
  count = 0;
  /** lines of a record already found */
  duplicates = 0;

  constructor(private readonly records: number) {
    this.file = new Int32Array(records + 1).fill(-1);
    this.offset = new Float64Array(records + 1);
    this.size = new Uint32Array(records + 1);
  }

  async add(path: string): Promise<void> {
    const f = this.paths.push(path) - 1;
    const decoder = new TextDecoder();
    let at = 0;
    for await (const line of splitLines(createReadStream(path), MAX_LINE)) {
      const start = at;
      at += line.size + 1;
      let record: unknown;
      try {
        record = (JSON.parse(decoder.decode(line.bytes!)) as { record: unknown }).record;
      } catch {
        continue;
      }
      if (!Number.isInteger(record) || (record as number) < 1 || (record as number) > this.records) {
        throw new UsageError(`${path}, line ${line.number}: record ${String(record)} is not one of the input's ${this.records}`);
      }
      const r = record as number;
      if (this.file[r] !== -1) {
        this.duplicates++;
        continue;
      }
      this.file[r] = f;
      this.offset[r] = start;
      this.size[r] = line.size;
      this.count++;
    }
  }

  /** The records found, in order. */
  *order(): Generator<number> {
    for (let r = 1; r <= this.records; r++) if (this.file[r] !== -1) yield r;
  }

  /** Every found record's line, parsed, in record order. */
  *found<T>(): Generator<T> {
    for (const line of this.read<T>(this.order())) yield line!;
  }

  /** These records' lines, parsed, in the order given (null for a record not found). */
  *read<T>(records: Iterable<number>): Generator<T | null> {
    const fds = this.paths.map((p) => openSync(p, 'r'));
    const decoder = new TextDecoder();
    try {
      for (const r of records) {
        if (this.file[r] === -1) {
          yield null;
          continue;
        }
        const bytes = Buffer.allocUnsafe(this.size[r]);
        for (let got = 0; got < bytes.length; ) got += readSync(fds[this.file[r]], bytes, got, bytes.length - got, this.offset[r] + got);
        yield JSON.parse(decoder.decode(bytes)) as T;
      }
    } finally {
      for (const fd of fds) closeSync(fd);
    }
  }
}
