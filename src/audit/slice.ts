import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { UsageError } from '../errors.js';

/** "K/N": the K-th of N shards, from 1. */
export interface Shard {
  index: number;
  count: number;
}

export function parseShard(s: string | undefined): Shard | null {
  if (s === undefined) return null;
  const m = /^(\d+)\/(\d+)$/.exec(s);
  const index = Number(m?.[1]), count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard takes K/N with 1 ≤ K ≤ N, e.g. 2/8 (got "${s}")`);
  return { index, count };
}

/**
 * A shard's part of the input: bytes [start, end) of a JSONL file, or items [start, end) of a
 * sorted file list. Parts of one input are contiguous and cover it, whatever K.
 */
export interface Slice {
  start: number;
  end: number;
}

/** The shard's part of n items (files): contiguous, sizes differing by one at most. */
export function itemSlice(shard: Shard, n: number): Slice {
  return { start: Math.floor((n * (shard.index - 1)) / shard.count), end: Math.floor((n * shard.index) / shard.count) };
}

/**
 * The shard's byte range of a line-per-record file: the lines that start within its nominal
 * N-th of the bytes. Only the bytes from the nominal boundary to the next line end are read to
 * find each edge, so a shard never reads another shard's records.
 */
export function byteSlice(path: string, shard: Shard): Slice {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const at = (k: number): number => lineStartFrom(fd, size, Math.floor((size * k) / shard.count));
    return { start: at(shard.index - 1), end: at(shard.index) };
  } finally {
    closeSync(fd);
  }
}

/** The first line start at or after `pos`: `pos` itself when the byte before it ends a line. */
function lineStartFrom(fd: number, size: number, pos: number): number {
  if (pos <= 0) return 0;
  if (pos >= size) return size;
  const buf = Buffer.alloc(64 * 1024);
  for (let from = pos - 1; from < size; from += buf.length) {
    const n = readSync(fd, buf, 0, buf.length, from);
    if (n === 0) break;
    const nl = buf.subarray(0, n).indexOf(0x0a);
    if (nl !== -1) return from + nl + 1;
  }
  return size;
}
