// Note files for the front ends (lint, query, audit, eval): paths expanded, each file read as
// text, FHIR or HL7 with its X.claim.json sidecar. It reads with note/ and claim/, so it sits above both.
import { readFileSync, statSync, existsSync, realpathSync } from 'node:fs';
import { join, extname, relative, resolve, isAbsolute, dirname, sep } from 'node:path';
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

/** Files a folder holds beside its notes, never linted from a folder or a glob (a .guidelintignore line `!README.md` brings one back). */
export const DEFAULT_IGNORES = ['README*', 'SOURCE*', 'CHANGELOG*', 'LICENSE*', '*.tsv', '*.json'];
export const IGNORE_FILE = '.guidelintignore';

export interface ExpandOptions {
  /** more gitignore-style patterns (--ignore-pattern), after the defaults and .guidelintignore */
  ignorePatterns?: string[];
  /** where .guidelintignore is looked for and its patterns are relative to (default: the working directory) */
  cwd?: string;
}

/** The files found in folders and by globs that are not notes: the defaults, then .guidelintignore, then the flags (ESLint's order). */
async function notNotes(cwd: string, patterns: string[]): Promise<(file: string, folder?: string) => boolean> {
  const { default: ignore } = await import('ignore');
  const ig = ignore().add(DEFAULT_IGNORES);
  const file = join(cwd, IGNORE_FILE);
  if (existsSync(file)) ig.add(readFileSync(file, 'utf8'));
  ig.add(patterns);
  return (path, folder) => {
    // a pattern is relative to the working directory; a file outside it is matched from the folder named
    const fromCwd = relative(cwd, resolve(path));
    const outside = fromCwd === '..' || fromCwd.startsWith(`..${sep}`) || isAbsolute(fromCwd);
    const rel = outside ? relative(resolve(folder ?? dirname(path)), resolve(path)) : fromCwd;
    return rel !== '' && ig.ignores(rel.split(sep).join('/'));
  };
}

/**
 * Expands paths, directories (recursive *.txt, *.md) and globs to note files, in a stable order.
 * Files in folders and found by globs pass the ignore patterns (a file named on its own is always
 * read), and each file is taken once, however many links lead to it.
 */
export async function expandPaths(patterns: string[], options: ExpandOptions = {}): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const cwd = options.cwd ?? process.cwd();
  let ignored: ((file: string, folder?: string) => boolean) | undefined;
  // the glob and ignore libraries load for a folder or a glob only: a note named by its path needs neither
  const skip = async (): Promise<(file: string, folder?: string) => boolean> => (ignored ??= await notNotes(cwd, options.ignorePatterns ?? []));
  for (const p of patterns) {
    if (existsSync(p) && statSync(p).isDirectory()) {
      const { glob } = await import('tinyglobby');
      const found = await glob(['**/*.txt', '**/*.md'], { cwd: p, absolute: false, dot: false });
      const isIgnored = await skip();
      files.push(...found.sort().map((f) => join(p, f)).filter((f) => !isIgnored(f, p)));
    } else if (existsSync(p)) {
      files.push(p);
    } else {
      const { glob } = await import('tinyglobby');
      const found = await glob(p, { dot: false });
      if (found.length === 0) missing.push(p);
      const isIgnored = await skip();
      files.push(...found.filter((f) => NOTE_EXT.has(extname(f).toLowerCase()) && !isIgnored(f)).sort());
    }
  }
  return { files: oncePerFile(files), missing };
}

/** The files with each real file kept once, at its first name: a symlink loop or a second link reads no note twice. */
function oncePerFile(files: string[]): string[] {
  const seen = new Set<string>();
  return files.filter((f) => {
    let real: string;
    try {
      real = realpathSync(f);
    } catch {
      real = resolve(f); // unreadable: kept, so reading it reports why
    }
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
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
