import { openSync, readSync, ftruncateSync, fstatSync, closeSync, existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { writeJsonAtomic, writeTextAtomic } from './file.js';

/**
 * Makes results.jsonl hold complete rows only: a kill can leave a partly written last line,
 * which is cut off here. Returns how many rows remain and the last row's record number.
 */
export function repairRows(path: string): { rows: number; lastRecord: number | null } {
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(1 << 20);
    let rows = 0;
    let last = -1; // offset of the last \n
    let before = -1; // offset of the \n before it
    for (let pos = 0; pos < size; ) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      const chunk = buf.subarray(0, n);
      for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) {
        rows++;
        before = last;
        last = pos + i;
      }
      pos += n;
    }
    if (last + 1 < size) ftruncateSync(fd, last + 1);
    if (rows === 0) return { rows, lastRecord: null };
    const line = Buffer.alloc(last - before - 1);
    readSync(fd, line, 0, line.length, before + 1);
    let record: unknown;
    try {
      record = (JSON.parse(line.toString('utf8')) as { record?: unknown }).record;
    } catch {
      throw new UsageError(`${path}: the last complete row is not a results row; cannot resume`);
    }
    if (typeof record !== 'number') throw new UsageError(`${path}: the last row has no record number; cannot resume`);
    return { rows, lastRecord: record };
  } finally {
    closeSync(fd);
  }
}

/**
 * Keeps the report's excerpts of the rows results.jsonl kept (records up to `lastRecord`): a kill
 * can leave excerpts of rows never written, or half a line.
 */
export function trimExcerpts(path: string, lastRecord: number): void {
  if (!existsSync(path)) return;
  const kept = readFileSync(path, 'utf8').split('\n').filter((line) => {
    try {
      return (JSON.parse(line) as { record: number }).record <= lastRecord;
    } catch {
      return false; // the half-written last line
    }
  });
  // aside and renamed: a full disk leaves the excerpts as they were and is an OutputError, which
  // the audit reports in one line that says --resume continues
  writeTextAtomic(path, kept.map((l) => l + '\n').join(''));
}

/**
 * audit-run.json: the settings that decide which records a run reads and in what order. A
 * resumed run must match them, or rows would be skipped or repeated.
 */
export function checkSettings(path: string, settings: Record<string, unknown>): void {
  if (!existsSync(path)) throw new UsageError(`${path} is missing: nothing to resume (start without --resume)`);
  const first = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const differ = [...new Set([...Object.keys(first), ...Object.keys(settings)])].filter((k) => JSON.stringify(first[k]) !== JSON.stringify(settings[k]));
  if (differ.length) {
    throw new UsageError(`--resume needs the first run's settings; these differ: ${differ.map((k) => `${k} (was ${JSON.stringify(first[k])}, now ${JSON.stringify(settings[k])})`).join(', ')}`);
  }
}

export function saveSettings(path: string, settings: Record<string, unknown>): void {
  writeJsonAtomic(path, settings);
}
