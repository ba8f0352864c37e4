import { readFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Claim } from '../types.js';
import { expandPaths, sidecarClaim } from '../adapters/note-files.js';
import { decodeNote } from '../note/decode.js';
import { UsageError } from '../errors.js';

/** A hand label (../shared/contract/gold.schema.json). */
export interface Gold {
  technique: 'imaging' | 'landmark' | 'unstated';
  needlePlacement: boolean;
  modality: string | null;
  spinal: boolean | null;
  guidanceCode: string | null;
  supported: boolean;
  /** by each element's gold field (grammars/elements/*.yaml `gold`, default its name) */
  elements: Record<string, boolean | number | null>;
  claimAction?: string | null;
  rules?: string[];
  why?: string;
}

export interface LabeledNote {
  source: string;
  text: string;
  gold: Gold;
  claim?: Claim;
}

export function goldPath(notePath: string): string {
  return notePath.replace(/\.(txt|md)$/i, '') + '.gold.json';
}

/**
 * A folder of labels whose notes live elsewhere: its texts.json names the folder holding X.txt for
 * each X.gold.json (real transcriptions are read from ../shared, never copied into the project).
 */
function labelsOnly(dir: string): LabeledNote[] | null {
  const pointer = join(dir, 'texts.json');
  if (!existsSync(pointer)) return null;
  const texts = resolve(dir, (JSON.parse(readFileSync(pointer, 'utf8')) as { texts: string }).texts);
  if (!existsSync(texts)) throw new UsageError(`${pointer}: the notes' folder ${texts} is not there`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.gold.json'))
    .sort()
    .map((f) => {
      const note = join(texts, f.replace(/\.gold\.json$/, '.txt'));
      if (!existsSync(note)) throw new UsageError(`${join(dir, f)}: its note ${note} is not there`);
      return { source: note, text: decodeNote(readFileSync(note), note), gold: JSON.parse(readFileSync(join(dir, f), 'utf8')) as Gold };
    });
}

/** Every note with a gold label under the given directories (notes without one are skipped). */
export async function loadLabeled(dirs: string[]): Promise<LabeledNote[]> {
  const out: LabeledNote[] = [];
  const rest: string[] = [];
  for (const d of dirs) {
    const labels = existsSync(d) && statSync(d).isDirectory() ? labelsOnly(d) : null;
    if (labels) out.push(...labels);
    else rest.push(d);
  }
  if (!rest.length) return out;
  const { files, missing } = await expandPaths(rest);
  if (missing.length) throw new UsageError(`not found: ${missing.join(', ')}`);
  for (const f of files) {
    if (!existsSync(goldPath(f))) continue;
    out.push({ source: f, text: decodeNote(readFileSync(f), f), gold: JSON.parse(readFileSync(goldPath(f), 'utf8')) as Gold, claim: sidecarClaim(f) });
  }
  return out;
}
