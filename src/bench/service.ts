// The service figure for `npm run bench`: POST /v1/lint with a ~3 KB note at 50 concurrent
// keep-alive connections on loopback, beside the in-process lint() call on the same note, and a
// CDS Hooks call carrying the same note in its prefetch, as a ratio to /v1/lint in the same run. The
// server runs as `guidelint serve` does by default (a process per core); the load generator,
// autocannon, runs in this process, which is otherwise idle. Bounded in count and time; loopback only.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import type autocannon from 'autocannon';
import { lint } from '../lint.js';
import { startCluster } from '../serve/cluster.js';

export interface ServiceBenchOptions {
  /** timed requests after the warm-up (default 10,000) */
  requests?: number;
  concurrency?: number;
}

const TARGET_BYTES = 3 * 1024;

/** The corpus note closest to 3 KB, so the figure is for a real note rather than a padded one. */
export function threeKbNote(): { text: string; name: string } {
  for (let dir = dirname(fileURLToPath(import.meta.url)), i = 0; i < 5; i++, dir = dirname(dir)) {
    const corpus = join(dir, 'corpus');
    if (!existsSync(join(corpus, 'README.md'))) continue;
    const files = ['dev', 'test'].flatMap((d) => readdirSync(join(corpus, d)).filter((f) => f.endsWith('.txt')).map((f) => join(corpus, d, f)));
    const best = files.reduce((a, b) => (Math.abs(statSync(a).size - TARGET_BYTES) <= Math.abs(statSync(b).size - TARGET_BYTES) ? a : b));
    return { text: readFileSync(best, 'utf8'), name: best.slice(corpus.length + 1) };
  }
  throw new Error('corpus/ not found beside the guidelint package');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

interface Load {
  url: string;
  /** the route and body type: /v1/lint text/plain unless given */
  path?: string;
  contentType?: string;
  body: string;
  connections: number;
  warmup: number;
  amount: number;
}

/**
 * One autocannon run on `connections` keep-alive connections: the first `warmup` responses warm
 * the server (and open the connections), the next `amount` are timed. Every request must answer
 * 200. Latencies and the rate come from each response as it arrives (autocannon's own summary
 * counts whole milliseconds and whole seconds).
 */
async function runLoad(load: Load): Promise<{ requests: number; seconds: number; p50: number; p99: number; latencies: number[] }> {
  const latencies: number[] = [];
  let answered = 0;
  let timedFrom = 0;
  let last = 0;
  const options = {
    url: `${load.url}${load.path ?? '/v1/lint'}`,
    method: 'POST' as const,
    headers: { 'content-type': load.contentType ?? 'text/plain; charset=utf-8' },
    body: load.body,
    connections: load.connections,
    amount: load.warmup + load.amount,
  };
  // loaded here: the audit figures run in processes that never need it
  const { default: run } = await import('autocannon');
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = run(options, (error, r) => (error ? reject(error) : resolve(r)));
    instance.on('response', (_client, status, _bytes, responseTime) => {
      last = performance.now();
      if (++answered === load.warmup) timedFrom = last;
      else if (answered > load.warmup && status === 200) latencies.push(responseTime);
    });
  });
  if (result.errors || result.non2xx || latencies.length === 0) throw new Error(`service bench: ${result.errors} errors (${result.timeouts} of them timeouts), ${result.non2xx} answers other than 2xx`);
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, seconds: (last - timedFrom) / 1000, p50: percentile(latencies, 50), p99: percentile(latencies, 99), latencies };
}

const CPT = 'http://www.ama-assn.org/go/cpt';
/** The claim the hook call's draft orders make: an injection with fluoroscopic guidance. */
const ORDERED = ['20610', '77002'];

/** An order-sign call for the ORDERED codes with the note as its prefetched DocumentReference (base64 text/plain). */
function hookCall(text: string): string {
  const order = (code: string) => ({ resource: { resourceType: 'ServiceRequest', status: 'draft', intent: 'order', code: { coding: [{ system: CPT, code }] } } });
  return JSON.stringify({
    hook: 'order-sign',
    hookInstance: 'bench',
    context: { userId: 'Practitioner/bench', patientId: 'bench', encounterId: 'bench', draftOrders: { resourceType: 'Bundle', type: 'collection', entry: ORDERED.map(order) } },
    prefetch: {
      procedureNote: { resourceType: 'DocumentReference', id: 'bench', status: 'current', content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: Buffer.from(text).toString('base64') } }] },
      draftClaim: null,
    },
  });
}

/**
 * The hook call against /v1/lint of the same note with the same claim (the work both do), in
 * alternating rounds so that whatever else the machine does weighs on both alike.
 */
async function hookAgainstLint(url: string, text: string, connections: number, total: number) {
  // four rounds for a real run; a short one (the tests') is one round of each
  const rounds = Math.min(4, Math.max(1, Math.floor(total / 1000)));
  const lintLoad = { url, contentType: 'application/json', body: JSON.stringify({ text, claim: { lines: ORDERED.map((code) => ({ code })) } }) };
  const hookLoad = { url, path: '/cds-services/guidelint-order-sign', contentType: 'application/json', body: hookCall(text) };
  const lint: number[] = [];
  const hook: number[] = [];
  const amount = Math.ceil(total / rounds);
  // the server's lint route is warm (the service run above); its first hook calls are not: they
  // compile the card code and create the audit database, whose first write (SQLite's WebAssembly
  // tiering up, the schema, a sync) takes a core for a few hundred ms, and the timed calls of a
  // first round would pay for it. A long-running server has paid it once
  await runLoad({ ...hookLoad, connections, warmup: 0, amount: Math.min(2000, total) });
  // each run opens its connections anew: the first responses of each are not timed
  const warmup = Math.min(200, amount);
  for (let i = 0; i < rounds; i++) {
    lint.push(...(await runLoad({ ...lintLoad, connections, warmup, amount })).latencies);
    hook.push(...(await runLoad({ ...hookLoad, connections, warmup, amount })).latencies);
  }
  const stats = (all: number[]) => {
    all.sort((a, b) => a - b);
    return { requests: all.length, p50: percentile(all, 50), p99: percentile(all, 99) };
  };
  return { lint: stats(lint), hook: stats(hook), rounds };
}

/** Printable lines: requests/s and p50/p99 for the service, and lint() in-process on the same note. */
export async function benchService(options: ServiceBenchOptions = {}): Promise<string> {
  const total = options.requests ?? 10_000;
  const concurrency = options.concurrency ?? 50;
  const note = threeKbNote();

  // in-process: the same call the route makes, warmed up first
  for (let i = 0; i < 1000; i++) lint(note.text);
  const calls: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const t0 = performance.now();
    lint(note.text);
    calls.push(performance.now() - t0);
  }
  calls.sort((a, b) => a - b);
  const callMean = calls.reduce((a, b) => a + b, 0) / calls.length;

  // as `guidelint serve` runs by default: a process per core, each linting on one worker thread
  const processes = availableParallelism();
  // the hook calls record their cards in a scratch audit database
  const scratch = mkdtempSync(join(tmpdir(), 'guidelint-bench-cds-'));
  const server = await startCluster({ host: '127.0.0.1', port: 0, accessLog: false, threads: 1, cds: { database: join(scratch, 'cds.sqlite') } }, processes, () => {});
  try {
    const load = { url: server.url, body: note.text };
    // a long-running server is warm, and its clients keep their connections open
    const warmup = Math.min(2000, total);
    const loaded = await runLoad({ ...load, connections: concurrency, warmup, amount: total });
    const single = await runLoad({ ...load, connections: 1, warmup: 50, amount: Math.min(300, total) });
    const rate = loaded.requests / loaded.seconds;
    const verdict = loaded.p50 <= 20 && loaded.p99 <= 50 ? 'meets' : 'misses';
    const vs = await hookAgainstLint(server.url, note.text, concurrency, total);
    const ratio = { p50: vs.hook.p50 / vs.lint.p50, p99: vs.hook.p99 / vs.lint.p99 };
    const hookVerdict = ratio.p50 <= 1.2 && ratio.p99 <= 1.2 ? 'meets' : 'misses';
    return [
      `service: POST /v1/lint, ${note.name} (${(Buffer.byteLength(note.text) / 1024).toFixed(1)} KB), ${processes} server processes with a lint thread each (guidelint serve's default), keep-alive on loopback, load generator autocannon; the first ${warmup.toLocaleString('en-US')} responses (which open the connections) warm up, the next are timed`,
      `  ${concurrency} concurrent: ${loaded.requests} requests in ${loaded.seconds.toFixed(1)} s, ${rate.toFixed(0)} req/s, latency p50 ${ms(loaded.p50)}, p99 ${ms(loaded.p99)} (${verdict} the target p50 ≤ 20 ms, p99 ≤ 50 ms)`,
      `  1 connection: p50 ${ms(single.p50)}, p99 ${ms(single.p99)}`,
      `  in-process lint() on the same note: mean ${ms(callMean)}, p50 ${ms(percentile(calls, 50))}, p99 ${ms(percentile(calls, 99))} (${(1000 / callMean).toFixed(0)} calls/s on one thread)`,
      `  service req/s ÷ in-process calls/s on one thread = ${(rate / (1000 / callMean)).toFixed(2)} (${processes} processes: ${processes}.00 at best, less the load generator's share; at ${concurrency} in flight, p50 ≈ ${concurrency} ÷ req/s)`,
      `  CDS Hooks order-sign call (${ORDERED.join(' + ')} ordered), the note prefetched as a base64 DocumentReference, cards answered and recorded, against POST /v1/lint of the note with the same claim: ${concurrency} concurrent, ${vs.rounds} alternating rounds, ${vs.hook.requests} requests each`,
      `    hook call p50 ${ms(vs.hook.p50)}, p99 ${ms(vs.hook.p99)}; /v1/lint p50 ${ms(vs.lint.p50)}, p99 ${ms(vs.lint.p99)}`,
      `    hook call ÷ /v1/lint: p50 ${ratio.p50.toFixed(2)}×, p99 ${ratio.p99.toFixed(2)}× (${hookVerdict} the target ≤ 1.2×)`,
    ].join('\n');
  } finally {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
