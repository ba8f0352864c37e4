/** One line of a byte stream; `bytes` is null when the line is longer than the limit (its bytes were dropped). */
export interface Line {
  number: number;
  bytes: Uint8Array | null;
  size: number;
}

const NL = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream on \n without decoding it (so a bad byte spoils one record, not the run)
 * and without ever holding more than `maxBytes` of one line.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Line> {
  let parts: Uint8Array[] = [];
  let size = 0;
  let number = 0;
  const take = (piece: Uint8Array): void => {
    size += piece.length;
    if (size <= maxBytes) parts.push(piece.slice()); // a copy: the chunk is reused and cloning a view clones its whole buffer
  };
  const finish = (): Line => {
    let bytes: Uint8Array | null = null;
    if (size <= maxBytes) {
      bytes = parts.length === 1 ? parts[0] : concat(parts, size);
      if (bytes.length && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    }
    const line = { number: ++number, bytes, size };
    parts = [];
    size = 0;
    return line;
  };
  for await (const chunk of chunks) {
    let from = 0;
    for (let at = chunk.indexOf(NL); at !== -1; at = chunk.indexOf(NL, from)) {
      take(chunk.subarray(from, at));
      yield finish();
      from = at + 1;
    }
    if (from < chunk.length) take(chunk.subarray(from));
  }
  if (size > 0) yield finish();
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** True when the bytes are only spaces, tabs and line ends: not a record. */
export function isBlank(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== CR && b !== NL) return false;
  return true;
}
