// The service under attack for `npm run bench`: 50 concurrent connections to a `guidelint serve`
// cluster, 45 linting a real note, 5 adversarial (slow bodies, HL7/claim/FHIR bombs, huge and
// pathological notes), while /healthz is probed on fresh connections. Printed: /healthz p50/p99,
// every request's outcome (none may go unanswered) and whether a server process died.
// Loopback only, bounded in count.
import { request } from 'node:http';
import { connect } from 'node:net';
import { availableParallelism } from 'node:os';
import type autocannon from 'autocannon';
import { startCluster } from '../serve/cluster.js';

export interface AttackBenchOptions {
  /** the note the well-behaved connections lint */
  note: string;
  /** requests the well-behaved connections send in all (default 4,000) */
  requests?: number;
  /** connections in all (default 50), a tenth of them adversarial */
  connections?: number;
}

const LINT_TIMEOUT_MS = 2000;
const REQUEST_TIMEOUT_MS = 3000;
const RUN_CAP_MS = 180_000;

interface Outcome {
  status: number;
  ms: number;
}

/** One request on its own connection; status 0 when it went unanswered (a lost request). */
function send(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Outcome> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent: false, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
    });
    req.on('error', () => resolve({ status: 0, ms: performance.now() - t0 }));
    req.end(body);
  });
}

/** A body sent a byte every 100 ms: the server must cut it off (408) at its request timeout. */
function slowBody(port: number): Promise<Outcome> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write('POST /v1/lint HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n');
      timer = setInterval(() => socket.writable && socket.write('x'), 100);
    });
    socket.on('data', (d) => (reply += d));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0), ms: performance.now() - t0 });
    });
  });
}

/** The adversarial requests, each with the statuses that count as the server holding. */
function attacks(note: string): { name: string; expect: number[]; run: (port: number) => Promise<Outcome> }[] {
  const hl7 = 'MSH|^~\\&|A|B|C|D|20240101||MDM^T02|X1|P|2.5\rTXA|1|OP\rOBX|1|TX|||one\\.sp 540000000\\two||||||F';
  const deepClaim = `{"text":${JSON.stringify(note)},"claim":{"lines":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
  const fhir = JSON.stringify({ resourceType: 'DocumentReference', content: [{ attachment: { contentType: 'text/plain', data: Buffer.from(note.repeat(Math.ceil(600_000 / note.length))).toString('base64') } }] });
  const huge = note.repeat(Math.ceil(900_000 / note.length));
  const spaces = `PROCEDURE: knee injection.${' '.repeat(200_000)}fluoroscopy\n`;
  const text = { 'content-type': 'text/plain' };
  return [
    { name: 'slow body', expect: [408], run: slowBody },
    { name: 'HL7 \\.sp bomb', expect: [422], run: (port) => send(port, 'POST', '/v1/lint', { 'content-type': 'x-application/hl7-v2+er7' }, hl7) },
    { name: 'claim 100k deep', expect: [422], run: (port) => send(port, 'POST', '/v1/lint', { 'content-type': 'application/json' }, deepClaim) },
    { name: 'FHIR base64 past the limit', expect: [422], run: (port) => send(port, 'POST', '/v1/lint', { 'content-type': 'application/fhir+json' }, fhir) },
    { name: '900 KB note', expect: [200, 503], run: (port) => send(port, 'POST', '/v1/lint', text, huge) },
    { name: '200 KB of spaces', expect: [200, 503], run: (port) => send(port, 'POST', '/v1/lint', text, spaces) },
    { name: 'oversize body', expect: [413], run: (port) => send(port, 'POST', '/v1/lint', text, 'x'.repeat(2 * 1024 * 1024)) },
  ];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function benchUnderAttack(options: AttackBenchOptions): Promise<string> {
  const connections = options.connections ?? 50;
  const adversaries = Math.max(1, Math.round(connections / 10));
  const requests = options.requests ?? 4000;
  const processes = availableParallelism();
  const exits: string[] = [];
  const server = await startCluster({ host: '127.0.0.1', port: 0, accessLog: false, threads: 1, lintTimeout: LINT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS }, processes, (line) => exits.push(line));
  const port = Number(new URL(server.url).port);
  let running = true;
  try {
    const health: number[] = [];
    let healthLost = 0;
    const probe = (async () => {
      while (running) {
        const { status, ms } = await send(port, 'GET', '/healthz');
        if (status === 200) health.push(ms);
        else healthLost++;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const kinds = attacks(options.note);
    const tally = new Map(kinds.map((k) => [k.name, { sent: 0, statuses: new Map<number, number>(), unexpected: 0 }]));
    const adversary = async (start: number): Promise<void> => {
      for (let i = start; running; i++) {
        const kind = kinds[i % kinds.length];
        const { status } = await kind.run(port);
        const t = tally.get(kind.name)!;
        t.sent++;
        t.statuses.set(status, (t.statuses.get(status) ?? 0) + 1);
        if (!kind.expect.includes(status)) t.unexpected++;
      }
    };
    const attackers = Array.from({ length: adversaries }, (_, i) => adversary(i));

    const { default: run } = await import('autocannon');
    // a run that cannot finish (an overloaded machine) is stopped and says so, rather than hang the bench
    let capped = false;
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = run({ url: `${server.url}/v1/lint`, method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: options.note, connections: connections - adversaries, amount: requests, timeout: 30 },
        (error, r) => (clearTimeout(cap), error ? reject(error) : resolve(r)));
      const cap = setTimeout(() => ((capped = true), instance.stop()), RUN_CAP_MS);
    });
    running = false;
    await Promise.all([probe, ...attackers]);

    health.sort((a, b) => a - b);
    const p99 = percentile(health, 99);
    const answered = result['2xx'];
    const lost = (capped ? 0 : requests - answered) + result.errors;
    const unexpected = [...tally.values()].reduce((n, t) => n + t.unexpected, 0);
    const holds = p99 < 1000 && lost === 0 && unexpected === 0 && healthLost === 0 && exits.length === 0;
    const ms = (n: number) => `${n.toFixed(1)} ms`;
    return [
      `under attack: ${connections} connections to ${processes} server processes (1 lint thread each, lint budget ${LINT_TIMEOUT_MS} ms, request timeout ${REQUEST_TIMEOUT_MS} ms): ${connections - adversaries} lint the note, ${adversaries} (${Math.round((100 * adversaries) / connections)} %) send, in turn, ${kinds.map((k) => k.name).join(', ')}`,
      `  /healthz on fresh connections: ${health.length} probes, p50 ${ms(percentile(health, 50))}, p99 ${ms(p99)}, max ${ms(health[health.length - 1])}, ${healthLost} unanswered (target p99 < 1 s: ${p99 < 1000 ? 'meets' : 'misses'})`,
      `  well-behaved${capped ? ` (stopped at the ${RUN_CAP_MS / 1000} s cap)` : ''}: ${answered} of ${requests} answered 200, ${result.non2xx} other statuses, ${result.errors} errors, ${result.timeouts} timeouts; latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
      `  adversarial: ${[...tally].map(([name, t]) => `${name} ${t.sent}× → ${[...t.statuses].map(([s, n]) => `${s === 0 ? 'unanswered' : s}${n > 1 ? ` ×${n}` : ''}`).join('/')}`).join('; ')}`,
      `  requests lost: ${lost + unexpected}; server processes that died: ${exits.length} — ${holds ? 'the service held' : 'THE SERVICE DID NOT HOLD'}`,
    ].join('\n');
  } finally {
    running = false;
    await server.stop();
  }
}
