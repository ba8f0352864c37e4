import { openSync, writeSync, closeSync, renameSync, rmSync } from 'node:fs';

/** Appends text to a file in writes of about 64 KB, each made of whole rows only. */
export class BufferedFile {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;

  /** `before`: a file whose lines must reach the disk no later than this one's (flushed first) */
  constructor(readonly path: string, flags: 'w' | 'a' = 'w', private readonly before?: BufferedFile) {
    this.fd = openSync(path, flags);
  }

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 64 * 1024) this.flush();
  }

  flush(): void {
    this.before?.flush();
    if (this.size === 0) return;
    const bytes = Buffer.from(this.parts.join(''));
    this.parts = [];
    this.size = 0;
    for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at);
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** A file written under a temporary name and renamed into place when complete: never half a report. */
export class AtomicFile extends BufferedFile {
  constructor(readonly target: string) {
    super(`${target}.tmp`);
  }

  commit(): void {
    this.close();
    renameSync(this.path, this.target);
  }

  discard(): void {
    try {
      this.close();
    } catch {
      // already closed
    }
    rmSync(this.path, { force: true });
  }
}
