// `guidelint audit corpus --out DIR` writes all five outputs, and they agree with each other.
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sqlite from 'node-sqlite3-wasm';
import { parse } from 'csv-parse/sync';
import { glob } from 'tinyglobby';
import { runAudit, type AuditSummary } from '../src/audit/run.js';
import { contractValidator } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = mkdtempSync(join(tmpdir(), 'guidelint-audit-corpus-'));
let noteCount = 0;
let summary: AuditSummary;

beforeAll(async () => {
  noteCount = (await glob(['**/*.txt', '**/*.md'], { cwd: join(root, 'corpus'), ignore: ['**/README.md'] })).length; // a folder's README is not a note
  const outcome = await runAudit({ input: join(root, 'corpus'), out, quiet: true });
  summary = outcome.summary!;
}, 120_000);

describe('audit of corpus/', () => {
  it('lints a small input on the main thread, to the same rows as on a worker thread', async () => {
    const rowsOf = (dir: string) => readFileSync(join(dir, 'results.jsonl'), 'utf8');
    const onMain = mkdtempSync(join(tmpdir(), 'guidelint-audit-main-'));
    const small = await runAudit({ input: join(root, 'corpus/dev'), out: onMain, quiet: true });
    expect(small.run?.threads).toBe(0); // fewer than 500 notes
    const pooled = mkdtempSync(join(tmpdir(), 'guidelint-audit-pooled-'));
    const outcome = await runAudit({ input: join(root, 'corpus/dev'), out: pooled, threads: 1, quiet: true });
    expect(outcome.run?.threads).toBe(1);
    expect(outcome.resultsOut).toBeGreaterThan(100);
    expect(rowsOf(pooled)).toBe(rowsOf(onMain));
  }, 120_000);

  it('writes results.jsonl, results.csv, results.sqlite, report.html and summary.json', () => {
    for (const f of ['results.jsonl', 'results.csv', 'results.sqlite', 'report.html', 'summary.json']) expect(existsSync(join(out, f)), f).toBe(true);
    for (const f of ['results.csv.tmp', 'results.sqlite.tmp', 'report.html.tmp', 'report.html.rows.tmp', 'report-excerpts.jsonl']) expect(existsSync(join(out, f)), f).toBe(false);
  });

  it('has one row per note, each the contract result plus its record number', () => {
    const rows = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(noteCount);
    const valid = contractValidator('result');
    for (const r of rows) expect(valid(r), `${r.source}: ${JSON.stringify(valid.errors)}`).toBe(true);
    expect(rows.map((r) => r.record)).toEqual(rows.map((_, i) => i + 1));
    // sidecar claims travel with their notes
    expect(rows.filter((r) => r.claim).length).toBeGreaterThan(20);
  });

  it('summary.json: records in = results out, and the totals add up', () => {
    const onDisk = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as AuditSummary;
    expect(onDisk).toEqual(summary);
    expect(summary).toMatchObject({ recordsIn: noteCount, resultsOut: noteCount, sample: null, shard: null });
    expect(Object.values(summary.totals.verdicts).reduce((a, b) => a + b, 0)).toBe(noteCount);
    // the four categories and record errors partition the notes
    expect(Object.values(summary.totals.categories).reduce((a, b) => a + b, 0)).toBe(noteCount);
    expect(summary.totals.categories.supported).toBe(summary.totals.verdicts.supported);
    expect(summary.totals.categories['no-imaging']).toBe(summary.totals.verdicts.landmark + summary.totals.verdicts['not-documented']);
    expect(Object.values(summary.totals.claimActions).reduce((a, b) => a + b, 0)).toBe(summary.totals.claims);
    expect(summary.totals.verdicts.supported).toBeGreaterThan(0);
    expect(summary.totals.rules['landmark-technique']).toBeGreaterThan(0);
  });

  it('results.csv has the auditor columns and one row per note', () => {
    const rows = parse(readFileSync(join(out, 'results.csv')), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(noteCount);
    expect(Object.keys(rows[0]).slice(0, 9)).toEqual(['id', 'provider', 'date', 'verdict', 'code', 'supported', 'missing_elements', 'rule_ids', 'action']);
    const landmark = rows.find((r) => r.verdict === 'landmark')!;
    expect(landmark.rule_ids.split(';')).toContain('landmark-technique');
    expect(rows.filter((r) => r.supported === 'true').length).toBe(summary.totals.verdicts.supported);
    const byCategory: Record<string, number> = {};
    for (const r of rows) byCategory[r.category] = (byCategory[r.category] ?? 0) + 1;
    expect(byCategory).toEqual(Object.fromEntries(Object.entries(summary.totals.categories).filter(([, n]) => n > 0)));
  });

  it('results.sqlite answers an auditor\'s questions through indexed tables', () => {
    const db = new sqlite.Database(join(out, 'results.sqlite'), { readOnly: true });
    try {
      expect(db.get('SELECT count(*) AS n FROM results')).toEqual({ n: noteCount });
      const categories = db.all('SELECT category, count(*) AS n FROM results GROUP BY category') as { category: string; n: number }[];
      expect(Object.fromEntries(categories.map((c) => [c.category, c.n]))).toEqual(Object.fromEntries(Object.entries(summary.totals.categories).filter(([, n]) => n > 0)));
      const byRule = db.all(`SELECT rule_id, count(DISTINCT record) AS notes FROM messages WHERE severity IN ('error', 'warning') GROUP BY rule_id`) as { rule_id: string; notes: number }[];
      expect(Object.fromEntries(byRule.map((r) => [r.rule_id, r.notes]))).toEqual(summary.totals.rules);
      // the evidence behind a supported note's saved images is the note's own words
      const ev = db.get(`SELECT e.text FROM evidence e JOIN results r USING (record) WHERE r.verdict = 'supported' AND e.element = 'imagesSaved' LIMIT 1`) as { text: string };
      expect(ev.text).toMatch(/sav|stor|archiv|retain|record|PACS|hard cop|permanent/i);
      const indexes = (db.all(`SELECT name FROM sqlite_master WHERE type = 'index'`) as { name: string }[]).map((r) => r.name);
      expect(indexes).toEqual(expect.arrayContaining(['results_verdict', 'results_provider', 'results_month', 'messages_rule', 'evidence_record']));
      const plan = db.all(`EXPLAIN QUERY PLAN SELECT record FROM messages WHERE rule_id = 'images-not-saved'`) as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX messages_rule/);
    } finally {
      db.close();
    }
  });
});
