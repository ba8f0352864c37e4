// The service under attack: a real `guidelint serve` cluster (the CLI, two processes, a token),
// sent what an attacker or a careless client would send. Each attack gets its status checked, and
// throughout, /healthz (probed on fresh connections, so both processes answer it) must answer
// within 1 s; at the end no server process may have died and no note text may be in the log.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TOKEN = 'sec-test-token';
// planted in every note sent: it must never reach the log or an error message
const MARKER = 'ZEBRA-PHI-MARKER-7731';
const note = `${readFileSync(join(root, 'test/fixtures/clinical/knee-fluoro.txt'), 'utf8')}\nPatient name ${MARKER}.\n`;
const LINT_TIMEOUT_MS = 3000;
const REQUEST_TIMEOUT_MS = 2000;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let base = '';
let port = 0;
let server: ChildProcess;
let log = '';
let workers: number[] = [];
const probes: { ms: number; ok: boolean }[] = [];
let probing = true;

/** One request on a fresh connection (no keep-alive), so the cluster hands it to either process. */
function send(method: string, path: string, { headers = {}, body }: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent: false, headers: { authorization: `Bearer ${TOKEN}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', (e) => reject(new Error(`${method} ${path} ${JSON.stringify(headers)}: ${e.message}`)));
    req.end(body);
  });
}

const lintText = (text: string, headers: Record<string, string> = {}) => send('POST', '/v1/lint', { headers: { 'content-type': 'text/plain', ...headers }, body: text });
const lintJson = (json: string) => send('POST', '/v1/lint', { headers: { 'content-type': 'application/json' }, body: json });

/** Writes raw bytes on a socket and reads what comes back until the server closes it. */
function raw(chunks: string[], gapMs = 0): Promise<{ reply: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    let i = 0;
    const next = (): void => {
      if (socket.destroyed || i >= chunks.length) return;
      socket.write(chunks[i++]);
      if (gapMs) setTimeout(next, gapMs);
      else next();
    };
    socket.on('connect', next);
    socket.on('data', (d) => (reply += d));
    socket.on('close', () => resolve({ reply, ms: performance.now() - t0 }));
    socket.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' || (e as NodeJS.ErrnoException).code === 'EPIPE' ? undefined : reject(e)));
  });
}

async function probeHealth(): Promise<void> {
  while (probing) {
    const t0 = performance.now();
    const ok = await send('GET', '/healthz').then((a) => a.status === 200, () => false);
    probes.push({ ms: performance.now() - t0, ok });
    await new Promise((r) => setTimeout(r, 100));
  }
}

const childPids = (): number[] => execFileSync('pgrep', ['-P', String(server.pid)], { encoding: 'utf8' }).trim().split('\n').map(Number).sort();

describe('guidelint serve under attack (2 processes, --token)', () => {
  let probing$: Promise<void>;
  beforeAll(async () => {
    // the built CLI, as deployed (cli.test.ts runs it too): its processes start in a second, not under a TypeScript loader
    server = spawn(process.execPath, [join(root, 'bin/guidelint.js'), 'serve', '--port', '0', '--processes', '2', '--token', TOKEN,
      '--lint-timeout', String(LINT_TIMEOUT_MS), '--request-timeout', String(REQUEST_TIMEOUT_MS)], { cwd: root, env: { ...process.env, GUIDELINT_TOKEN: '' } });
    base = await new Promise<string>((resolve, reject) => {
      server.stderr!.on('data', (d) => {
        log += d;
        const m = /listening on (http:\/\/[^\s,]+)/.exec(log);
        if (m) resolve(m[1]);
      });
      server.on('close', () => reject(new Error(`exited early: ${log}`)));
    });
    port = Number(new URL(base).port);
    workers = childPids();
    probing$ = probeHealth();
  }, 120_000);

  afterAll(async () => {
    probing = false;
    await probing$;
    server?.kill('SIGTERM');
    await new Promise((r) => server?.once('close', r));
  });

  it('needs the token on percent-encoded paths (/%761/lint, /v%31/…, /%76%31/…)', async () => {
    for (const path of ['/%761/lint', '/v%31/lint', '/%76%31/lint', '/v1/lint']) {
      const refused = await send('POST', path, { headers: { authorization: '', 'content-type': 'text/plain' }, body: note });
      expect(refused.status, path).toBe(401);
    }
    expect((await send('GET', '/%761/rules', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await send('GET', '/%761/rules')).status).toBe(200);
  });

  it('refuses an absolute-form request target with 400, token or not', async () => {
    const body = JSON.stringify({ text: note });
    for (const target of [`http://127.0.0.1:${port}/v1/lint`, `http://127.0.0.1:${port}/%761/lint`]) {
      const { reply } = await raw([`POST ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`]);
      expect(reply.split(' ')[1], target).toBe('400');
    }
  });

  it('answers only to loopback Host names, and refuses pages on other origins', async () => {
    const rebound = await lintText(note, { host: `evil.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toMatchObject({ error: 'host-not-allowed', field: 'host' });
    expect((await send('GET', '/healthz', { headers: { host: 'evil.example' } })).status).toBe(403);
    expect((await lintText(note, { host: `localhost:${port}` })).status).toBe(200);

    // a text/plain POST from another origin needs no preflight: the server itself must refuse it
    const crossOrigin = await lintText(note, { origin: 'http://evil.example' });
    expect(crossOrigin.status).toBe(403);
    expect(JSON.parse(crossOrigin.body).error).toBe('origin-not-allowed');
    expect(crossOrigin.headers['access-control-allow-origin']).toBeUndefined();
    // the page's own origin is the server's
    expect((await lintText(note, { origin: `http://127.0.0.1:${port}` })).status).toBe(200);
  });

  it('cuts off a client that sends its body a byte at a time (408)', async () => {
    const head = `POST /v1/lint HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n`;
    const { reply, ms } = await raw([head, ...'x'.repeat(1000)], 100);
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    // the request timeout, plus node's once-a-second check, not the 100 s the client would take
    expect(ms).toBeLessThan(REQUEST_TIMEOUT_MS + 4000);
  }, 20_000);

  it('refuses an HL7 \\.sp bomb (121 bytes asking for 540 million lines) with 422 naming the field', async () => {
    const bomb = 'MSH|^~\\&|A|B|C|D|20240101||MDM^T02|X1|P|2.5\rTXA|1|OP\rOBX|1|TX|||one\\.sp 540000000\\two||||||F';
    const res = await send('POST', '/v1/lint', { headers: { 'content-type': 'x-application/hl7-v2+er7' }, body: bomb });
    expect(res.status).toBe(422);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid-input', path: 'OBX[1]-5' });
  });

  it('refuses a FHIR attachment that would decode past the body limit, before decoding it', async () => {
    const data = Buffer.from(note.repeat(Math.ceil(600_000 / note.length))).toString('base64');
    const doc = { resourceType: 'DocumentReference', id: 'big', content: [{ attachment: { contentType: 'text/plain', data } }] };
    const res = await send('POST', '/v1/lint', { headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(doc) });
    expect(res.status).toBe(422);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid-input', path: 'DocumentReference.content[0].attachment.data' });
    expect(JSON.parse(res.body).message).toMatch(/decodes to \d+ bytes, over the \d+ bytes left/);
  });

  it('refuses a claim nested 100,000 deep and units of 1e400 or 1000 with 422 naming the field', async () => {
    const deep = `{"text":${JSON.stringify(note)},"claim":{"lines":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const nested = await lintJson(deep);
    expect(nested.status).toBe(422);
    expect(JSON.parse(nested.body)).toMatchObject({ error: 'invalid-claim', field: expect.stringMatching(/^claim\/lines\//) });
    for (const units of ['1e400', '1000']) {
      const res = await lintJson(`{"text":${JSON.stringify(note)},"claim":{"lines":[{"code":"77002","units":${units}}]}}`);
      expect(res.status, units).toBe(422);
      expect(JSON.parse(res.body), units).toMatchObject({ error: 'invalid-claim', field: 'claim/lines/0/units', message: expect.stringContaining('1 to 999') });
    }
  });

  it('answers 413 to an oversize body, 405 with Allow to an unknown method, and a JSON error without the body to bad JSON', async () => {
    expect((await lintText('x'.repeat(2 * 1024 * 1024))).status).toBe(413);
    const put = await send('PUT', '/v1/lint', { headers: { 'content-type': 'text/plain' }, body: note });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('POST');
    const bad = await send('POST', '/v1/lint', { headers: { 'content-type': 'application/json' }, body: `{"text": ${MARKER} }` });
    expect(bad.status).toBe(400);
    expect(bad.body).not.toContain(MARKER);
  });

  it('lints adversarial notes within the time budget or stops them with 503, and goes on serving', async () => {
    const adversarial = [
      `PROCEDURE: knee injection.${' '.repeat(200_000)}${MARKER}\n`,
      `${'fluoroscopy '.repeat(40_000)}${MARKER}\n`,
      `${'no '.repeat(100_000)}fluoroscopy ${MARKER}\n`,
    ];
    const answers = await Promise.all(adversarial.map(async (text) => {
      const t0 = performance.now();
      const res = await lintText(text);
      return { ...res, ms: performance.now() - t0 };
    }));
    for (const res of answers) {
      expect([200, 503]).toContain(res.status);
      if (res.status === 503) expect(JSON.parse(res.body).error).toBe('lint-timeout');
      // at worst queued behind the others on one process's lint thread, each stopped at the budget
      // and its thread replaced
      expect(res.ms).toBeLessThan(3 * LINT_TIMEOUT_MS + 15_000);
      expect(res.body).not.toContain(MARKER);
    }
    expect((await lintText(note)).status).toBe(200);
  }, 90_000);

  it('kept /healthz under 1 s throughout, lost no process and logged no note text', async () => {
    expect(probes.length).toBeGreaterThan(10);
    expect(probes.filter((p) => !p.ok)).toEqual([]);
    expect(Math.max(...probes.map((p) => p.ms))).toBeLessThan(1000);
    expect(childPids()).toEqual(workers);
    expect(log).not.toMatch(/serve process exited/);
    expect(log).toContain('"route":"/v1/lint"');
    expect(log).not.toContain(MARKER);
  });
});
