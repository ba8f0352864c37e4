// The queue path on a real Redis: `.ci/run` installs Debian's redis-server; the test runs its own
// on a free loopback port with a password, its own directory and pid file, and stops it by pid.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { DelayedError, Queue, Worker } from 'bullmq';
import { generate, findCorpus } from '../src/bench/synthetic.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const redisServer = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));
if (!redisServer && process.env.CI === 'true') throw new Error('redis-server is not installed: .ci/run installs it (apt-get install redis-server)');
const skipReason = redisServer ? '' : ' (skipped: redis-server is not installed; .ci/run installs it)';

const NOTES = 2000;
const BATCH = 50;
const QUEUE = 'audit-test';
const PASSWORD = 'queue-test-secret';

const freePort = (): Promise<number> =>
  new Promise((done, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
    s.on('error', fail);
  });

const cli = (...args: string[]): string[] => ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args];

function runCli(...args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, cli(...args), { cwd: root, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

interface Running {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

function startWorker(url: string, out: string, ...more: string[]): Running {
  const child = spawn(process.execPath, cli('worker', '--redis', url, '--queue', QUEUE, '--out', out, '--lock-seconds', '2', ...more), { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  return { child, exited: new Promise((done) => child.on('exit', (code, signal) => done({ code, signal }))), stderr: () => stderr };
}

const until = async (what: string, ok: () => boolean | Promise<boolean>, seconds = 60): Promise<void> => {
  for (const end = Date.now() + seconds * 1000; !(await ok()); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
};

/** Every value held in Redis, whatever its type, as one string: what a scan for note text reads. */
async function everyValue(redis: Redis): Promise<{ keys: string[]; text: string }> {
  const keys: string[] = [];
  const parts: string[] = [];
  for (let cursor = '0'; ; ) {
    const [next, batch] = await redis.scan(cursor, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
    if (cursor === '0') break;
  }
  for (const key of keys) {
    const type = await redis.type(key);
    // a key with a time to live (BullMQ's stalled-check lock) may expire between SCAN and TYPE: gone, it holds nothing
    if (type === 'none') continue;
    if (type === 'string') parts.push((await redis.get(key)) ?? '');
    else if (type === 'hash') parts.push(...Object.values(await redis.hgetall(key)));
    else if (type === 'list') parts.push(...(await redis.lrange(key, 0, -1)));
    else if (type === 'set') parts.push(...(await redis.smembers(key)));
    else if (type === 'zset') parts.push(...(await redis.zrange(key, 0, -1)));
    else if (type === 'stream') parts.push(...(await redis.xrange(key, '-', '+')).flatMap(([, fields]) => fields));
    else throw new Error(`${key}: type ${type} not scanned`);
  }
  return { keys, text: parts.join('\n') };
}

const rowsFiles = (out: string, pid: number): string[] =>
  existsSync(join(out, 'queue-rows')) ? readdirSync(join(out, 'queue-rows')).filter((f) => f.includes(`.${pid}.`) && f.endsWith('.rows.jsonl')).map((f) => join(out, 'queue-rows', f)) : [];
const linesIn = (files: string[]): number => files.reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').filter(Boolean).length, 0);

describe.skipIf(!redisServer)(`enqueue and worker on a real Redis${skipReason}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'guidelint-redis-'));
  const pidFile = join(dir, 'redis.pid');
  let url = '';
  let redis: Redis;

  beforeAll(async () => {
    const port = await freePort();
    url = `redis://:${PASSWORD}@127.0.0.1:${port}`;
    const started = spawnSync(redisServer!, ['--port', String(port), '--bind', '127.0.0.1', '--requirepass', PASSWORD, '--dir', dir, '--pidfile', pidFile, '--daemonize', 'yes', '--save', '', '--appendonly', 'no', '--logfile', join(dir, 'redis.log')]);
    expect(started.status).toBe(0);
    const listening = (): Promise<boolean> =>
      new Promise((done) => {
        const socket = createConnection(port, '127.0.0.1', () => (socket.destroy(), done(true)));
        socket.on('error', () => done(false));
      });
    await until('redis-server to listen', async () => existsSync(pidFile) && (await listening()));
    redis = new Redis(url, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    redis?.disconnect();
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8'));
      process.kill(pid, 'SIGTERM');
      await until('redis-server to stop', () => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      });
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('two workers, one SIGKILLed mid-run and restarted: every record once, rows = one audit, no note text left in Redis', async () => {
    const input = join(dir, 'notes.jsonl');
    generate(findCorpus(), NOTES, 3000, input);
    // two records that cannot be linted: their error rows travel the queue too
    appendFileSync(input, '{"id": "broken", "text": \n{"id": "no-text", "provider": "Provider 1"}\n');
    const records = NOTES + 2;
    const notes = readFileSync(input, 'utf8').split('\n').filter(Boolean).slice(0, NOTES).map((l) => (JSON.parse(l) as { text: string }).text);
    // a stretch of plain words from each note, as a scan of Redis would find it
    const snippets = notes.map((t) => /[A-Za-z][A-Za-z ,]{38}[A-Za-z]/.exec(t)?.[0]).filter((s): s is string => s !== undefined);
    expect(snippets.length).toBeGreaterThan(NOTES * 0.9);

    const single = join(dir, 'single');
    expect(runCli('audit', input, '--out', single, '--quiet').status).toBe(0);

    // AUTH: without the password the server refuses, and enqueue says so without retrying forever
    const noAuth = runCli('enqueue', input, '--redis', url.replace(`:${PASSWORD}@`, ''), '--queue', QUEUE);
    expect(noAuth.status).toBe(2);
    expect(noAuth.stderr).toMatch(/NOAUTH/);

    const first = runCli('enqueue', input, '--redis', url, '--queue', QUEUE, '--batch', String(BATCH));
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain(`${records.toLocaleString('en-US')} records in 41 batches, 41 added`);
    const queue = new Queue(QUEUE, { connection: redis });
    const pending = async (): Promise<number> => Object.values(await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'paused')).reduce((a, b) => a + b, 0);
    expect(await pending()).toBe(41);
    // the same input again adds nothing
    const again = runCli('enqueue', input, '--redis', url, '--queue', QUEUE, '--batch', String(BATCH));
    expect(again.stderr).toMatch(/enqueued before .* nothing added/);
    expect(await pending()).toBe(41);
    // the scan below can see note text: while queued, it is there
    const queued = await everyValue(redis);
    expect(snippets.filter((s) => queued.text.includes(s)).length).toBeGreaterThan(snippets.length * 0.9);

    const out = join(dir, 'queued');
    const a = startWorker(url, out);
    const b = startWorker(url, out);
    // A is killed once it has kept a batch, with the next in hand
    await until('worker A to keep a batch', () => linesIn(rowsFiles(out, a.child.pid!)) >= BATCH);
    a.child.kill('SIGKILL');
    expect((await a.exited).signal).toBe('SIGKILL');
    const aRows = linesIn(rowsFiles(out, a.child.pid!));
    const restarted = startWorker(url, out);

    // B is told to stop while work remains: it finishes its batch, keeps its rows and exits 143
    await until('worker B to keep a batch', () => linesIn(rowsFiles(out, b.child.pid!)) >= BATCH);
    expect(await pending()).toBeGreaterThan(0);
    b.child.kill('SIGTERM');
    expect(await b.exited).toEqual({ code: 143, signal: null });
    const bRows = Number(/stopped after [\d,]+ batches, ([\d,]+) rows/.exec(b.stderr())?.[1].replace(/,/g, ''));
    expect(bRows).toBeGreaterThan(0);
    expect(linesIn(rowsFiles(out, b.child.pid!))).toBe(bRows);

    await until('the queue to drain', async () => (await pending()) === 0, 120);
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toEqual({ code: 143, signal: null });
    expect(aRows + bRows + linesIn(rowsFiles(out, restarted.child.pid!))).toBeGreaterThanOrEqual(records);

    const finalize = runCli('worker', '--redis', url, '--queue', QUEUE, '--out', out, '--finalize');
    expect(finalize.status, finalize.stderr).toBe(0);
    const rows = readFileSync(join(out, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { record: number; id: string; error?: string });
    expect(rows.map((r) => r.record)).toEqual(Array.from({ length: records }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.id)).size).toBe(records);
    expect(rows.filter((r) => r.error).map((r) => r.id)).toEqual(['line 2001', 'no-text']);
    for (const f of ['results.jsonl', 'results.csv']) expect(readFileSync(join(out, f)).equals(readFileSync(join(single, f))), f).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).totals).toEqual(JSON.parse(readFileSync(join(single, 'summary.json'), 'utf8')).totals);

    // jobs removed on completion: no job key, and no note's words anywhere in Redis
    const left = await everyValue(redis);
    expect(left.keys.filter((k) => /-\d+$/.test(k))).toEqual([]);
    expect(snippets.filter((s) => left.text.includes(s))).toEqual([]);
    await queue.close();
  }, 240_000);
  it('a batch that fails every attempt: finalize names it, enqueue again retries it, and every record comes out once', async () => {
    const q = 'audit-retry';
    const input = join(dir, 'retry.jsonl');
    generate(findCorpus(), 90, 3000, input);
    expect(runCli('enqueue', input, '--redis', url, '--queue', q, '--batch', '30').stderr).toContain('90 records in 3 batches, 3 added');
    // a worker that fails batch 2 (as a full disk would) until its attempts are used up, and puts the others off meanwhile
    const queueRedis = redis.duplicate();
    const queue = new Queue(q, { connection: queueRedis });
    const saboteurRedis = redis.duplicate({ maxRetriesPerRequest: null });
    const saboteur = new Worker<{ batch: number }>(q, async (job, token) => {
      if (job.data.batch === 2) throw new Error('disk full (test)');
      await job.moveToDelayed(Date.now() + 1000, token);
      throw new DelayedError();
    }, { connection: saboteurRedis });
    await until('batch 2 to fail every attempt', async () => (await queue.getFailedCount()) === 1);
    await saboteur.close();
    saboteurRedis.disconnect();

    const out = join(dir, 'retry-out');
    // the last --queue given is the one commander keeps
    const worker = startWorker(url, out, '--queue', q, '--quiet');
    const idle = async () => Object.values(await queue.getJobCounts('wait', 'delayed', 'active', 'prioritized')).every((n) => n === 0);
    await until('batches 1 and 3', async () => linesIn(rowsFiles(out, worker.child.pid!)) === 60 && (await idle()));
    const stuck = runCli('worker', '--redis', url, '--queue', q, '--out', out, '--finalize');
    expect(stuck.status).not.toBe(0);
    expect(stuck.stderr).toContain('60 of 90 records have rows; 1 of its batches failed every attempt (first: disk full (test))');
    expect(stuck.stderr).toContain('run guidelint enqueue on the same input again to retry them');

    expect(runCli('enqueue', input, '--redis', url, '--queue', q, '--batch', '30').stderr).toContain('nothing added; 1 failed batches put back in the queue');
    await until('batch 2, retried', async () => linesIn(rowsFiles(out, worker.child.pid!)) === 90 && (await idle()));
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(143);
    const done = runCli('worker', '--redis', url, '--queue', q, '--out', out, '--finalize');
    expect(done.status, done.stderr).toBe(0);
    const records = readFileSync(join(out, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { record: number }).record);
    expect(records).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
    // the failed job held its records until the retry: now no job of the input is left
    expect(await queue.getFailedCount()).toBe(0);
    expect((await everyValue(redis)).keys.filter((k) => k.startsWith(`bull:${q}:`) && /-\d+$/.test(k))).toEqual([]);
    await queue.close();
    queueRedis.disconnect();
  }, 120_000);

  it('--results-queue: rows go to a queue; a collector writing them under queue-rows/ gets the audit\'s outputs from --finalize', async () => {
    const input = join(dir, 'few.jsonl');
    const lines = readFileSync(join(dir, 'notes.jsonl'), 'utf8').split('\n').slice(0, 120);
    writeFileSync(input, [...lines, '{"id": "bad claim", "text": "Procedure note.", "claim": {"lines": 3}}'].join('\n') + '\n');
    const single = join(dir, 'few-single');
    expect(runCli('audit', input, '--out', single, '--quiet').status).toBe(0);
    const enqueued = runCli('enqueue', input, '--redis', url, '--queue', QUEUE, '--batch', '40');
    expect(enqueued.stderr).toContain('121 records in 4 batches, 4 added');

    // the collector: a BullMQ worker of the test's own on the results queue
    const out = join(dir, 'collected');
    mkdirSync(join(out, 'queue-rows'), { recursive: true });
    const batches = new Set<number>();
    const collectorRedis = redis.duplicate({ maxRetriesPerRequest: null });
    const collector = new Worker<{ input: string; batch: number; rows: string[] }>(
      'audit-results',
      async (job) => {
        appendFileSync(join(out, 'queue-rows', `${job.data.input}.collector.rows.jsonl`), job.data.rows.join('\n') + '\n');
        batches.add(job.data.batch);
      },
      { connection: collectorRedis, removeOnComplete: { count: 0 } },
    );
    // with --out absent: only the results queue
    const child = spawn(process.execPath, cli('worker', '--redis', url, '--queue', QUEUE, '--results-queue', 'audit-results', '--quiet'), { cwd: root, stdio: 'ignore' });
    const exited = new Promise((done) => child.on('exit', (code) => done(code)));
    await until('the rows of every batch', () => batches.size === 4, 120);
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    await collector.close();
    collectorRedis.disconnect();

    const finalize = runCli('worker', '--redis', url, '--queue', QUEUE, '--out', out, '--finalize');
    expect(finalize.status, finalize.stderr).toBe(0);
    for (const f of ['results.jsonl', 'results.csv']) expect(readFileSync(join(out, f)).equals(readFileSync(join(single, f))), f).toBe(true);
    const left = await everyValue(redis);
    expect(left.keys.filter((k) => /-\d+$/.test(k))).toEqual([]);
  }, 120_000);
});
