import type { LintResult } from '../types.js';
import { stylish } from './stylish.js';

export const FORMATS = ['stylish', 'json', 'jsonl'];

/** The lint command's output formats. */
export function formatResults(results: LintResult[], format: string): string {
  switch (format) {
    case 'stylish':
      return stylish(results);
    case 'json':
      return JSON.stringify({ results }, null, 2) + '\n';
    case 'jsonl':
      return results.map((r) => JSON.stringify(r)).join('\n') + (results.length ? '\n' : '');
    default:
      throw new Error(`unknown format "${format}" (${FORMATS.join(', ')})`);
  }
}
