// The audit report pieces: verdicts and months from a row, the CSV's formula defusing, the charts'
// escaping, and the sampler's reproducibility and proportional allocation.
import { describe, it, expect } from 'vitest';
import { digest, monthOf } from '../src/audit/digest.js';
import { csvRecord, CSV_COLUMNS } from '../src/audit/csv-report.js';
import { barChart } from '../src/audit/html-report.js';
import { Sampler } from '../src/audit/sample.js';
import { lint } from '../src/lint.js';
import type { AuditRow } from '../src/audit/task.js';

const row = (text: string, meta: Record<string, unknown> = {}): AuditRow => ({ record: 1, id: 'n1', ...lint(text), meta });

describe('digest', () => {
  it('calls a landmark note "landmark" and a note without a needle "no-needle"', () => {
    expect(digest(row('Right knee injected using anatomic landmarks; no imaging guidance was used.')).verdict).toBe('landmark');
    expect(digest(row('Patient seen in clinic for follow-up of knee pain. Continue exercises.')).verdict).toBe('no-needle');
  });

  it('lists the elements an imaging note lacks', () => {
    const d = digest(row('Under fluoroscopic guidance a 22 gauge needle was placed into the left knee joint and triamcinolone injected.'));
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
