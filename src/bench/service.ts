// The service figure for `npm run bench`: POST /v1/lint with a ~3 KB note at 50 concurrent
// keep-alive connections on loopback, beside the in-process lint() call on the same note.
// The load generator runs in a worker thread (its own event loop, the other core), so the
// server's event loop carries only the server. Bounded in count and in time; loopback only.
import { Worker } from 'node:worker_threads';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lint } from '../lint.js';
import { availableParallelism } from 'node:os';
import { startServer } from '../serve/listen.js';

export interface ServiceBenchOptions {
  /** timed requests after the warm-up (default 2000) */
  requests?: number;
  concurrency?: number;
  /** stop the load by this many seconds even if requests remain (default 30) */
  seconds?: number;
}

const TARGET_BYTES = 3 * 1024;

/** The corpus note closest to 3 KB, so the figure is for a real note rather than a padded one. */
function threeKbNote(): { text: string; name: string } {
  for (let dir = dirname(fileURLToPath(import.meta.url)), i = 0; i < 5; i++, dir = dirname(dir)) {
    const corpus = join(dir, 'corpus');
    if (!existsSync(join(corpus, 'README.md'))) continue;
    const files = ['dev', 'test'].flatMap((d) => readdirSync(join(corpus, d)).filter((f) => f.endsWith('.txt')).map((f) => join(corpus, d, f)));
    const best = files.reduce((a, b) => (Math.abs(statSync(a).size - TARGET_BYTES) <= Math.abs(statSync(b).size - TARGET_BYTES) ? a : b));
    return { text: readFileSync(best, 'utf8'), name: best.slice(corpus.length + 1) };
  }
  throw new Error('corpus/ not found beside the guidelint package');
}

// plain CommonJS for an eval'd worker: nothing from the project, just node:http
const LOAD_GENERATOR = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { port, body, concurrency, warmup, total, deadline } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const once = () => new Promise((resolve, reject) => {
  const t0 = performance.now();
  const req = http.request({ host: '127.0.0.1', port, path: '/v1/lint', method: 'POST', agent,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) } }, (res) => {
    res.resume();
    res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error('HTTP ' + res.statusCode))));
  });
  req.on('error', reject);
  req.end(body);
});
async function load(n) {
  const latencies = [];
  let started = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (started < n && Date.now() < deadline) { started++; latencies.push(await once()); }
  }));
  return { latencies, seconds: (performance.now() - t0) / 1000 };
}
load(warmup).then(() => load(total)).then((r) => { agent.destroy(); parentPort.postMessage(r); },
  (e) => { agent.destroy(); parentPort.postMessage({ error: String(e) }); });
`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

interface Load {
  port: number;
  body: string;
  concurrency: number;
  warmup: number;
  total: number;
  deadline: number;
}

/** Runs the load generator in a worker thread; latencies come back sorted. */
async function runLoad(load: Load): Promise<{ latencies: number[]; seconds: number }> {
  const result = await new Promise<{ latencies: number[]; seconds: number; error?: string }>((resolve, reject) => {
    const worker = new Worker(LOAD_GENERATOR, { eval: true, workerData: load });
    worker.once('message', (m) => void worker.terminate().then(() => resolve(m)));
    worker.once('error', reject);
  });
  if (result.error) throw new Error(`service bench: ${result.error}`);
  return { latencies: result.latencies.sort((a, b) => a - b), seconds: result.seconds };
}

/** Printable lines: requests/s and p50/p99 for the service, and lint() in-process on the same note. */
export async function benchService(options: ServiceBenchOptions = {}): Promise<string> {
  const total = options.requests ?? 2000;
  const concurrency = options.concurrency ?? 50;
  const seconds = Math.min(options.seconds && options.seconds > 0 ? options.seconds : 30, 30);
  const note = threeKbNote();

  // in-process: the same call the route makes, warmed up first
  for (let i = 0; i < 50; i++) lint(note.text);
  const calls: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now();
    lint(note.text);
    calls.push(performance.now() - t0);
  }
  calls.sort((a, b) => a - b);
  const callMean = calls.reduce((a, b) => a + b, 0) / calls.length;

  // as `guidelint serve` runs by default: a lint worker per core
  const threads = availableParallelism();
  const { app, url } = await startServer({ host: '127.0.0.1', port: 0, log: false, threads });
  try {
    const port = Number(new URL(url).port);
    const deadline = Date.now() + seconds * 1000;
    const loaded = await runLoad({ port, body: note.text, concurrency, warmup: 200, total, deadline });
    const single = await runLoad({ port, body: note.text, concurrency: 1, warmup: 20, total: Math.min(300, total), deadline: Date.now() + 10_000 });
    const rate = loaded.latencies.length / loaded.seconds;
    const [p50, p99] = [percentile(loaded.latencies, 50), percentile(loaded.latencies, 99)];
    const verdict = p50 <= 20 && p99 <= 50 ? 'meets' : 'misses';
    return [
      `service: POST /v1/lint, ${note.name} (${(Buffer.byteLength(note.text) / 1024).toFixed(1)} KB), ${threads} lint workers, keep-alive on loopback, load generator in a worker thread`,
      `  ${concurrency} concurrent: ${loaded.latencies.length} requests in ${loaded.seconds.toFixed(1)} s, ${rate.toFixed(0)} req/s, latency p50 ${ms(p50)}, p99 ${ms(p99)} (${verdict} the target p50 ≤ 20 ms, p99 ≤ 50 ms)`,
      `  1 connection: p50 ${ms(percentile(single.latencies, 50))}, p99 ${ms(percentile(single.latencies, 99))}`,
      `  in-process lint() on the same note: mean ${ms(callMean)}, p50 ${ms(percentile(calls, 50))}, p99 ${ms(percentile(calls, 99))} (${(1000 / callMean).toFixed(0)} calls/s on one thread)`,
      `  service req/s ÷ in-process calls/s on one thread = ${(rate / (1000 / callMean)).toFixed(2)} (${threads} workers: ${threads}.00 at best; at ${concurrency} in flight, p50 ≈ ${concurrency} ÷ req/s)`,
    ].join('\n');
  } finally {
    await app.close();
  }
}
