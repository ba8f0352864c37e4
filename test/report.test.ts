// The audit report pieces: verdicts and months from a row, the CSV's formula defusing, the charts'
// escaping, and the sampler's reproducibility and proportional allocation.
import { describe, it, expect } from 'vitest';
import { digest, monthOf } from '../src/audit/digest.js';
import { csvRecord, CSV_COLUMNS } from '../src/audit/csv-report.js';
import { barChart } from '../src/audit/html-report.js';
import { Tally, AUDIT_CATEGORIES } from '../src/audit/tally.js';
import { excerpt } from '../src/audit/excerpt.js';
import { amountAtRisk, readFees } from '../src/audit/fees.js';
import { compareTotals } from '../src/audit/compare.js';
import { categoryOf } from '../src/report/category.js';
import { stylish } from '../src/report/stylish.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sampler } from '../src/audit/sample.js';
import { lint } from '../src/lint.js';
import type { AuditRow } from '../src/audit/task.js';

const row = (text: string, meta: Record<string, unknown> = {}): AuditRow => ({ record: 1, id: 'n1', ...lint(text), meta });
const LANDMARK = 'Right knee injected using anatomic landmarks; no imaging guidance was used.';
const NO_NEEDLE = 'Patient seen in clinic for follow-up of knee pain. Continue exercises.';
const INCOMPLETE = 'Under fluoroscopic guidance a 22 gauge needle was placed into the left knee joint and triamcinolone injected.';
const SUPPORTED = 'PROCEDURE: Left knee injection.\nFLUOROSCOPY: Under fluoroscopic guidance a 22 gauge needle was placed into the left knee joint; AP and lateral views confirmed the needle tip within the joint, contrast outlined the joint without vascular uptake. Images saved to PACS. Fluoroscopy time 0.3 minutes. Triamcinolone 40 mg injected.';
const UNSTATED = 'PROCEDURE: Left knee injection with a 22 gauge needle; triamcinolone 40 mg injected. Tolerated well.';

describe('verdict categories', () => {
  it('put every note in exactly one of four categories', () => {
    expect([NO_NEEDLE, LANDMARK, UNSTATED, INCOMPLETE, SUPPORTED].map((t) => categoryOf(lint(t).documentation))).toEqual(['not-applicable', 'no-imaging', 'no-imaging', 'incomplete', 'supported']);
  });

  it('do not count a landmark note with nothing billed as failing; a landmark note billing 77002 is', () => {
    expect(digest(row(LANDMARK))).toMatchObject({ category: 'no-imaging', failing: false });
    const billed: AuditRow = { record: 1, id: 'n1', ...lint(LANDMARK, { claim: { lines: [{ code: '20610', modifiers: [], units: 1 }, { code: '77002', modifiers: [], units: 1 }], diagnoses: [] } }), meta: {}, claimLines: [{ code: '20610', modifiers: [], units: 1 }, { code: '77002', modifiers: [], units: 1 }] };
    expect(digest(billed)).toMatchObject({ category: 'no-imaging', action: 'remove', failing: true, billed: [{ code: '77002', units: 1 }] });
  });

  it('add up to the notes in the totals, and in every group by site, provider and month', () => {
    const tally = new Tally();
    const texts = [NO_NEEDLE, LANDMARK, UNSTATED, INCOMPLETE, SUPPORTED, SUPPORTED];
    texts.forEach((t, i) => tally.add(digest({ ...row(t, { provider: `Dr ${i % 2}`, date: `2024-0${1 + (i % 3)}-02` }), record: i + 1 })));
    tally.add(digest({ record: 7, id: 'line 7', source: 'line 7', error: 'line 7: not valid JSON', meta: {} }));
    const t = tally.totals();
    const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);
    expect(t.notes).toBe(7);
    expect(t.categories).toEqual({ supported: 2, incomplete: 1, 'no-imaging': 2, 'not-applicable': 1, error: 1 });
    for (const groups of [t.bySite, t.byProvider, t.byMonth]) {
      expect(Object.values(groups).reduce((a, c) => a + c.notes, 0)).toBe(7);
      for (const c of Object.values(groups)) expect(sum(c.categories)).toBe(c.notes);
    }
    expect(Object.keys(t.categories)).toEqual([...AUDIT_CATEGORIES]);
  });

  it('close the stylish output with counts that add up to the notes', () => {
    const out = stylish([LANDMARK, SUPPORTED, SUPPORTED].map((t) => lint(t)));
    expect(out).toMatch(/\n3 notes: .*\nverdicts: 2 supported · 1 no imaging documented \(landmark \/ unstated\)\n$/);
  });
});

describe('excerpts', () => {
  const text = 'PROCEDURE: Left knee.\nUnder fluoroscopic guidance a 22 gauge needle was placed into the joint and triamcinolone injected without complication today.';
  it('hold the span whole, with the words either side cut at word boundaries', () => {
    const at = text.indexOf('fluoroscopic guidance');
    const [before, span, after] = excerpt(text, at, at + 'fluoroscopic guidance'.length);
    expect(span).toBe('fluoroscopic guidance');
    expect(before).toBe('PROCEDURE: Left knee. Under '); // the line end reads as a space
    expect(after.startsWith(' a 22 gauge needle')).toBe(true);
    expect(after.endsWith(' …')).toBe(true);
    const kept = after.slice(0, -2).trim().split(' ');
    expect(text).toContain(kept.join(' ')); // no word cut in half
    expect(text.split(/\s+/)).toContain(kept[kept.length - 1]);
  });
});

describe('fees and the amount at risk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guidelint-fees-'));
  it('reads code,amount rows, a header skipped, and names a bad row', () => {
    writeFileSync(join(dir, 'fees.csv'), 'code,amount\n77002,"$1,120.50"\n76942, 80\n');
    expect(readFees(join(dir, 'fees.csv'))).toEqual({ '77002': 1120.5, '76942': 80 });
    writeFileSync(join(dir, 'bad.csv'), 'code,amount\n77002,lots\n');
    expect(() => readFees(join(dir, 'bad.csv'))).toThrow(/row 2 is not "code,amount"/);
    expect(() => readFees(join(dir, 'none.csv'))).toThrow(/no such file/);
  });

  it('prices the guidance at risk by claim action', () => {
    const fees = { '77002': 100, '77003': 130, '76942': 60 };
    const d = digest(row(LANDMARK));
    const at = (action: string | null, billed: { code: string; units: number }[], recommendedCode: string | null = null): number => amountAtRisk({ ...d, action, billed, recommendedCode }, fees);
    expect(at('remove', [{ code: '77002', units: 1 }])).toBe(100);
    expect(at('query', [{ code: '77003', units: 2 }])).toBe(260);
    expect(at('recode', [{ code: '77002', units: 1 }], '76942')).toBe(40);
    expect(at('recode', [{ code: '77002', units: 1 }], '77003')).toBe(0);
    expect(at('reduce-units', [{ code: '77002', units: 1 }, { code: '77002', units: 2 }])).toBe(200);
    expect(at('bill', [{ code: '77002', units: 1 }])).toBe(0);
    expect(at(null, [])).toBe(0);
  });
});

describe('--compare', () => {
  it('lists rules and providers that improved and regressed, as shares of each run', () => {
    const run = (texts: [string, string][]) => {
      const tally = new Tally();
      texts.forEach(([t, p], i) => tally.add(digest({ ...row(t, { provider: p }), record: i + 1 })));
      return tally.totals();
    };
    const before = run([[INCOMPLETE, 'Dr A'], [INCOMPLETE, 'Dr A'], [SUPPORTED, 'Dr B'], [LANDMARK, 'Dr B']]);
    const now = run([[SUPPORTED, 'Dr A'], [INCOMPLETE, 'Dr A'], [SUPPORTED, 'Dr B'], [INCOMPLETE, 'Dr B'], [SUPPORTED, 'Dr C'], [SUPPORTED, 'Dr C']]);
    const c = compareTotals({ path: 'earlier/summary.json', finishedAt: null, totals: before }, now);
    expect(c.notes).toEqual({ before: 4, after: 6 });
    const supported = c.categories.find((x) => x.key === 'supported')!;
    expect(supported.before).toBe(0.25);
    expect(supported.after).toBeCloseTo(4 / 6, 3);
    expect(supported.points).toBeCloseTo(100 * (4 / 6 - 0.25), 1);
    expect(c.rules.improved.map((x) => x.key)).toContain('images-not-saved'); // 2 of 4 notes, then 2 of 6
    expect(c.rules.improved.map((x) => x.key)).toContain('landmark-technique');
    expect(c.providers.improved).toEqual([{ key: 'Dr A', before: 1, after: 0.5, points: -50 }]);
    expect(c.providers.regressed).toEqual([{ key: 'Dr B', before: 0, after: 0.5, points: 50 }]);
  });
});

describe('digest', () => {
  it('calls a landmark note "landmark" and a note without a needle "no-needle"', () => {
    expect(digest(row(LANDMARK)).verdict).toBe('landmark');
    expect(digest(row(NO_NEEDLE)).verdict).toBe('no-needle');
  });

  it('lists the elements an imaging note lacks', () => {
    const d = digest(row(INCOMPLETE));
    expect(d.verdict).toBe('incomplete');
    expect(d.missing).toEqual(expect.arrayContaining(['imagesSaved', 'interpretation']));
    expect(d.failing).toBe(true);
  });

  it('marks an error row as an error verdict and a failure', () => {
    const d = digest({ record: 3, id: 'line 3', source: 'line 3', error: 'line 3: not valid JSON', meta: { provider: 'Dr A' } });
    expect(d).toMatchObject({ verdict: 'error', failing: true, provider: 'Dr A', error: 'line 3: not valid JSON' });
  });

  it('reads months from ISO and US dates, and nothing from other text', () => {
    expect(monthOf('2024-3-09')).toBe('2024-03');
    expect(monthOf('2023-11-30T10:00:00Z')).toBe('2023-11');
    expect(monthOf('7/4/2022')).toBe('2022-07');
    expect(monthOf('last spring')).toBeNull();
  });
});

describe('results.csv rows', () => {
  it('defuses spreadsheet formulas in input-derived cells', () => {
    const d = digest(row('Knee injected.', { provider: '=HYPERLINK("http://x")', date: '+1' }));
    const rec = csvRecord(d);
    expect(rec[CSV_COLUMNS.indexOf('provider')]).toBe(`'=HYPERLINK("http://x")`);
    expect(rec[CSV_COLUMNS.indexOf('date')]).toBe(`'+1`);
    expect(rec).toHaveLength(CSV_COLUMNS.length);
  });
});

describe('charts', () => {
  it('escape labels, so metadata cannot inject markup', () => {
    const svg = barChart('By provider', [{ label: '<script>alert(1)</script>', value: 3, part: 1 }]);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&#60;script&#62;');
    expect(svg).toContain('1 / 3 (33%)');
  });
});

describe('Sampler', () => {
  const draw = (seed: string, n: number, strata?: (r: number) => string) => {
    const s = new Sampler(n, seed, strata ? 'provider' : null);
    for (let r = 1; r <= 1000; r++) s.add(r, strata?.(r));
    return s.draw();
  };

  it('draws n distinct records, the same ones for the same seed', () => {
    const a = draw('42', 50);
    expect(a.records.size).toBe(50);
    expect([...draw('42', 50).records]).toEqual([...a.records]);
    expect([...draw('43', 50).records]).not.toEqual([...a.records]);
  });

  it('allocates a stratified sample in proportion, largest remainders first', () => {
    // strata of 500, 300 and 200 records; 10 drawn → 5, 3, 2
    const { report } = draw('1', 10, (r) => (r <= 500 ? 'A' : r <= 800 ? 'B' : 'C'));
    expect(report.strata).toEqual({ A: { population: 500, sampled: 5 }, B: { population: 300, sampled: 3 }, C: { population: 200, sampled: 2 } });
    const odd = draw('1', 4, (r) => (r <= 500 ? 'A' : r <= 800 ? 'B' : 'C')); // 2.0, 1.2, 0.8 → 2, 1, 1
    expect(Object.values(odd.report.strata).map((s) => s.sampled)).toEqual([2, 1, 1]);
  });

  it('takes everything when asked for more than there is', () => {
    expect(draw('x', 5000).records.size).toBe(1000);
  });
});
