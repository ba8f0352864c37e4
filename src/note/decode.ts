/**
 * The one input policy: bytes or given text → note text, the same for the CLI, the library, the
 * service and the audit. A note that is not text is refused with the reason and where (a byte
 * or character offset), never guessed at, and never quoted.
 */

/** The largest note read (UTF-8 bytes): a procedure note is kilobytes; the audit's record cap too. */
export const MAX_NOTE_BYTES = 1 << 20;

/** What is wrong with an input, for callers that branch on it (the service's status). */
export type InputProblem = 'unreadable' | 'empty' | 'too-large' | 'binary' | 'not-utf8' | 'not-utf16' | 'not-text';

export class InputError extends Error {
  constructor(readonly source: string, readonly reason: string, readonly problem: InputProblem = 'unreadable') {
    super(`${source}: ${reason}`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function tooLarge(size: number, unit: 'bytes' | 'bytes of UTF-8'): string {
  return `the note is ${size} ${unit}, over the ${MAX_NOTE_BYTES}-byte (1 MiB) limit for one note`;
}

/** Bytes of a note file, stdin or record: UTF-8 (a BOM dropped), or UTF-16 with its BOM. */
export function decodeNote(bytes: Uint8Array, source: string): string {
  if (bytes.length === 0) throw new InputError(source, 'empty file', 'empty');
  if (bytes.length > MAX_NOTE_BYTES) throw new InputError(source, tooLarge(bytes.length, 'bytes'), 'too-large');
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  let text: string;
  if (utf16) {
    try {
      text = new TextDecoder(utf16, { fatal: true }).decode(bytes); // drops the BOM
    } catch {
      throw new InputError(source, `not valid ${utf16.toUpperCase()} text (it starts with a UTF-16 byte order mark)`, 'not-utf16');
    }
  } else {
    const nul = bytes.indexOf(0);
    if (nul >= 0) throw new InputError(source, `binary file (a NUL byte at byte ${nul}), not a text note`, 'binary');
    try {
      text = utf8.decode(bytes); // drops a UTF-8 BOM
    } catch {
      throw new InputError(source, `not valid UTF-8 text (at byte ${invalidUtf8At(bytes)})`, 'not-utf8');
    }
  }
  checkNoteText(text, source);
  if (text.trim() === '') throw new InputError(source, 'empty note (whitespace only)', 'empty');
  return text;
}

/**
 * A note given as text (the library, a JSON body or record): it must be a string, hold no NUL
 * and fit the size limit; a leading BOM is dropped. Returns the note text.
 */
export function checkNoteText(text: unknown, source: string): string {
  if (typeof text !== 'string') {
    const got = text === null ? 'null' : Array.isArray(text) ? 'an array' : typeof text;
    throw new InputError(source, `the note must be a string of text, not ${got}`, 'not-text');
  }
  // each UTF-16 unit is 1 to 3 UTF-8 bytes: count them only when the answer is in doubt
  if (text.length > MAX_NOTE_BYTES || (text.length * 3 > MAX_NOTE_BYTES && Buffer.byteLength(text, 'utf8') > MAX_NOTE_BYTES)) {
    throw new InputError(source, tooLarge(Buffer.byteLength(text, 'utf8'), 'bytes of UTF-8'), 'too-large');
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) throw new InputError(source, `binary text (a NUL character at offset ${nul}), not a text note`, 'binary');
  return normalizeGivenText(text);
}

/** Text as given, less a leading byte order mark (a claim or config file saved by Windows tools). */
export function normalizeGivenText(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Where UTF-8 decoding fails: the offset of the first byte that starts no valid sequence. */
export function invalidUtf8At(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    // length of the sequence, and the allowed range of its second byte (Unicode table 3-7)
    let n = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b < 0x80) n = 1;
    else if (b >= 0xc2 && b <= 0xdf) n = 2;
    else if (b >= 0xe0 && b <= 0xef) { n = 3; if (b === 0xe0) lo = 0xa0; if (b === 0xed) hi = 0x9f; }
    else if (b >= 0xf0 && b <= 0xf4) { n = 4; if (b === 0xf0) lo = 0x90; if (b === 0xf4) hi = 0x8f; }
    else return i;
    for (let k = 1; k < n; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n;
  }
  return bytes.length;
}
