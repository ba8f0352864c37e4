import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.js';
import type { AuditCategory } from './digest.js';
import { AUDIT_CATEGORIES, type Totals } from './tally.js';

/** The parts of an earlier run's summary.json a comparison reads. */
export interface EarlierSummary {
  path: string;
  finishedAt: string | null;
  totals: Pick<Totals, 'notes' | 'rules'> & Partial<Pick<Totals, 'categories' | 'byProvider' | 'verdicts'>>;
}

/** One measure before and after, as shares of the notes (runs of different sizes compare). */
export interface Change {
  key: string;
  before: number;
  after: number;
  /** after − before, in percentage points */
  points: number;
}

export interface Comparison {
  against: string;
  earlierFinishedAt: string | null;
  notes: { before: number; after: number };
  /** each category's share of the notes */
  categories: Change[];
  /** each rule's share of the notes it fired on: a fall is an improvement */
  rules: { improved: Change[]; regressed: Change[] };
  /** each provider's share of notes needing action (failing): a fall is an improvement; providers in both runs only */
  providers: { improved: Change[]; regressed: Change[] };
}

/** Reads DIR/summary.json (or a summary.json named directly) of an earlier audit. */
export function readEarlierSummary(dir: string): EarlierSummary {
  const path = existsSync(dir) && statSync(dir).isDirectory() ? join(dir, 'summary.json') : dir;
  let data: { finishedAt?: string; totals?: EarlierSummary['totals'] };
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as typeof data;
  } catch (e) {
    throw new UsageError(`--compare ${dir}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? `no ${path}` : `${path} is not JSON`}`);
  }
  const t = data.totals;
  if (!t || typeof t.notes !== 'number' || typeof t.rules !== 'object') throw new UsageError(`--compare ${dir}: ${path} is not a guidelint audit summary`);
  return { path, finishedAt: data.finishedAt ?? finishedAtOf(join(dirname(path), 'run.json')), totals: t };
}

/** When the earlier run finished: run.json beside its summary says so (a summary.json before run.json did itself). */
function finishedAtOf(runJson: string): string | null {
  try {
    const at = (JSON.parse(readFileSync(runJson, 'utf8')) as { finishedAt?: unknown }).finishedAt;
    return typeof at === 'string' ? at : null;
  } catch {
    return null; // a merged audit or a library's outputs have no run.json
  }
}

// a summary written before the categories existed: they follow from its verdicts
const FROM_VERDICT: Record<string, AuditCategory> = {
  supported: 'supported', incomplete: 'incomplete', 'not-documented': 'no-imaging', landmark: 'no-imaging', 'no-needle': 'not-applicable', error: 'error',
};

function categoriesOf(t: EarlierSummary['totals']): Record<string, number> {
  if (t.categories) return t.categories;
  const c: Record<string, number> = {};
  for (const [v, n] of Object.entries(t.verdicts ?? {})) if (FROM_VERDICT[v]) c[FROM_VERDICT[v]] = (c[FROM_VERDICT[v]] ?? 0) + n;
  return c;
}

const share = (n: number | undefined, of: number): number => (of > 0 ? (n ?? 0) / of : 0);
const change = (key: string, before: number, after: number): Change => ({ key, before: round(before), after: round(after), points: Math.round((after - before) * 1000) / 10 });
const round = (x: number): number => Math.round(x * 10_000) / 10_000;

// changes smaller than half a percentage point are noise in a report
const MIN_POINTS = 0.5;

function split(changes: Change[]): { improved: Change[]; regressed: Change[] } {
  const moved = changes.filter((c) => Math.abs(c.points) >= MIN_POINTS);
  return {
    improved: moved.filter((c) => c.points < 0).sort((a, b) => a.points - b.points || a.key.localeCompare(b.key)),
    regressed: moved.filter((c) => c.points > 0).sort((a, b) => b.points - a.points || a.key.localeCompare(b.key)),
  };
}

/** What changed from the earlier run to this one, by category, rule and provider. */
export function compareTotals(earlier: EarlierSummary, now: Totals): Comparison {
  const was = earlier.totals;
  const before = categoriesOf(was);
  const rules = [...new Set([...Object.keys(was.rules), ...Object.keys(now.rules)])].map((r) => change(r, share(was.rules[r], was.notes), share(now.rules[r], now.notes)));
  // "failing" changed meaning when the categories came in: providers compare only with a summary that has them
  const providers = was.categories && was.byProvider
    ? Object.entries(now.byProvider).filter(([p]) => was.byProvider![p]).map(([p, c]) => change(p, share(was.byProvider![p].failing, was.byProvider![p].notes), share(c.failing, c.notes)))
    : [];
  return {
    against: earlier.path,
    earlierFinishedAt: earlier.finishedAt,
    notes: { before: was.notes, after: now.notes },
    categories: AUDIT_CATEGORIES.map((c) => change(c, share(before[c], was.notes), share(now.categories[c], now.notes))),
    rules: split(rules),
    providers: split(providers),
  };
}
