// guidelint under a real SLURM array (Debian slurm-wlm with munge, one node on loopback): the
// documented job scripts in examples/slurm/ audit 2,000 notes in 4 shards; one task is killed
// with SIGKILL mid-run and re-submitted alone; the merge job's output is one run's, byte for byte.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCluster, missingSlurm, type Cluster } from './slurm-cluster.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = join(root, 'examples/slurm');
const missing = missingSlurm();
const skip = missing.length > 0 && process.env.CI !== 'true';
if (skip) console.warn(`slurm.test.ts skipped: ${missing.join(', ')} not installed (apt-get install slurm-wlm munge; .ci/run does)`);

const SHARDS = 4;
const NOTES = 2000;
const OUTPUTS = ['results.jsonl', 'results.csv', 'results.sqlite', 'report.html', 'summary.json', 'audit-run.json'];

describe.skipIf(skip)(`a SLURM array of ${SHARDS} shards${skip ? ` (skipped: ${missing.join(', ')} not installed)` : ''}`, () => {
  let cluster: Cluster;
  let dir: string;

  beforeAll(async () => {
    // under CI the binaries must be there (.ci/run installs them): absent is a failure, not a skip
    expect(missing, 'SLURM/munge binaries missing').toEqual([]);
    dir = mkdtempSync(join(tmpdir(), 'guidelint-slurm-'));
    cluster = await startCluster(join(dir, 'cluster'));
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  it('runs the documented array and merge; a task killed with SIGKILL, re-submitted, resumes; every id once; equal to one run', async () => {
    const work = join(dir, 'work');
    mkdirSync(work, { recursive: true });
    // the corpus notes recombined into 2,000 records (as many lines named by id as notes)
    const corpus = readdirSync(join(root, 'corpus/dev')).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(root, 'corpus/dev', f), 'utf8'));
    const input = join(work, 'notes.jsonl');
    writeFileSync(input, Array.from({ length: NOTES }, (_, i) => JSON.stringify({ id: `enc-${i}`, text: corpus[i % corpus.length], provider: `Dr ${'ABCDE'[i % 5]}`, date: `2025-${String(1 + (i % 12)).padStart(2, '0')}-11` })).join('\n') + '\n');

    // the jobs call `guidelint` from PATH, as a user's would: here the checkout's CLI, run from
    // source (its tsx loader found from the jobs' working directory)
    symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'guidelint'), `#!/bin/sh\nexec "${process.execPath}" --import tsx "${join(root, 'src/cli/main.ts')}" "$@"\n`);
    chmodSync(join(bin, 'guidelint'), 0o755);
    const env = { PATH: `${bin}:${process.env.PATH}`, GUIDELINT_INPUT: input, GUIDELINT_OUT: join(work, 'out'), GUIDELINT_SHARDS: String(SHARDS) };
    const sbatch = (...args: string[]): string => cluster.run('sbatch', ['--parsable', ...args], { cwd: work, env }).trim().split(';')[0];

    // one run on one machine, for comparison
    const single = spawnSync(join(bin, 'guidelint'), ['audit', input, '--out', join(work, 'single'), '--threads', '2', '--quiet'], { cwd: work, env: { ...process.env, ...env }, encoding: 'utf8' });
    expect(single.status, single.stderr).toBe(0);

    // submit.sh's two submissions: the array (N fixed in the script), then the merge after it
    const array = sbatch(`--array=1-${SHARDS}`, '--cpus-per-task=1', join(examples, 'audit-array.sh'));
    const merge = sbatch(`--dependency=afterany:${array}`, join(examples, 'merge.sh'));

    // SIGKILL task 2 once it has written some rows: its pid is in its shard's lock file
    const shard2 = join(work, 'out', 'shard-2');
    let killed = 0;
    const end = Date.now() + 120_000;
    while (!killed && Date.now() < end) {
      const rows = join(shard2, 'results.jsonl');
      if (existsSync(join(shard2, '.lock')) && existsSync(rows) && statSync(rows).size > 0) {
        const { pid } = JSON.parse(readFileSync(join(shard2, '.lock'), 'utf8')) as { pid: number };
        process.kill(pid, 'SIGKILL');
        killed = pid;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(killed, 'task 2 never wrote a row').toBeGreaterThan(0);
    expect(await cluster.wait(`${array}_2`, 120_000)).toBe('FAILED');
    for (const k of [1, 3, 4]) expect(await cluster.wait(`${array}_${k}`, 180_000), `task ${k}`).toBe('COMPLETED');
    // the merge ran after every task ended, and refused: shard 2 never finished
    expect(await cluster.wait(merge, 60_000)).toBe('FAILED');
    expect(readFileSync(join(work, `guidelint-merge-${merge}.log`), 'utf8')).toMatch(/shard 2\/4 has not finished.*--resume/);
    const partial = readFileSync(join(shard2, 'results.jsonl'), 'utf8').split('\n').length - 1;

    // re-submit task 2 alone (same N, same slice, --resume), and the merge after it
    const retry = sbatch('--array=2', '--cpus-per-task=1', join(examples, 'audit-array.sh'));
    const merge2 = sbatch(`--dependency=afterok:${retry}`, join(examples, 'merge.sh'));
    expect(await cluster.wait(`${retry}_2`, 180_000)).toBe('COMPLETED');
    expect(await cluster.wait(merge2, 120_000)).toBe('COMPLETED');
    const run2 = JSON.parse(readFileSync(join(shard2, 'run.json'), 'utf8')) as { resumedAfter: number | null };
    if (partial > 0) expect(run2.resumedAfter).toBe(partial); // the killed task's complete rows were kept, not redone

    const all = join(work, 'out', 'all');
    const ids = readFileSync(join(all, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toHaveLength(NOTES);
    expect(new Set(ids).size).toBe(NOTES);
    expect(ids).toEqual(Array.from({ length: NOTES }, (_, i) => `enc-${i}`));
    for (const f of OUTPUTS) expect(readFileSync(join(all, f)).equals(readFileSync(join(work, 'single', f))), f).toBe(true);
  }, 600_000);
});
