import { VERDICTS, type Digest, type Verdict } from './digest.js';

export interface Counts {
  notes: number;
  failing: number;
}

export interface Totals {
  notes: number;
  failing: number;
  recordErrors: number;
  verdicts: Record<Verdict, number>;
  /** notes on which each error or warning rule fired */
  rules: Record<string, number>;
  claimActions: Record<string, number>;
  bySite: Record<string, Counts>;
  byProvider: Record<string, Counts>;
  byMonth: Record<string, Counts>;
}

// memory stays bounded however many distinct providers or sites the records name
const MAX_KEYS = 10_000;
const OTHER = '(other)';
const NONE = '(none)';

function bump(map: Map<string, Counts>, key: string | null, failing: boolean): void {
  let k = key ?? NONE;
  if (!map.has(k) && map.size >= MAX_KEYS) k = OTHER;
  let c = map.get(k);
  if (!c) map.set(k, (c = { notes: 0, failing: 0 }));
  c.notes++;
  if (failing) c.failing++;
}

const byCount = (m: Map<string, number>): Record<string, number> => Object.fromEntries([...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
const byNotes = (m: Map<string, Counts>): Record<string, Counts> => Object.fromEntries([...m].sort((a, b) => b[1].notes - a[1].notes || a[0].localeCompare(b[0])));

/** Counts for summary.json and the report's charts. */
export class Tally {
  private notes = 0;
  private failing = 0;
  private recordErrors = 0;
  private readonly verdicts = new Map<Verdict, number>(VERDICTS.map((v) => [v, 0]));
  private readonly rules = new Map<string, number>();
  private readonly actions = new Map<string, number>();
  private readonly site = new Map<string, Counts>();
  private readonly provider = new Map<string, Counts>();
  private readonly month = new Map<string, Counts>();

  add(d: Digest): void {
    this.notes++;
    if (d.failing) this.failing++;
    if (d.verdict === 'error') this.recordErrors++;
    this.verdicts.set(d.verdict, this.verdicts.get(d.verdict)! + 1);
    for (const r of d.rules) this.rules.set(r, (this.rules.get(r) ?? 0) + 1);
    if (d.action) this.actions.set(d.action, (this.actions.get(d.action) ?? 0) + 1);
    bump(this.site, d.verdict === 'error' ? null : d.site, d.failing);
    bump(this.provider, d.provider, d.failing);
    bump(this.month, d.month, d.failing);
  }

  totals(): Totals {
    return {
      notes: this.notes,
      failing: this.failing,
      recordErrors: this.recordErrors,
      verdicts: Object.fromEntries(this.verdicts) as Record<Verdict, number>,
      rules: byCount(this.rules),
      claimActions: byCount(this.actions),
      bySite: byNotes(this.site),
      byProvider: byNotes(this.provider),
      byMonth: Object.fromEntries([...this.month].sort((a, b) => a[0].localeCompare(b[0]))),
    };
  }
}
