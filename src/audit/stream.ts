// The audit's stream stages that Node's own streams do not offer; run.ts joins them with
// Readable.map (the ordered window over the pool) and stream.pipeline (back-pressure, errors, teardown).
import { Transform, Writable } from 'node:stream';
import { BufferedFile } from './file.js';

const ABORTED = Symbol('aborted');

/**
 * Stops an iteration when the signal aborts, even while it waits for input (stdin). Not the
 * pipeline's own `signal`, which destroys every stage: an abort here ends the input only, so the
 * records in flight still become rows and the output closes with whole rows.
 */
export async function* untilAborted<T>(items: AsyncIterable<T>, signal?: AbortSignal): AsyncGenerator<T> {
  const it = items[Symbol.asyncIterator]();
  try {
    for (;;) {
      if (signal?.aborted) return;
      const pending = it.next();
      // a listener per wait, removed after: racing one shared promise would retain a reaction per record
      const next = !signal
        ? await pending
        : await new Promise<IteratorResult<T> | typeof ABORTED>((settle, fail) => {
            const onAbort = (): void => settle(ABORTED);
            signal.addEventListener('abort', onAbort, { once: true });
            pending.then(
              (r) => (signal.removeEventListener('abort', onAbort), settle(r)),
              (e) => (signal.removeEventListener('abort', onAbort), fail(e)),
            );
          });
      if (next === ABORTED || next.done) return;
      yield next.value;
    }
  } finally {
    void it.return?.(); // not awaited: a read of stdin may never settle
  }
}

export interface BatchLimits {
  records: number;
  bytes: number;
  /** a partial batch leaves this long after its first item came */
  waitMs: number;
}

/**
 * Groups items into arrays of at most `records` items or about `bytes` (whichever comes first); a
 * partial batch leaves after `waitMs`, so a slow input (a pipe) still gets its rows promptly.
 * Node's streams have no batching operator, and the packages that batch count items only.
 */
export function batcher<T>(sizeOf: (item: T) => number, limits: BatchLimits): Transform {
  let batch: T[] = [];
  let bytes = 0;
  let timer: NodeJS.Timeout | undefined;
  const send = (): void => {
    clearTimeout(timer);
    if (batch.length) stream.push(batch); // a timer's push past the high-water mark is one batch at most
    batch = [];
    bytes = 0;
  };
  const stream = new Transform({
    objectMode: true,
    highWaterMark: 1, // one batch ready for the next free worker; reading ahead further only fills memory
    transform(item: T, _encoding, done) {
      batch.push(item);
      bytes += sizeOf(item);
      if (batch.length === 1) timer = setTimeout(send, limits.waitMs);
      if (batch.length >= limits.records || bytes >= limits.bytes) send();
      done();
    },
    flush(done) {
      send();
      done();
    },
    destroy(error, done) {
      clearTimeout(timer);
      done(error);
    },
  });
  return stream;
}

/**
 * The end of the pipeline when rows go to results.jsonl: whole rows appended in writes of about
 * 64 KB (BufferedFile, which flushes `before` first), at least every 200 ms so that a kill loses
 * little and a watcher sees progress. Closed when the pipeline ends or fails, keeping the rows it
 * was given; a full disk fails the write, and so the pipeline.
 */
export function rowsFile(path: string, before?: BufferedFile): Writable {
  const file = new BufferedFile(path, 'a', before);
  const timer = setInterval(() => {
    try {
      file.flush();
    } catch {
      // a full disk: the file keeps the failure, and the next write or the close reports it
    }
  }, 200).unref();
  const close = (error: Error | null, done: (error?: Error | null) => void): void => {
    clearInterval(timer);
    try {
      file.close(); // a second close (destroy after final) does nothing
    } catch (e) {
      error ??= e as Error;
    }
    done(error);
  };
  return new Writable({
    objectMode: true, // rows stay strings
    write(text: string, _encoding, done) {
      try {
        file.write(text);
        done();
      } catch (e) {
        done(e as Error);
      }
    },
    final: (done) => close(null, done),
    destroy: close,
  });
}
