/** Bytes → note text. A note that is not text is refused with the reason, never guessed at. */
export class InputError extends Error {
  constructor(readonly source: string, readonly reason: string) {
    super(`${source}: ${reason}`);
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeNote(bytes: Uint8Array, source: string): string {
  if (bytes.length === 0) throw new InputError(source, 'empty file');
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) throw new InputError(source, 'binary file (NUL bytes), not a text note');
  let text: string;
  try {
    text = decoder.decode(bytes); // drops a UTF-8 BOM
  } catch {
    throw new InputError(source, 'not valid UTF-8 text');
  }
  if (text.trim() === '') throw new InputError(source, 'empty note (whitespace only)');
  return text;
}

/** A text given directly (API, stdin already decoded): only the BOM is dropped. */
export function normalizeGivenText(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
