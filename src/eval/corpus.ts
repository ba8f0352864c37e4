import { readFileSync, existsSync } from 'node:fs';
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

/** Every note with a gold label under the given directories (notes without one are skipped). */
export async function loadLabeled(dirs: string[]): Promise<LabeledNote[]> {
  const { files, missing } = await expandPaths(dirs);
  if (missing.length) throw new UsageError(`not found: ${missing.join(', ')}`);
  return files
    .filter((f) => existsSync(goldPath(f)))
    .map((f) => ({
      source: f,
      text: decodeNote(readFileSync(f), f),
      gold: JSON.parse(readFileSync(goldPath(f), 'utf8')) as Gold,
      claim: sidecarClaim(f),
    }));
}
