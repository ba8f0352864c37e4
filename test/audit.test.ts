// guidelint audit: every record yields exactly one row, bad ones named with the reason; an
// interrupted or killed run resumes without repeating a row; stdin/stdout, CSV, shards, samples.
import { describe, it, expect } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough, Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { runAudit, type AuditSummary } from '../src/audit/run.js';
import { repairRows } from '../src/audit/resume.js';
import { UsageError } from '../src/errors.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dev = join(root, 'corpus/dev');
const notes = readdirSync(dev).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(dev, f), 'utf8'));
const tmp = (): string => mkdtempSync(join(tmpdir(), 'guidelint-audit-'));
const rowsOf = (out: string): Record<string, any>[] => readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const record = (i: number): string => JSON.stringify({ id: `n-${i}`, text: notes[i % notes.length], provider: `Dr ${'ABCD'[i % 4]}`, date: `2024-${String(1 + (i % 12)).padStart(2, '0')}-03` });

/** n good records as JSONL. */
function jsonl(n: number): string {
  return Array.from({ length: n }, (_, i) => record(i)).join('\n') + '\n';
}

describe('audit: every record in yields one row out', () => {
  it('turns malformed, empty, non-object, undecodable and bad-claim lines into named error rows', async () => {
    const dir = tmp();
    const input = join(dir, 'notes.jsonl');
    const lines: (string | Buffer)[] = [
      record(0),
      '{"id":"torn", "text": "SECRET-PHI left knee injected', // line 2: malformed JSON
      record(1),
      '{"id":"blank","text":"   "}', // line 4: empty text
      '', // line 5: blank, not a record
      '[1, 2, 3]', // line 6: not an object
      Buffer.concat([Buffer.from('{"id":"latin1","text":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]), // line 7: not UTF-8
      JSON.stringify({ id: 'badclaim', text: notes[2], claim: { lines: [{ code: 'nope' }] } }), // line 8
      JSON.stringify({ text: notes[3], provider: 'Dr Z' }), // line 9: no id → named by its line
      record(4),
    ];
    writeFileSync(input, Buffer.concat(lines.map((l) => Buffer.concat([Buffer.from(l), Buffer.from('\n')]))));
    const out = join(dir, 'out');
    const outcome = await runAudit({ input, out, threads: 2, quiet: true });

    const rows = rowsOf(out);
    expect(outcome.recordsIn).toBe(9);
    expect(outcome.resultsOut).toBe(9);
    expect(rows).toHaveLength(9);
    expect(rows.map((r) => r.record)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const errors = Object.fromEntries(rows.filter((r) => r.error).map((r) => [r.id, r.error]));
    expect(errors).toEqual({
      'line 2': expect.stringMatching(/^line 2: not valid JSON/),
      blank: 'line 4 (id "blank"): "text" is empty',
      'line 6': 'line 6: is not a JSON object',
      'line 7': 'line 7: the line is not valid UTF-8 text (at byte 26)',
      badclaim: expect.stringMatching(/^line 8 \(id "badclaim"\): claim field \/lines\/0\/code /),
    });
    expect(JSON.stringify(rows.filter((r) => r.error))).not.toContain('SECRET-PHI'); // notes are PHI: errors never quote them
    expect(rows.find((r) => r.id === 'line 9')).toMatchObject({ meta: { provider: 'Dr Z' }, documentation: expect.any(Object) });
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as AuditSummary;
    expect(summary).toMatchObject({ recordsIn: 9, resultsOut: 9, totals: { recordErrors: 5 } });
  }, 60_000);

  it('a folder of notes: SOURCE.md, README.md and index.tsv are not records, nor files matching --ignore-pattern', async () => {
    const dir = tmp();
    const input = join(dir, 'notes');
    mkdirSync(input);
    for (const [i, f] of ['m1.txt', 'm2.txt', 'draft-m3.txt', 'SOURCE.md', 'README.md', 'index.tsv'].entries()) writeFileSync(join(input, f), notes[i]);
    const outcome = await runAudit({ input, out: join(dir, 'out'), threads: 1, quiet: true, reports: false, ignorePatterns: ['draft-*'] });
    expect(outcome).toMatchObject({ recordsIn: 2, resultsOut: 2 });
    expect(rowsOf(join(dir, 'out')).map((r) => r.source)).toEqual([join(input, 'm1.txt'), join(input, 'm2.txt')]);
  }, 60_000);

  it('a record that kills its worker gets an error row; the rest of its batch is linted', async () => {
    const dir = tmp();
    const input = join(dir, 'notes.jsonl');
    const lines = Array.from({ length: 40 }, (_, i) => (i === 6 ? JSON.stringify({ id: 'fatal', text: 'CRASH-HERE' }) : record(i)));
    writeFileSync(input, lines.join('\n') + '\n');
    const out = join(dir, 'out');
    const workerUrl = new URL('./fixtures/workers/crash-on-marker.ts', import.meta.url);
    const outcome = await runAudit({ input, out, threads: 2, quiet: true, reports: false, workerUrl });
    expect(outcome.resultsOut).toBe(40);
    const rows = rowsOf(out);
    expect(rows.map((r) => r.record)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(rows[6].error).toMatch(/^line 7: worker failed/);
    expect(rows.filter((r) => r.error)).toHaveLength(1);
    expect(rows[7]).toMatchObject({ id: 'n-7', length: notes[7 % notes.length].length });
  });

  it('reads JSONL on stdin and writes one JSONL row per record on stdout, in input order', async () => {
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (c: Buffer) => chunks.push(c));
    const text = jsonl(30) + '{oops\n';
    // split mid-line so rows are reassembled across reads
    const outcome = await runAudit({ input: '-', stdin: Readable.from([Buffer.from(text.slice(0, 777)), Buffer.from(text.slice(777))]), stdout, threads: 2, quiet: true });
    const rows = Buffer.concat(chunks).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(outcome).toMatchObject({ recordsIn: 31, resultsOut: 31, interrupted: false });
    expect(rows.map((r) => r.id)).toEqual([...Array.from({ length: 30 }, (_, i) => `n-${i}`), 'line 31']);
    expect(rows[30].error).toMatch(/^line 31: not valid JSON/);
  }, 60_000);

  it('a slow input (a pipe) gets each row as its record is linted, not when the input ends', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const lines = createInterface({ input: stdout })[Symbol.asyncIterator]();
    const running = runAudit({ input: '-', stdin, stdout, threads: 1, quiet: true });
    for (let i = 0; i < 3; i++) {
      stdin.write(record(i) + '\n');
      // the input stays open: this row comes on its own or never
      expect(JSON.parse((await lines.next()).value as string)).toMatchObject({ record: i + 1, id: `n-${i}` });
    }
    stdin.end();
    expect(await running).toMatchObject({ recordsIn: 3, resultsOut: 3, interrupted: false });
  }, 60_000);

  it('a reader of stdout that goes away (EPIPE) ends the run early and quietly: "output closed", no error', async () => {
    let writes = 0;
    const stdout = new Writable({
      // the first write is taken; the next meets a closed pipe
      write: (_chunk, _encoding, done) => done(++writes === 1 ? null : Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })),
    });
    const outcome = await runAudit({ input: '-', stdin: Readable.from([Buffer.from(jsonl(400))]), stdout, threads: 2, quiet: true });
    expect(outcome.interrupted).toBe('output closed');
    expect(writes).toBe(2); // nothing was written after the failure
    expect(outcome.resultsOut).toBeLessThan(400);
  }, 60_000);

  it('reads CSV with --text-column, keeps other columns as metadata, and names a broken record', async () => {
    const dir = tmp();
    const input = join(dir, 'notes.csv');
    const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;
    writeFileSync(input, ['mrn_free_id,provider,date,body,unit', `a1,Dr A,2024-02-01,${quote(notes[0])},ortho`, 'a2,Dr B,2024-02-02,bro"ken,ortho', `a3,Dr C,2024-03-09,${quote(notes[1])},pain`, 'a4,Dr D,2024-03-10,,pain'].join('\n') + '\n');
    const out = join(dir, 'out');
    await expect(runAudit({ input, out, quiet: true })).rejects.toThrow(/no column "text".*--text-column/);
    const outcome = await runAudit({ input, out, textColumn: 'body', idColumn: 'mrn_free_id', threads: 1, quiet: true });
    const rows = rowsOf(out);
    expect(outcome.resultsOut).toBe(4);
    expect(rows.map((r) => [r.id, r.error ?? null])).toEqual([
      ['a1', null],
      [`row 2 (line ${2 + notes[0].split('\n').length})`, expect.stringMatching(/not a well-formed CSV record/)], // a1's quoted text spans lines
      ['a3', null],
      ['a4', 'row 4 (id "a4"): "body" is empty'],
    ]);
    expect(rows[2].meta).toEqual({ provider: 'Dr C', date: '2024-03-09', unit: 'pain' });
  }, 60_000);

  it('an unclosed quote that swallows the next records is an error row naming the record and the swallowed lines', async () => {
    const dir = tmp();
    const input = join(dir, 'notes.csv');
    const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;
    // five data rows: b2's quote never closes, so b3 (line 4) is read into it, and the quote
    // opening b3's text is taken as b2's closing one
    writeFileSync(input, ['id,text', `b1,${quote('Fluoroscopy used.')}`, 'b2,"never closed', `b3,${quote('late note')}`, `b4,${quote(notes[0])}`, 'b5,plain'].join('\n') + '\n');
    const out = join(dir, 'out');
    const outcome = await runAudit({ input, out, threads: 1, quiet: true });
    const rows = rowsOf(out);
    const errors = rows.filter((r) => r.error);
    expect(outcome.recordsIn).toBe(rows.length);
    expect(outcome.summary!.totals.recordErrors).toBe(errors.length);
    expect(rows.map((r) => r.id)).toEqual(['b1', 'row 2 (lines 3–4)', 'b4', 'b5']);
    expect(errors).toHaveLength(1);
    expect(errors[0].error).toMatch(/^row 2 \(lines 3–4\): .*starts on line 3 .*quote .*not closed.* line 4 .*not audited/);
    expect(errors[0].error).not.toMatch(/late note|never closed/); // names the lines, never quotes them

    // a quote left open to the end of the file swallows every line after it
    writeFileSync(input, ['id,text', 'c1,fine', 'c2,"never closed', 'c3,late', 'c4,later', ''].join('\n'));
    await runAudit({ input, out, threads: 1, quiet: true, overwrite: true, reports: false });
    expect(rowsOf(out).map((r) => r.error ?? r.id)).toEqual(['c1', expect.stringMatching(/^row 2 \(lines 3–5\): .*lines 4–5 \(2 lines that may hold other records\) were read into it/)]);
  }, 60_000);

  it('stops loudly at a CSV record it cannot get past (an unclosed quote), keeping the rows before it', async () => {
    const dir = tmp();
    const input = join(dir, 'notes.csv');
    writeFileSync(input, `id,text\na1,"${notes[0].replace(/"/g, '""')}"\na2,"never closed ${'x'.repeat(1_100_000)}\na3,late\n`);
    const out = join(dir, 'out');
    await expect(runAudit({ input, out, threads: 1, quiet: true })).rejects.toThrow(/row 2 .*unclosed quote.*cannot continue/);
    expect(rowsOf(out).map((r) => r.id)).toEqual(['a1']);
  }, 60_000);
});

describe('audit: interrupted runs resume without duplicating rows', () => {
  it('an aborted run leaves complete rows only, and --resume (after a torn write) finishes each record once', async () => {
    const dir = tmp();
    const input = join(dir, 'notes.jsonl');
    // enough records that the run cannot finish before the first flush of rows is seen
    const n = 2000;
    writeFileSync(input, jsonl(n));
    const out = join(dir, 'out');
    const stop = new AbortController();
    // Ctrl-C as soon as the first rows reach the file
    const watch = setInterval(() => existsSync(join(out, 'results.jsonl')) && readFileSync(join(out, 'results.jsonl')).length > 0 && stop.abort(), 5);
    const first = await runAudit({ input, out, threads: 2, quiet: true, signal: stop.signal });
    clearInterval(watch);
    expect(first.interrupted).toBe('aborted');
    expect(first.resultsOut).toBeGreaterThan(0);
    expect(first.resultsOut).toBeLessThan(n);
    expect(existsSync(join(out, 'summary.json'))).toBe(false); // no reports for an unfinished run
    const partial = rowsOf(out);
    expect(partial.map((r) => r.record)).toEqual(Array.from({ length: partial.length }, (_, i) => i + 1));

    // a kill in the middle of a write leaves a torn last line: resume cuts it off (and the report's excerpts of rows never written)
    appendFileSync(join(out, 'results.jsonl'), '{"record":99999,"id":"n-');
    appendFileSync(join(out, 'report-excerpts.jsonl'), '{"record":99998,"x":[]}\n{"record":99999,"x":[["a","b"');
    await expect(runAudit({ input, out, threads: 2, quiet: true })).rejects.toThrow(/already holds results.*--resume/);
    await expect(runAudit({ input, out, threads: 2, quiet: true, resume: true, shard: '1/2' })).rejects.toThrow(/settings.*shard/);
    const second = await runAudit({ input, out, threads: 2, quiet: true, resume: true });
    const rows = rowsOf(out);
    expect(second).toMatchObject({ recordsIn: n, resultsOut: n, interrupted: false });
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: n }, (_, i) => `n-${i}`));
    expect(second.run?.resumedAfter).toBe(partial.length);
    // report.html shows each finding's excerpt, for the rows of both runs; the side file is gone
    const page = readFileSync(join(out, 'report.html'), 'utf8');
    const shown = JSON.parse(/<script type="application\/json" id="rows">(.*?)<\/script>/s.exec(page)![1]) as { n: number; f?: unknown[][] }[];
    const spanned = (n: number): boolean[] => rows[n - 1].messages.map((m: { offset?: number }) => m.offset !== undefined);
    expect(shown).toHaveLength(n);
    for (const r of shown) expect((r.f ?? []).map((f) => f[6] !== null), `record ${r.n}`).toEqual(spanned(r.n));
    expect(shown.filter((r) => r.f?.some((f) => f[6] !== null)).length).toBeGreaterThan(200);
    expect(existsSync(join(out, 'report-excerpts.jsonl'))).toBe(false);
  }, 120_000);

  it('a CLI run killed with SIGKILL resumes to each row exactly once', async () => {
    const dir = tmp();
    const input = join(dir, 'notes.jsonl');
    writeFileSync(input, jsonl(1500));
    const out = join(dir, 'out');
    const cli = ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'audit', input, '--out', out, '--threads', '2', '--quiet'];
    const child = spawn(process.execPath, cli, { cwd: root, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    const rowsFile = join(out, 'results.jsonl');
    await new Promise<void>((done) => {
      const t = setInterval(() => {
        if (existsSync(rowsFile) && readFileSync(rowsFile).length > 50_000) {
          clearInterval(t);
          child.kill('SIGKILL');
          done();
        }
      }, 10);
    });
    expect(await exited).toBe('SIGKILL');
    const before = repairRows(rowsFile).rows;
    expect(before).toBeGreaterThan(0);

    const resumed = spawn(process.execPath, [...cli, '--resume'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    resumed.stderr.on('data', (c) => (stderr += c));
    expect(await new Promise((done) => resumed.on('exit', done))).toBe(0);
    const rows = rowsOf(out);
    expect(rows).toHaveLength(1500);
    expect(new Set(rows.map((r) => r.id)).size).toBe(1500);
    expect(rows.map((r) => r.record)).toEqual(Array.from({ length: 1500 }, (_, i) => i + 1));
    expect(stderr).toBe(''); // --quiet, and nothing went wrong
    // the kill lost no excerpt of a row it kept: each row on disk had its excerpts on disk first
    const page = readFileSync(join(out, 'report.html'), 'utf8');
    const shown = JSON.parse(/<script type="application\/json" id="rows">(.*?)<\/script>/s.exec(page)![1]) as { n: number; f?: unknown[][] }[];
    for (const r of shown) expect((r.f ?? []).map((f) => f[6] !== null), `record ${r.n}`).toEqual(rows[r.n - 1].messages.map((m: { offset?: number }) => m.offset !== undefined));
  }, 180_000);
});

describe('audit: signals', () => {
  it('SIGTERM, SIGHUP and SIGINT each close with whole rows and exit 128 + the signal; --resume then finishes each row once', async () => {
    const dir = tmp();
    const input = join(dir, 'notes.jsonl');
    writeFileSync(input, jsonl(1500));
    const out = join(dir, 'out');
    const rowsFile = join(out, 'results.jsonl');
    const cli = ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'audit', input, '--out', out, '--threads', '2'];
    const audit = (args: string[], signal?: NodeJS.Signals): Promise<{ code: number | null; stderr: string }> => {
      const child = spawn(process.execPath, [...cli, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (c) => (stderr += c));
      if (signal) {
        // signalled once this run has added rows of its own
        const start = existsSync(rowsFile) ? readFileSync(rowsFile).length : 0;
        const t = setInterval(() => {
          if (existsSync(rowsFile) && readFileSync(rowsFile).length > start + 30_000) {
            clearInterval(t);
            child.kill(signal);
          }
        }, 10);
        child.on('exit', () => clearInterval(t));
      }
      return new Promise((done) => child.on('exit', (code) => done({ code, stderr })));
    };
    const expected = { SIGTERM: 143, SIGHUP: 129, SIGINT: 130 } as const;
    let rows = 0;
    for (const [signal, code] of Object.entries(expected) as [NodeJS.Signals, number][]) {
      const r = await audit(rows ? ['--resume', '--quiet'] : ['--quiet'], signal);
      expect({ signal, code: r.code }).toEqual({ signal, code });
      expect(r.stderr).toMatch(new RegExp(`^guidelint audit: interrupted by ${signal}: [\\d,]+ complete rows written; continue with --resume`));
      const now = rowsOf(out).length; // whole rows only: every line parses
      expect(now).toBeGreaterThan(rows);
      expect(now).toBeLessThan(1500);
      rows = now;
    }
    expect((await audit(['--resume', '--quiet'])).code).toBe(0);
    expect(rowsOf(out).map((r) => r.record)).toEqual(Array.from({ length: 1500 }, (_, i) => i + 1));
  }, 180_000);
});

// /dev/full answers every write with ENOSPC: a real full-disk error, planted where an output is written
describe('audit: a full disk', () => {
  it('a full disk while writing rows is a one-line error that says --resume continues', async () => {
    const dir = tmp();
    const input = join(dir, 'notes.jsonl');
    writeFileSync(input, jsonl(40));
    const out = join(dir, 'out');
    await runAudit({ input, out, threads: 1, quiet: true, reports: false }); // leaves audit-run.json to resume
    rmSync(join(out, 'results.jsonl'));
    symlinkSync('/dev/full', join(out, 'results.jsonl'));
    const failure = await runAudit({ input, out, threads: 1, quiet: true, resume: true }).catch((e: Error) => e);
    expect(failure).toBeInstanceOf(UsageError); // exit 2 from the CLI, its message and no stack
    expect((failure as Error).message).toMatch(/^cannot write \S+results\.jsonl: no space left on device \(ENOSPC\); .*--resume to continue$/);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
  }, 120_000);

  it('a full disk while --resume trims the report excerpts is the same one-line error, and leaves the excerpts as they were', async () => {
    const dir = tmp();
    const input = join(dir, 'notes.jsonl');
    writeFileSync(input, jsonl(40));
    const out = join(dir, 'out');
    await runAudit({ input, out, threads: 1, quiet: true, reports: false }); // leaves the rows and audit-run.json to resume
    // what a killed run leaves: an excerpt of a row never written, and half a line
    const excerpts = join(out, 'report-excerpts.jsonl');
    const left = '{"record":1}\n{"record":99}\n{"rec';
    writeFileSync(excerpts, left);
    symlinkSync('/dev/full', `${excerpts}.tmp`);
    const failure = await runAudit({ input, out, threads: 1, quiet: true, resume: true }).catch((e: Error) => e);
    expect(failure).toBeInstanceOf(UsageError);
    expect((failure as Error).message).toMatch(/^cannot write \S+report-excerpts\.jsonl: no space left on device \(ENOSPC\); .*--resume to continue$/);
    expect(readFileSync(excerpts, 'utf8')).toBe(left);
    expect(existsSync(`${excerpts}.tmp`)).toBe(false);
    // with space again, --resume trims them to the rows kept
    await runAudit({ input, out, threads: 1, quiet: true, resume: true, reports: false });
    expect(readFileSync(excerpts, 'utf8')).toBe('{"record":1}\n');
  }, 120_000);

  it('the CLI exits 2 with one line, no stack trace, when a report cannot be written; --resume then writes the reports, each row once', async () => {
    const dir = tmp();
    const input = join(dir, 'notes.jsonl');
    writeFileSync(input, jsonl(40));
    const out = join(dir, 'out');
    mkdirSync(out);
    symlinkSync('/dev/full', join(out, 'results.csv.tmp'));
    const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'audit', input, '--out', out, '-j', '1', '-q', ...args], { cwd: root, encoding: 'utf8' });
    const full = cli([]);
    expect(full.status).toBe(2);
    expect(full.stderr).toMatch(/^guidelint: cannot write \S+results\.csv: no space left on device \(ENOSPC\); the complete rows are kept; .*--resume to continue\n$/);
    expect(existsSync(join(out, 'results.csv.tmp'))).toBe(false); // the half-written report is gone
    const resumed = cli(['--resume']);
    expect(resumed.status).toBe(0);
    expect(rowsOf(out).map((r) => r.record)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n')).toHaveLength(41);
  }, 120_000);
});

describe('audit: shards and samples', () => {
  it('--shard K/N slices are disjoint and together cover every record', async () => {
    const dir = tmp();
    const input = join(dir, 'notes.jsonl');
    writeFileSync(input, jsonl(25));
    const ids: string[] = [];
    for (const k of [1, 2, 3]) {
      const out = join(dir, `shard${k}`);
      await runAudit({ input, out, shard: `${k}/3`, threads: 1, quiet: true });
      ids.push(...rowsOf(out).map((r) => r.id));
    }
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
    await expect(runAudit({ input, out: join(dir, 'x'), shard: '4/3' })).rejects.toThrow(/--shard/);
  }, 60_000);

  it('--sample N --seed S draws the same records every time, stratified by provider, recorded in the summary', async () => {
    const dir = tmp();
    const input = join(dir, 'notes.jsonl');
    writeFileSync(input, jsonl(80)); // 20 records per provider
    const draw = async (name: string, seed: string): Promise<{ ids: string[]; summary: AuditSummary }> => {
      const out = join(dir, name);
      const { summary } = await runAudit({ input, out, sample: 12, seed, stratifyBy: 'provider', threads: 1, quiet: true });
      return { ids: rowsOf(out).map((r) => r.id), summary: summary! };
    };
    const a = await draw('a', '7');
    const b = await draw('b', '7');
    const c = await draw('c', '8');
    expect(a.ids).toHaveLength(12);
    expect(b.ids).toEqual(a.ids);
    expect(c.ids).not.toEqual(a.ids);
    expect(a.summary.sample).toMatchObject({ size: 12, seed: '7', stratifyBy: 'provider', population: 80 });
    expect(Object.values(a.summary.sample!.strata).map((s) => s.sampled)).toEqual([3, 3, 3, 3]);
    expect(a.summary).toMatchObject({ recordsIn: 12, resultsOut: 12 });
  }, 60_000);
});

describe('audit progress', () => {
  it('counts the records handed out (so rows finished), not the bytes read ahead', async () => {
    const { openInput } = await import('../src/audit/input.js');
    const dir = tmp();
    const input = join(dir, 'notes.jsonl');
    const text = jsonl(300); // about 500 KB: the reader takes it in chunks of 256 KB
    writeFileSync(input, text);
    const lines = text.split('\n');
    const reader = await openInput({ path: input });
    let n = 0;
    let before = 0;
    for await (const task of reader.tasks()) {
      n++;
      const through = Buffer.byteLength(lines.slice(0, n).join('\n')) + 1;
      expect(reader.progress(), `record ${task.record}`).toBeCloseTo(through / Buffer.byteLength(text), 6);
      expect(reader.progress()!).toBeGreaterThan(before);
      before = reader.progress()!;
    }
    expect(n).toBe(300);
    expect(before).toBe(1);
  });
});
