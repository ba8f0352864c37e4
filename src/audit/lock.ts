import { openSync, writeSync, closeSync, readFileSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { UsageError } from '../errors.js';

interface Holder {
  pid: number;
  host: string;
  since: string;
}

/** Whether a process with this pid runs on this host (EPERM: it runs, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): Holder | null {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? { pid: h.pid, host: h.host, since: String(h.since ?? '') } : null;
  } catch {
    return null; // gone since, or torn by a kill between create and write
  }
}

/**
 * An exclusive lock on an output directory: a file holding the owner's pid and host, created
 * with O_EXCL so two processes cannot both take it. A lock left by a dead process on this host
 * is taken over; one held by a live process, or by any process on another host (its pid cannot
 * be checked from here), is an error naming the holder. Returns the release function.
 */
export function lockDirectory(path: string, what: string): () => void {
  const me: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readHolder(path);
      // empty: another process has just created it and is writing its pid (or was killed doing so, long ago)
      if (!holder && Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0) < 5000) {
        throw new UsageError(`${what} is being locked by another guidelint process (${path})`);
      }
      if (holder && (holder.host !== me.host || alive(holder.pid))) {
        const where = holder.host === me.host ? '' : ` (another host: if that process is gone, remove ${path})`;
        throw new UsageError(`${what} is in use by guidelint pid ${holder.pid} on ${holder.host} since ${holder.since}${where}`);
      }
      // stale (its process is dead) or unreadable: take it over; O_EXCL on the next try still
      // decides between two processes taking it over at once
      rmSync(path, { force: true });
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(me) + '\n');
    } finally {
      closeSync(fd);
    }
    return () => {
      // only our own lock: never one a later process took over
      if (readHolder(path)?.pid === me.pid) rmSync(path, { force: true });
    };
  }
  throw new UsageError(`${what}: could not take its lock ${path} (other processes keep taking it)`);
}
