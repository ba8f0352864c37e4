import { createHash } from 'node:crypto';

/** A record's place in the seeded random order: a uniform 53-bit number (SHA-256 of seed and record). */
export function sampleKey(seed: string, record: number): number {
  const d = createHash('sha256').update(`${seed}:${record}`).digest();
  return d.readUInt32BE(0) * 2 ** 21 + (d.readUInt32BE(4) >>> 11);
}

export interface SampleReport {
  size: number;
  seed: string;
  stratifyBy: string | null;
  population: number;
  strata: Record<string, { population: number; sampled: number }>;
}

/**
 * A simple random sample of n records (stratified: proportional allocation, largest remainder),
 * drawn in one pass by keeping each stratum's n smallest keys — memory O(n × strata), not O(records).
 */
export class Sampler {
  private readonly strata = new Map<string, { population: number; keys: [number, number][] }>();

  constructor(readonly size: number, readonly seed: string, readonly stratifyBy: string | null) {}

  add(record: number, stratum = '(all)'): void {
    let s = this.strata.get(stratum);
    if (!s) this.strata.set(stratum, (s = { population: 0, keys: [] }));
    s.population++;
    s.keys.push([sampleKey(this.seed, record), record]);
    if (s.keys.length >= 2 * this.size + 64) trim(s.keys, this.size);
  }

  /** The chosen record numbers and what was drawn from each stratum. */
  draw(): { records: Set<number>; report: SampleReport } {
    const population = [...this.strata.values()].reduce((n, s) => n + s.population, 0);
    const n = Math.min(this.size, population);
    const names = [...this.strata.keys()].sort();
    const quotas = new Map(names.map((k) => [k, Math.floor((n * this.strata.get(k)!.population) / population)]));
    let left = n - [...quotas.values()].reduce((a, b) => a + b, 0);
    const byRemainder = [...names].sort((a, b) => frac(n, this.strata.get(b)!.population, population) - frac(n, this.strata.get(a)!.population, population));
    for (const k of byRemainder) if (left-- > 0) quotas.set(k, quotas.get(k)! + 1);
    const records = new Set<number>();
    const strata: SampleReport['strata'] = {};
    for (const k of names) {
      const s = this.strata.get(k)!;
      trim(s.keys, quotas.get(k)!);
      for (const [, r] of s.keys) records.add(r);
      strata[k] = { population: s.population, sampled: s.keys.length };
    }
    return { records, report: { size: records.size, seed: this.seed, stratifyBy: this.stratifyBy, population, strata } };
  }
}

const frac = (n: number, part: number, whole: number): number => (n * part) / whole - Math.floor((n * part) / whole);

function trim(keys: [number, number][], n: number): void {
  keys.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  keys.length = Math.min(keys.length, n);
}
