import { openSync, writeSync, closeSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

// what a full or failing disk reports: fs error codes, and SQLite's result codes
const DISK_FAILURES: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EFBIG: 'file too large',
  SQLITE_FULL: 'database or disk is full',
};

/** An output the disk refused (full, over quota, failing): one line naming the file and the cause, never a stack. */
export class OutputError extends UsageError {
  constructor(readonly path: string, readonly code: string, advice?: string) {
    super(`cannot write ${path}: ${DISK_FAILURES[code] ?? 'disk I/O error'} (${code})${advice ? `; ${advice}` : ''}`);
  }
}

/** The error as an OutputError naming `path` when it is a full or failing disk; any other error as it is. */
export function asOutputError(e: unknown, path: string): unknown {
  const code = (e as { code?: unknown } | null)?.code ?? sqliteCode(e);
  if (e instanceof OutputError || typeof code !== 'string') return e;
  return code in DISK_FAILURES || code.startsWith('SQLITE_IOERR') ? new OutputError(path, code) : e;
}

/** node-sqlite3-wasm's errors carry SQLite's message alone, no code: the disk's two are named from it. */
function sqliteCode(e: unknown): string | undefined {
  if (!(e instanceof Error) || e.name !== 'SQLite3Error') return undefined;
  if (/database or disk is full/.test(e.message)) return 'SQLITE_FULL';
  if (/disk I\/O error/.test(e.message)) return 'SQLITE_IOERR';
  return undefined;
}

/** Runs a write to `path`, its disk failures reported as an OutputError. */
export function writingTo<T>(path: string, write: () => T): T {
  try {
    return write();
  } catch (e) {
    throw asOutputError(e, path);
  }
}

/**
 * Appends text to a file in writes of about 64 KB, each made of whole rows only. After a failed
 * write nothing more is written (a later row after a lost one would break --resume's count):
 * every write and close repeats the failure.
 */
export class BufferedFile {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;
  private failure: unknown;
  private closed = false;

  /**
   * `before`: a file whose lines must reach the disk no later than this one's (flushed first);
   * `shownAs`: the name errors give the file (an atomic file's target, not its temporary name)
   */
  constructor(readonly path: string, flags: 'w' | 'a' = 'w', private readonly before?: BufferedFile, private readonly shownAs = path) {
    this.fd = writingTo(shownAs, () => openSync(path, flags));
  }

  write(text: string): void {
    if (this.failure) throw this.failure;
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 64 * 1024) this.flush();
  }

  flush(): void {
    if (this.failure) throw this.failure;
    this.before?.flush();
    if (this.size === 0) return;
    const bytes = Buffer.from(this.parts.join(''));
    this.parts = [];
    this.size = 0;
    try {
      for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at);
    } catch (e) {
      throw (this.failure = asOutputError(e, this.shownAs));
    }
  }

  close(): void {
    if (this.closed) return;
    try {
      this.flush();
    } finally {
      this.closed = true;
      closeSync(this.fd);
    }
  }
}

/** A file written under a temporary name and renamed into place when complete: never half a report. */
export class AtomicFile extends BufferedFile {
  constructor(readonly target: string) {
    super(`${target}.tmp`, 'w', undefined, target);
  }

  commit(): void {
    this.close();
    writingTo(this.target, () => renameSync(this.path, this.target));
  }

  discard(): void {
    try {
      this.close();
    } catch {
      // the write that failed is being reported already
    }
    rmSync(this.path, { force: true });
  }
}

/** A text file written aside and renamed into place: never half written (a full disk leaves the old one). */
export function writeTextAtomic(path: string, text: string): void {
  try {
    writeFileSync(`${path}.tmp`, text);
    renameSync(`${path}.tmp`, path);
  } catch (e) {
    rmSync(`${path}.tmp`, { force: true });
    throw asOutputError(e, path);
  }
}

/** A JSON file written aside and renamed into place: never half written. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeTextAtomic(path, JSON.stringify(value, null, 2) + '\n');
}
