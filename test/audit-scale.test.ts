// Scaling the audit out: byte-range shards merged into one run's outputs byte for byte, the lock
// on --out, pipe partitions that keep their place in the whole, and the library's audit unit.
import { describe, it, expect } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough, Readable } from 'node:stream';
import { runAudit } from '../src/audit/run.js';
import { mergeShards } from '../src/audit/merge.js';
import { readFees } from '../src/audit/fees.js';
import { auditRecord, recordExcerpts, writeReports } from '../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dev = join(root, 'corpus/dev');
const notes = readdirSync(dev).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(dev, f), 'utf8'));
const tmp = (): string => mkdtempSync(join(tmpdir(), 'guidelint-scale-'));
const cli = (...args: string[]): string[] => ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args];
const rowsOf = (out: string): Record<string, any>[] => readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const OUTPUT_FILES = ['results.jsonl', 'results.csv', 'results.sqlite', 'report.html', 'summary.json', 'audit-run.json'];

/** n records with, spread through the file, the lines that are named by their line number: bad JSON, no id, blank lines. */
function awkwardJsonl(n: number, { torn = true } = {}): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    if (torn && i % 37 === 5) lines.push('{"id": "torn", "text": "SECRET-PHI');
    if (i % 41 === 9) lines.push('', '   ');
    const rec: Record<string, unknown> = { id: `n-${i}`, text: notes[i % notes.length], provider: `Dr ${'ABCD'[i % 4]}`, date: `2024-${String(1 + (i % 12)).padStart(2, '0')}-03` };
    if (i % 29 === 7) delete rec.id;
    lines.push(JSON.stringify(rec));
  }
  return lines.join('\n') + '\n';
}

describe('audit --shard K/N and audit merge', () => {
  it('four byte-range shards, merged, equal one run byte for byte in every output', async () => {
    const dir = tmp();
    const input = join(dir, 'notes.jsonl');
    writeFileSync(input, awkwardJsonl(160));
    // the report's --compare and --fees go through the merge as through one run
    const earlier = join(dir, 'earlier');
    await runAudit({ input, out: earlier, shard: '1/2', quiet: true });
    const feesFile = join(dir, 'fees.csv');
    writeFileSync(feesFile, 'code,amount\n77002,120.00\n77003,145.00\n');
    const fees = readFees(feesFile);
    const single = join(dir, 'single');
    await runAudit({ input, out: single, threads: 2, quiet: true, fees, compare: earlier });

    const shards = [1, 2, 3, 4].map((k) => join(dir, `shard-${k}`));
    for (const [i, out] of shards.entries()) {
      // --resume on a directory that holds nothing yet simply starts: a job script can always pass it
      const { summary, run } = await runAudit({ input, out, shard: `${i + 1}/4`, resume: true, quiet: true });
      expect(summary!.shard).toMatchObject({ index: i + 1, count: 4 });
      expect(run!.threads).toBe(0); // a small slice is linted on the main thread, the single run on a pool
      expect(existsSync(join(out, 'results.csv'))).toBe(false); // a shard's reports come from the merge
      expect(existsSync(join(out, 'report-excerpts.jsonl'))).toBe(true); // kept for the merged report
    }
    // each shard read only its own bytes, whole lines, and together they are the file
    const slices = shards.map((out) => JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).shard);
    expect(slices[0].start).toBe(0);
    for (let k = 1; k < 4; k++) expect(slices[k].start).toBe(slices[k - 1].end);
    expect(slices[3].end).toBe(readFileSync(input).length);
    const text = readFileSync(input);
    for (const s of slices.slice(1)) expect(text[s.start - 1]).toBe(0x0a);
    // later shards number their own lines from 1: the merge puts them in place
    expect(rowsOf(shards[2])[0].record).toBe(1);

    const merged = join(dir, 'merged');
    const outcome = await mergeShards(merged, [...shards].reverse(), { fees, compare: earlier }); // any order on the command line
    expect(outcome.records).toBe(rowsOf(single).length);
    for (const f of OUTPUT_FILES) expect(readFileSync(join(merged, f)).equals(readFileSync(join(single, f))), f).toBe(true);
    // what the identity covers: the categories, the amount at risk, the comparison and the excerpts of every shard
    expect(readFileSync(join(merged, 'results.csv'), 'utf8').split('\n')[0]).toMatch(/\bcategory\b/);
    const summary = JSON.parse(readFileSync(join(merged, 'summary.json'), 'utf8'));
    expect(Object.values(summary.totals.categories as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(outcome.records);
    expect(summary.totals.atRisk).toBeDefined();
    expect(summary.comparison.notes).toMatchObject({ after: outcome.records });
    const page = readFileSync(join(merged, 'report.html'), 'utf8');
    const shown = JSON.parse(/<script type="application\/json" id="rows">(.*?)<\/script>/s.exec(page)![1]) as { n: number; f?: unknown[][] }[];
    const quoted = shown.filter((r) => r.f?.some((f) => f[6] !== null)).map((r) => r.n);
    expect(quoted.filter((n) => n > outcome.records * 0.75).length).toBeGreaterThan(5); // the last shard's, renumbered
    expect(existsSync(join(merged, 'report-excerpts.jsonl'))).toBe(false);
    // the lines named by number are named by their line in the whole file, in every shard
    const named = rowsOf(merged).filter((r) => r.id.startsWith('line '));
    expect(named.length).toBeGreaterThan(6);
    for (const r of named) expect(text.toString('utf8').split('\n')[Number(r.id.slice(5)) - 1]).not.toMatch(/"id":"n-/);
  }, 120_000);

  it('refuses shards that are not the N complete parts of one audit', async () => {
    const dir = tmp();
    const input = join(dir, 'notes.jsonl');
    writeFileSync(input, awkwardJsonl(24));
    const [a, b, c] = ['a', 'b', 'c'].map((name) => join(dir, name));
    for (const [i, out] of [a, b, c].entries()) await runAudit({ input, out, shard: `${i + 1}/3`, threads: 1, quiet: true });
    /** a copy of a shard, its settings or files altered as another run would have left them */
    const altered = (from: string, name: string, change: (settings: Record<string, unknown>) => void, drop?: string): string => {
      const to = join(dir, name);
      cpSync(from, to, { recursive: true });
      const settings = JSON.parse(readFileSync(join(to, 'audit-run.json'), 'utf8'));
      change(settings);
      writeFileSync(join(to, 'audit-run.json'), JSON.stringify(settings));
      if (drop) rmSync(join(to, drop));
      return to;
    };
    const into = join(dir, 'merged');
    await expect(mergeShards(into, [a, b])).rejects.toThrow(/missing shard 3\/3/);
    await expect(mergeShards(into, [a, b, c, a])).rejects.toThrow(/shard 1\/3 is given twice/);
    const otherConfig = altered(c, 'd', (s) => (s.config = { rules: { 'guidance-section-missing': 'off' } }));
    await expect(mergeShards(into, [a, b, otherConfig])).rejects.toThrow(/not shards of one audit: config differs/);
    const otherVersion = altered(c, 'e', (s) => (s.version = '0.0.1'));
    await expect(mergeShards(into, [a, b, otherVersion])).rejects.toThrow(/not shards of one audit: version differs/);
    const otherN = altered(b, 'f', (s) => (s.shard = '2/4'));
    await expect(mergeShards(into, [a, otherN, c])).rejects.toThrow(/N differs/);
    await expect(mergeShards(a, [a, b, c])).rejects.toThrow(/is one of the shards/);
    // a shard killed before it finished is named, with how to finish it
    const unfinished = altered(b, 'g', () => {}, 'summary.json');
    await expect(mergeShards(into, [a, unfinished, c])).rejects.toThrow(/shard 2\/3 has not finished.*--resume/);
    // a row lost from a shard's results is caught
    writeFileSync(join(b, 'results.jsonl'), readFileSync(join(b, 'results.jsonl'), 'utf8').split('\n').filter((_, i) => i !== 2).join('\n'));
    await expect(mergeShards(into, [a, b, c])).rejects.toThrow(/missing or repeated/);
    expect(existsSync(join(into, 'results.jsonl'))).toBe(false); // nothing half merged
  }, 60_000);

  it('shards a directory of notes by file and merges it to the single run', async () => {
    const dir = tmp();
    const single = join(dir, 'single');
    const input = join(dir, 'notes');
    mkdirSync(input);
    for (const f of readdirSync(dev).sort().slice(0, 24)) cpSync(join(dev, f), join(input, f));
    await runAudit({ input, out: single, threads: 2, quiet: true });
    const shards = [1, 2].map((k) => join(dir, `s${k}`));
    for (const [i, out] of shards.entries()) await runAudit({ input, out, shard: `${i + 1}/2`, threads: 1, quiet: true });
    await mergeShards(join(dir, 'merged'), shards);
    for (const f of OUTPUT_FILES) expect(readFileSync(join(dir, 'merged', f)).equals(readFileSync(join(single, f))), f).toBe(true);
  }, 120_000);

  it('--shard refuses CSV and standard input, whose records cannot be cut by byte range', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.csv'), 'id,text\na,b\n');
    await expect(runAudit({ input: join(dir, 'a.csv'), out: join(dir, 'o'), shard: '1/2', quiet: true })).rejects.toThrow(/--shard .*CSV/);
    await expect(runAudit({ input: '-', shard: '1/2', quiet: true, stdin: Readable.from([]) })).rejects.toThrow(/--shard .*standard input/);
  });
});

describe('the lock on --out', () => {
  it('a second audit on the same --out exits 2 naming the first; the first finishes with each record once', async () => {
    const dir = tmp();
    const input = join(dir, 'notes.jsonl');
    writeFileSync(input, awkwardJsonl(1200));
    const out = join(dir, 'out');
    const first = spawn(process.execPath, cli('audit', input, '--out', out, '--threads', '1', '--quiet'), { cwd: root, stdio: 'ignore' });
    const firstExit = new Promise<number | null>((done) => first.on('exit', done));
    await new Promise<void>((done) => {
      const t = setInterval(() => existsSync(join(out, 'results.jsonl')) && (clearInterval(t), done()), 20);
    });
    // a retried task: same input, --resume, while the first process still runs
    const second = spawnSync(process.execPath, cli('audit', input, '--out', out, '--resume', '--threads', '1', '--quiet'), { cwd: root, encoding: 'utf8' });
    expect(second.status).toBe(2);
    expect(second.stderr).toContain(`in use by guidelint pid ${first.pid} on ${hostname()}`);
    expect(second.stderr).not.toContain('SECRET');
    expect(await firstExit).toBe(0);
    const rows = rowsOf(out);
    expect(rows.map((r) => r.record)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).recordsIn).toBe(rows.length);
    expect(existsSync(join(out, '.lock'))).toBe(false); // released
  }, 120_000);

  it('SIGTERM (a scheduler cancelling a job) stops with complete rows, releases the lock and exits 143', async () => {
    const dir = tmp();
    const input = join(dir, 'notes.jsonl');
    writeFileSync(input, awkwardJsonl(1500));
    const out = join(dir, 'out');
    const child = spawn(process.execPath, cli('audit', input, '--out', out, '--threads', '1', '--quiet'), { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (c) => (stderr += c));
    const exited = new Promise<number | null>((done) => child.on('exit', done));
    await new Promise<void>((done) => {
      const t = setInterval(() => existsSync(join(out, 'results.jsonl')) && readFileSync(join(out, 'results.jsonl')).length > 0 && (clearInterval(t), done()), 5);
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(stderr).toMatch(/interrupted by SIGTERM: .* complete rows written; continue with --resume/);
    expect(existsSync(join(out, '.lock'))).toBe(false);
    const rows = rowsOf(out);
    expect(rows.map((r) => r.record)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
  }, 120_000);

  it('a lock left by a dead process on this host is taken over; one from another host is not', async () => {
    const dir = tmp();
    const input = join(dir, 'notes.jsonl');
    writeFileSync(input, awkwardJsonl(5));
    const out = join(dir, 'out');
    mkdirSync(out);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(out, '.lock'), JSON.stringify({ pid: Number(dead.stdout), host: hostname(), since: '2026-01-01T00:00:00Z' }));
    const outcome = await runAudit({ input, out, threads: 1, quiet: true });
    expect(outcome.resultsOut).toBe(outcome.recordsIn);
    writeFileSync(join(out, '.lock'), JSON.stringify({ pid: process.pid, host: 'node-elsewhere', since: '2026-01-01T00:00:00Z' }));
    await expect(runAudit({ input, out, threads: 1, quiet: true, overwrite: true })).rejects.toThrow(/in use by guidelint pid \d+ on node-elsewhere .*another host/);
  });
});

describe('pipe mode keeps each record its place in the whole input', () => {
  it('--record-offset N numbers rows and names bad lines as in the whole file', async () => {
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (c: Buffer) => chunks.push(c));
    const partition = [JSON.stringify({ id: 'a', text: notes[0] }), '{oops', JSON.stringify({ text: notes[1] })].join('\n') + '\n';
    await runAudit({ input: '-', stdin: Readable.from([Buffer.from(partition)]), stdout, recordOffset: 5000, threads: 1, quiet: true });
    const rows = Buffer.concat(chunks).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => [r.record, r.id])).toEqual([[5001, 'a'], [5002, 'line 5002'], [5003, 'line 5003']]);
    expect(rows[1].error).toMatch(/^line 5002: not valid JSON/);
  });
});

describe('the library: the audit unit and its reports for any engine', () => {
  it('auditRecord over each record and writeReports over the rows give the audit command its outputs', async () => {
    const dir = tmp();
    const input = join(dir, 'notes.jsonl');
    writeFileSync(input, awkwardJsonl(60, { torn: false })); // a line that is not JSON is the engine's to name
    const single = join(dir, 'single');
    await runAudit({ input, out: single, threads: 2, quiet: true });

    // a collector elsewhere: records parsed by the engine, audited one by one, reported together
    const lines = readFileSync(input, 'utf8').split('\n');
    const rows = [];
    const excerpts = []; // the note text the report quotes travels apart from the rows
    let record = 0;
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      const row = auditRecord(JSON.parse(line), { record: ++record, name: `line ${i + 1}` });
      rows.push(row);
      excerpts.push(recordExcerpts(JSON.parse(line), row));
    }
    expect(excerpts.filter(Boolean).length).toBeGreaterThan(10);
    const collected = join(dir, 'library');
    await writeReports(rows, collected, { input, excerpts });
    for (const f of ['results.jsonl', 'results.csv', 'results.sqlite', 'report.html', 'summary.json']) {
      expect(readFileSync(join(collected, f)).equals(readFileSync(join(single, f))), f).toBe(true);
    }
    expect(rows.filter((r) => r.id.startsWith('line ')).length).toBeGreaterThan(1);
    expect(auditRecord({ id: 'x', text: '  ' }, { record: 3 })).toMatchObject({ record: 3, id: 'x', error: 'record 3 (id "x"): "text" is empty' });
    expect(auditRecord([1], { record: 4 })).toMatchObject({ id: 'record 4', error: 'record 4: is not a JSON object' });
    await expect(writeReports([rows[1], rows[0]], join(dir, 'bad'))).rejects.toThrow(/record order/);
  }, 60_000);
});
