import { VERDICTS, type AuditCategory, type Digest, type Verdict } from './digest.js';
import { CATEGORIES } from '../report/category.js';
import { amountAtRisk, type Fees } from './fees.js';

/** Every category a row may fall in, record errors last: their counts add up to the rows. */
export const AUDIT_CATEGORIES: readonly AuditCategory[] = [...CATEGORIES, 'error'];

export interface Counts {
  notes: number;
  failing: number;
  /** the notes of this group by category: they add up to `notes` */
  categories: Record<AuditCategory, number>;
}

export interface AtRisk {
  /** what the fee schedule prices the guidance lines at risk at, over all notes */
  total: number;
  /** notes with an amount at risk */
  notes: number;
  /** a note's amount under each error or warning rule it drew (a note may draw several, so these overlap) */
  byRule: Record<string, number>;
  /** by provider: these add up to the total */
  byProvider: Record<string, number>;
}

export interface Totals {
  notes: number;
  failing: number;
  recordErrors: number;
  /** the four documentation categories and record errors: they add up to `notes` */
  categories: Record<AuditCategory, number>;
  verdicts: Record<Verdict, number>;
  /** notes on which each error or warning rule fired */
  rules: Record<string, number>;
  /** claim actions on the notes whose claim bills a guidance code; `none` when the claim bills none */
  claimActions: Record<string, number>;
  /** notes that came with a claim */
  claims: number;
  bySite: Record<string, Counts>;
  byProvider: Record<string, Counts>;
  byMonth: Record<string, Counts>;
  /** provider → rule → notes: the report's heat table */
  providerRules: Record<string, Record<string, number>>;
  /** with a fee schedule only */
  atRisk: AtRisk | null;
}

// memory stays bounded however many distinct providers or sites the records name
const MAX_KEYS = 10_000;
const OTHER = '(other)';
const NONE = '(none)';

const zeroCategories = (): Record<AuditCategory, number> => Object.fromEntries(AUDIT_CATEGORIES.map((c) => [c, 0])) as Record<AuditCategory, number>;

/** The map's key for a group: itself, or (other) once the map is full. */
function keyIn<V>(map: Map<string, V>, key: string | null): string {
  const k = key ?? NONE;
  return !map.has(k) && map.size >= MAX_KEYS ? OTHER : k;
}

function bump(map: Map<string, Counts>, key: string | null, d: Digest): void {
  const k = keyIn(map, key);
  let c = map.get(k);
  if (!c) map.set(k, (c = { notes: 0, failing: 0, categories: zeroCategories() }));
  c.notes++;
  c.categories[d.category]++;
  if (d.failing) c.failing++;
}

const add = (m: Map<string, number>, k: string, n = 1): void => void m.set(k, (m.get(k) ?? 0) + n);
const byCount = (m: Map<string, number>): Record<string, number> => Object.fromEntries([...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
const byNotes = (m: Map<string, Counts>): Record<string, Counts> => Object.fromEntries([...m].sort((a, b) => b[1].notes - a[1].notes || a[0].localeCompare(b[0])));
const cents = (n: number): number => Math.round(n * 100) / 100;

/** Counts for summary.json and the report's charts. */
export class Tally {
  private notes = 0;
  private failing = 0;
  private claims = 0;
  private readonly categories = zeroCategories();
  private readonly verdicts = new Map<Verdict, number>(VERDICTS.map((v) => [v, 0]));
  private readonly rules = new Map<string, number>();
  private readonly actions = new Map<string, number>();
  private readonly site = new Map<string, Counts>();
  private readonly provider = new Map<string, Counts>();
  private readonly month = new Map<string, Counts>();
  private readonly providerRules = new Map<string, Map<string, number>>();
  private readonly risk = { total: 0, notes: 0, byRule: new Map<string, number>(), byProvider: new Map<string, number>() };

  constructor(private readonly fees: Fees | null = null) {}

  add(d: Digest): void {
    this.notes++;
    if (d.failing) this.failing++;
    this.categories[d.category]++;
    this.verdicts.set(d.verdict, this.verdicts.get(d.verdict)! + 1);
    for (const r of d.rules) add(this.rules, r);
    if (d.claim) {
      this.claims++;
      add(this.actions, d.action ?? 'none');
    }
    bump(this.site, d.verdict === 'error' ? null : d.site, d);
    bump(this.provider, d.provider, d);
    bump(this.month, d.month, d);
    const pk = keyIn(this.providerRules, d.provider);
    let pr = this.providerRules.get(pk);
    if (!pr) this.providerRules.set(pk, (pr = new Map()));
    for (const r of d.rules) add(pr, r);
    const amount = this.fees ? amountAtRisk(d, this.fees) : 0;
    if (amount > 0) {
      this.risk.total += amount;
      this.risk.notes++;
      for (const r of d.rules) add(this.risk.byRule, r, amount);
      add(this.risk.byProvider, keyIn(this.risk.byProvider, d.provider), amount);
    }
  }

  totals(): Totals {
    const money = (m: Map<string, number>): Record<string, number> => Object.fromEntries(Object.entries(byCount(m)).map(([k, v]) => [k, cents(v)]));
    return {
      notes: this.notes,
      failing: this.failing,
      recordErrors: this.categories.error,
      categories: { ...this.categories },
      verdicts: Object.fromEntries(this.verdicts) as Record<Verdict, number>,
      rules: byCount(this.rules),
      claimActions: byCount(this.actions),
      claims: this.claims,
      bySite: byNotes(this.site),
      byProvider: byNotes(this.provider),
      byMonth: Object.fromEntries([...this.month].sort((a, b) => a[0].localeCompare(b[0]))),
      providerRules: Object.fromEntries([...this.providerRules].map(([p, m]) => [p, byCount(m)])),
      atRisk: this.fees ? { total: cents(this.risk.total), notes: this.risk.notes, byRule: money(this.risk.byRule), byProvider: money(this.risk.byProvider) } : null,
    };
  }
}
