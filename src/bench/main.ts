// npm run bench: guidelint's audit pipeline against compromise's full tagging, on synthetic notes
// recombined from the corpus. Each configuration runs in its own process, so peak RSS is its own.
import { parseArgs } from 'node:util';
import { isMainThread } from 'node:worker_threads';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compromise } from '../context/nlp.js';
import { runAudit } from '../audit/run.js';
import { auditTask, type Analyse, type Task } from '../audit/task.js';
import { findCorpus, generate, writeReports } from './synthetic.js';
import { benchService, threeKbNote } from './service.js';
import { benchUnderAttack } from './attack.js';
import { readNegex, scoreNegex } from '../eval/negex.js';

// the baseline engine: compromise's constructor runs its whole tagger (preTagger + postTagger) over the note
const tagOnly: Analyse = (r) => ({ source: r.id, terms: compromise()(r.text).termList().length });

/** Worker entry for the baseline: this same file, loaded by piscina. */
export default function baselineInWorker(tasks: Task[]): string[] {
  return tasks.map((task) => auditTask(task, tagOnly));
}

interface Figures {
  notes: number;
  seconds: number;
  rssMB: number;
  /** [notes written, RSS MB] once a second: flat memory shows as a flat line */
  trail: [number, number][];
}

/** One configuration, in this (child) process: prints its figures as JSON. */
async function child(engine: string, threads: number, input: string, seconds: number): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'guidelint-bench-out-'));
  try {
    let rows = 0;
    const trail: [number, number][] = [];
    const sample = setInterval(() => trail.push([rows, Math.round(process.memoryUsage.rss() / 2 ** 20)]), 1000);
    const outcome = await runAudit({
      input,
      out,
      threads,
      quiet: true,
      reports: false,
      workerUrl: engine === 'compromise' ? new URL(import.meta.url) : undefined,
      signal: seconds > 0 ? AbortSignal.timeout(seconds * 1000) : undefined,
      onRow: (n) => (rows = n),
    });
    clearInterval(sample);
    const figures: Figures = { notes: outcome.resultsOut, seconds: outcome.lintSeconds, rssMB: process.resourceUsage().maxRSS / 1024, trail };
    process.stdout.write(JSON.stringify(figures) + '\n');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** One configuration in a process of its own. */
async function runChild(engine: string, threads: number, input: string, seconds: number): Promise<Figures> {
  const args = [fileURLToPath(import.meta.url), '--child', engine, '--threads', String(threads), '--input', input, '--seconds', String(seconds)];
  const { stdout } = await promisify(execFile)(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 * 2 ** 20 });
  return JSON.parse(stdout) as Figures;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Wall time of one process, in ms (its exit code does not matter: findings exit 1). */
function wall(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (r.error) throw r.error;
  return performance.now() - t0;
}

/**
 * Cold start: `guidelint NOTE` on one note against `node -e 0`, alternated so that the VM's drift
 * falls on both alike; the median of each.
 */
function coldStart(note: string, runs: number): { guidelint: number; node: number } {
  const cli = fileURLToPath(new URL('../bin/guidelint.js', import.meta.url));
  wall([cli, note]); // a first run to warm the file cache
  const guidelint: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < runs; i++) {
    node.push(wall(['-e', '0']));
    guidelint.push(wall([cli, note]));
  }
  return { guidelint: median(guidelint), node: median(node) };
}

/**
 * A small audit end to end: `guidelint audit notes.jsonl --out DIR` (all five outputs) as a user
 * runs it, the default (a small input linted on the main thread) against a worker pool forced with
 * --threads, alternated; the median wall time of each, in seconds.
 */
function smallAudit(input: string, threads: number, runs: number, work: string): { inline: number; pool: number } {
  const cli = fileURLToPath(new URL('../bin/guidelint.js', import.meta.url));
  let k = 0;
  const audit = (extra: string[]): number => wall([cli, 'audit', input, '--out', join(work, `small-${k++}`), '--quiet', ...extra]) / 1000;
  audit([]); // a first run to warm the file cache
  const inline: number[] = [];
  const pool: number[] = [];
  for (let i = 0; i < runs; i++) {
    inline.push(audit([]));
    pool.push(audit(['--threads', String(threads)]));
  }
  return { inline: median(inline), pool: median(pool) };
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      notes: { type: 'string', default: '100000' },
      size: { type: 'string', default: '3000' },
      seconds: { type: 'string', default: '40' },
      threads: { type: 'string', default: String(availableParallelism()) },
      corpus: { type: 'string' },
      // real reports for the audit's second table (default: ../shared/corpus-mtsamples beside the project)
      reports: { type: 'string' },
      child: { type: 'string' },
      input: { type: 'string' },
      // one part only: audit, smallaudit, service, context or coldstart
      only: { type: 'string' },
    },
  });
  const seconds = Number(values.seconds);
  if (values.child) return child(values.child, Number(values.threads), values.input!, seconds);

  const only = values.only;
  if (only !== undefined && !['audit', 'smallaudit', 'service', 'context', 'coldstart'].includes(only)) throw new Error(`--only takes audit, smallaudit, service, context or coldstart (got "${only}")`);
  const part = (name: string): boolean => only === undefined || only === name;
  const n = Number(values.notes);
  const cores = Number(values.threads);
  const work = mkdtempSync(join(tmpdir(), 'guidelint-bench-'));
  try {
    const say = (s: string): boolean => process.stdout.write(s + '\n');
    say(`machine: ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}, ${process.platform}/${process.arch}`);
    if (part('coldstart')) {
      const note = join(findCorpus(), COLD_START_NOTE);
      const runs = 11;
      const c = coldStart(note, runs);
      say(`cold start: \`guidelint ${COLD_START_NOTE}\` ${fmt(c.guidelint)} ms wall against \`node -e 0\` ${fmt(c.node)} ms: ×${fmt(c.guidelint / c.node, 1)}, ${fmt(c.guidelint - c.node)} ms of guidelint's own (median of ${runs} runs each, alternated; target ≤ 300 ms)${part('audit') ? '\n' : ''}`);
    }
    if (part('smallaudit')) {
      const input = join(work, 'small.jsonl');
      generate(values.corpus ?? findCorpus(), SMALL_AUDIT_NOTES, Number(values.size), input);
      const runs = 5;
      const t = smallAudit(input, cores, runs, work);
      say(`small audit: \`guidelint audit\` of ${SMALL_AUDIT_NOTES} synthetic notes, all five outputs, wall time: ${fmt(t.inline, 2)} s linted on the main thread (the default for a small input) against ${fmt(t.pool, 2)} s on ${cores} worker threads (--threads ${cores}): ×${fmt(t.pool / t.inline, 2)} (median of ${runs} runs each, alternated; target ≤ 3 s)\n`);
    }
    if (part('audit')) {
      const input = join(work, 'notes.jsonl');
      const t0 = performance.now();
      const { sources, meanBytes } = generate(values.corpus ?? findCorpus(), n, Number(values.size), input);
      say(`guidelint bench: ${fmt(n)} synthetic notes (mean ${fmt(meanBytes / 1024, 1)} KB, ${fmt(statSync(input).size / 2 ** 20)} MB of JSONL) recombined from ${sources} corpus notes in ${fmt((performance.now() - t0) / 1000, 1)} s`);
      say(`each configuration runs in its own process${seconds > 0 ? ` and stops after ${seconds} s (--seconds 0: no limit)` : ''}; notes/s counts rows written to results.jsonl\n`);

      const tableRow = (label: string, threads: number, f: Figures): string =>
        `| ${label} | ${threads} | ${fmt(f.notes)}${f.notes < n ? ' (time cap)' : ''} | ${fmt(f.seconds, 1)} | ${fmt(f.notes / f.seconds)} | ${fmt(f.notes / f.seconds / threads)} | ${fmt(f.rssMB)} MB |`;
      const engines = [['guidelint', 'guidelint (all rules)'], ['compromise', 'compromise full tagging (no rules)']] as const;
      const counts = [...new Set([1, cores])];
      const results = new Map<string, Figures & { rate: number }>();
      say('| engine | workers | notes | seconds | notes/s | notes/s per worker | peak RSS |');
      say('|---|--:|--:|--:|--:|--:|--:|');
      for (const [engine, label] of engines) {
        for (const threads of counts) {
          const f = await runChild(engine, threads, input, seconds);
          results.set(`${engine}/${threads}`, { ...f, rate: f.notes / f.seconds });
          say(tableRow(label, threads, f));
        }
      }
      const trail = results.get(`guidelint/${cores}`)!.trail;
      if (trail.length >= 4) {
        const points = [0.25, 0.5, 0.75, 1].map((q) => trail[Math.ceil(q * trail.length) - 1]);
        say(`\nRSS during the ${cores}-worker guidelint run: ${points.map(([notes, mb]) => `${fmt(notes)} notes ${fmt(mb)} MB`).join(' · ')}`);
      }
      const ratio = (threads: number): string => fmt(results.get(`guidelint/${threads}`)!.rate / results.get(`compromise/${threads}`)!.rate, 1);
      say('');
      say(`guidelint ÷ compromise: ×${ratio(1)} on 1 worker${cores > 1 ? `, ×${ratio(cores)} on ${cores} workers` : ''}`);
      if (cores > 1) {
        const scale = (engine: string): string => fmt(results.get(`${engine}/${cores}`)!.rate / results.get(`${engine}/1`)!.rate, 2);
        say(`scaling 1 → ${cores} workers: guidelint ×${scale('guidelint')}, compromise ×${scale('compromise')} (linear: ×${cores})`);
      }
      // the synthetic notes are the corpus's short procedure notes glued together, denser in findings
      // per KB than a hospital's notes: the same pipeline on real reports of every specialty
      const reports = values.reports ?? join(findCorpus(), '..', '..', 'shared', 'corpus-mtsamples');
      if (existsSync(reports)) {
        const real = join(work, 'reports.jsonl');
        const { distinct, meanBytes } = writeReports(reports, n, real);
        say(`\nthe same on real reports: ${fmt(n)} records cycling through the ${fmt(distinct)} reports of ${reports.split('/').slice(-2).join('/')} (mean ${fmt(meanBytes / 1024, 1)} KB)\n`);
        say('| engine | workers | notes | seconds | notes/s | notes/s per worker | peak RSS |');
        say('|---|--:|--:|--:|--:|--:|--:|');
        for (const threads of counts) {
          say(tableRow('guidelint (all rules)', threads, await runChild('guidelint', threads, real, seconds)));
        }
      }
    }

    if (part('service')) {
      say(`\n${await benchService()}`);
      say(`\n${await benchUnderAttack({ note: threeKbNote().text })}`);
    }

    // the context engine alone, against the NegEx reference implementation's stated speed
    const negex = join(findCorpus(), '..', '..', 'shared', 'external', 'negex', 'rsAnnotations-1-120-random.txt');
    if (part('context') && existsSync(negex)) {
      const score = scoreNegex(readNegex(negex));
      say(`\ncontext engine on the NegEx/ConText set (${fmt(score.rows)} sentences): ${fmt(score.sentencesPerSecond)} sentences/s, negation F1 ${fmt(score.f1, 3)}; ×${fmt(score.sentencesPerSecond / NEGEX_PYTHON_SENTENCES_PER_SECOND, 1)} the ~${fmt(NEGEX_PYTHON_SENTENCES_PER_SECOND)} sentences/s of negex.python in CPython (the figure stated in the NLP issue; that implementation is not run here)`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const SMALL_AUDIT_NOTES = 250;

// the cold-start note: a plain-text note of the corpus, without a claim sidecar
const COLD_START_NOTE = 'dev/d1-001-knee-ir-fluoro.txt';

// negex.python (Chapman et al.) on this set in CPython, as stated in the NLP issue; not measured here
const NEGEX_PYTHON_SENTENCES_PER_SECOND = 1500;

if (isMainThread) await main();
