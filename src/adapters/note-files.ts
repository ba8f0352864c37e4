// Note files for the front ends (lint, query, audit, eval): paths expanded, each file read as
// text, FHIR or HL7 with its X.claim.json sidecar. It reads with note/ and claim/, so it sits above both.
import { readFileSync, statSync, existsSync } from 'node:fs';
import { join, extname } from 'node:path';
import { InputError, MAX_NOTE_BYTES, tooLarge } from '../note/decode.js';
import { readClinicalInput, type ClinicalInput, type InputMode } from './index.js';
import { readClaimFile } from '../claim/parse.js';
import type { Claim } from '../types.js';

export interface NoteInput {
  source: string;
  text: string;
  claim?: Claim;
}

const NOTE_EXT = new Set(['.txt', '.md']);

/** Expands paths, directories (recursive *.txt, *.md) and globs to note files, in a stable order. */
export async function expandPaths(patterns: string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const p of patterns) {
    // the glob library loads for a folder or a glob only: a note named by its path needs none
    if (existsSync(p) && statSync(p).isDirectory()) {
      const { glob } = await import('tinyglobby');
      // a folder's README documents the folder; it is not a note
      const found = await glob(['**/*.txt', '**/*.md'], { cwd: p, absolute: false, dot: false, ignore: ['**/README.md', '**/readme.md'] });
      files.push(...found.sort().map((f) => join(p, f)));
    } else if (existsSync(p)) {
      files.push(p);
    } else {
      const { glob } = await import('tinyglobby');
      const found = await glob(p, { dot: false });
      if (found.length === 0) missing.push(p);
      files.push(...found.filter((f) => NOTE_EXT.has(extname(f).toLowerCase())).sort());
    }
  }
  return { files: [...new Set(files)], missing };
}

/** The claim sidecar X.claim.json beside X.txt / X.md, if there is one. */
export function sidecarClaim(notePath: string): Claim | undefined {
  const path = notePath.replace(/\.(txt|md)$/i, '') + '.claim.json';
  return path !== notePath && existsSync(path) ? readClaimFile(path) : undefined;
}

/**
 * Reads one note file — plain text, Markdown, a FHIR DocumentReference/Bundle or an HL7 v2 MDM
 * message (`mode`, detected by default) — and its claim sidecar; an unusable file throws an
 * InputError naming it and the reason.
 */
export function readNoteFile(path: string, mode: InputMode = 'auto'): NoteInput {
  let bytes: Buffer;
  try {
    // refused before it is read: a 50 MB file is not a note
    const size = statSync(path).size;
    if (size > MAX_NOTE_BYTES) throw new InputError(path, tooLarge(size, 'bytes'), 'too-large');
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return fromClinical(readClinicalInput(bytes, path, mode), sidecarClaim(path));
}

/** Bytes from stdin, read like a file. */
export function readNoteBytes(bytes: Buffer, source: string, mode: InputMode = 'auto', claim?: Claim): NoteInput {
  return fromClinical(readClinicalInput(bytes, source, mode), claim);
}

function fromClinical(input: ClinicalInput, claim: Claim | undefined): NoteInput {
  // a claim given beside the note wins over one carried inside a FHIR Bundle
  return { source: input.source, text: input.text, claim: claim ?? input.claim };
}
