import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { UsageError } from '../errors.js';
import type { Digest } from './digest.js';

/** A fee schedule: code → amount (a payer's or the institution's; none is shipped). */
export type Fees = Record<string, number>;

/**
 * Reads fees.csv: two columns, code and amount, one code a row; a first row that is not a code
 * with an amount (a header) is skipped. A bad row is a usage error naming its row.
 */
export function readFees(path: string): Fees {
  let rows: string[][];
  try {
    rows = parse(readFileSync(path), { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (e) {
    throw new UsageError(`--fees ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not a readable CSV file'}`);
  }
  const fees: Fees = {};
  rows.forEach(([code = '', amount = ''], i) => {
    const value = Number(amount.replace(/^\$/, '').replace(/,/g, ''));
    if (/^[A-Z0-9]{4,7}$/i.test(code) && amount !== '' && Number.isFinite(value) && value >= 0) fees[code.toUpperCase()] = value;
    else if (i > 0) throw new UsageError(`--fees ${path}: row ${i + 1} is not "code,amount" (a code and a non-negative number)`);
  });
  if (Object.keys(fees).length === 0) throw new UsageError(`--fees ${path}: no "code,amount" rows`);
  return fees;
}

const fee = (fees: Fees, code: string | null): number => (code ? (fees[code] ?? 0) : 0);

/**
 * What the guidance billed on a note's claim stands to lose, by its claim action: all of it when
 * the line must be removed or waits on a physician query; the difference when the documentation
 * supports a cheaper code (recode); the units beyond one (reduce-units); nothing when billed as is.
 */
export function amountAtRisk(d: Digest, fees: Fees): number {
  const billed = d.billed.reduce((sum, b) => sum + fee(fees, b.code) * b.units, 0);
  switch (d.action) {
    case 'remove':
    case 'query':
      return billed;
    case 'recode':
      return Math.max(0, billed - fee(fees, d.recommendedCode));
    case 'reduce-units': {
      // one unit of each code stays: the rest, over all its lines, is at risk
      const units = new Map<string, number>();
      for (const b of d.billed) units.set(b.code, (units.get(b.code) ?? 0) + b.units);
      return [...units].reduce((sum, [code, n]) => sum + fee(fees, code) * Math.max(0, n - 1), 0);
    }
    default:
      return 0;
  }
}
