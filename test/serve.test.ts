import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../src/serve/server.js';
import { startServer, isLoopback, ServeRefused } from '../src/serve/listen.js';
import { lint } from '../src/lint.js';
import { rules } from '../src/rules/index.js';
import { benchService } from '../src/bench/service.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, 'test', 'fixtures', 'clinical');
const compliant = readFileSync(join(fixtures, 'knee-fluoro.txt'), 'utf8');
const landmark = readFileSync(join(fixtures, 'knee-landmark.txt'), 'utf8');
// a phrase from each note: it must never reach the log
const SECRET_PHRASES = ['superolateral knee was cleansed', 'ballotable patella'];

describe('the HTTP API', () => {
  let app: FastifyInstance;
  const logLines: string[] = [];
  beforeAll(async () => {
    app = await buildServer({ log: (l) => logLines.push(l), bodyLimit: 64 * 1024 });
  });
  afterAll(() => app.close());

  it('GET /healthz → 200 with the version', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', version: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version, queueFull: 0, queueAbandoned: 0 });
  });

  it('POST /v1/lint (JSON) → the same result as lint()', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/lint', payload: { text: compliant, filename: 'knee.txt' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(lint(compliant, { filename: 'knee.txt' }))));
    expect(res.json().documentation.supported).toBe(true);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('POST /v1/lint (text/plain) lints the body as the note', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/lint', headers: { 'content-type': 'text/plain; charset=utf-8' }, payload: landmark });
    expect(res.statusCode).toBe(200);
    expect(res.json().documentation.technique).toBe('landmark');
    expect(res.json().messages.map((m: { ruleId: string }) => m.ruleId)).toContain('landmark-technique');
  });

  it('a text/plain body meets the CLI\'s input policy: invalid UTF-8 and NUL refused with their offset, UTF-16 with its BOM read', async () => {
    const post = (payload: Buffer) => app.inject({ method: 'POST', url: '/v1/lint', headers: { 'content-type': 'text/plain' }, payload });
    const bad = await post(Buffer.concat([Buffer.from('Right knee injection '), Buffer.from([0xc3, 0x28]), Buffer.from(' under fluoroscopy.')]));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toBe('invalid-input');
    expect(bad.json().message).toMatch(/not valid UTF-8 text \(at byte 21\)/);
    const nul = await post(Buffer.from('Right knee\0 injection.'));
    expect(nul.statusCode).toBe(422);
    expect(nul.json().message).toMatch(/NUL byte at byte 10/);
    const utf16 = await post(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(landmark, 'utf16le')]));
    expect(utf16.statusCode).toBe(200);
    expect(utf16.json().documentation).toEqual((await post(Buffer.from(landmark))).json().documentation);
  });

  it('POST /v1/lint with a claim and a config applies both', async () => {
    const claim = { placeOfService: '11', lines: [{ code: '20610', modifiers: ['RT'] }, { code: '77002' }], diagnoses: ['M17.11'] };
    const res = await app.inject({ method: 'POST', url: '/v1/lint', payload: { text: landmark, claim, config: { rules: { 'landmark-technique': 'warning' } } } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.claim).toEqual({ action: 'remove', recommendedCode: null });
    expect(body.messages.find((m: { ruleId: string }) => m.ruleId === 'landmark-technique').severity).toBe('warning');
  });

  it('POST /v1/lint reads FHIR and HL7 bodies by content type and reports how', async () => {
    const fhir = await app.inject({ method: 'POST', url: '/v1/lint', headers: { 'content-type': 'application/fhir+json' }, payload: readFileSync(join(fixtures, 'tfesi-77003.bundle.json')) });
    expect(fhir.statusCode).toBe(200);
    expect(fhir.json().claim.action).toBe('remove');
    expect(fhir.json().source).toBe('<request>#DocumentReference/tfesi-1');
    expect(fhir.json().input).toMatchObject({ format: 'fhir', recordId: 'DocumentReference/tfesi-1' });

    const hl7 = await app.inject({ method: 'POST', url: '/v1/lint', headers: { 'content-type': 'x-application/hl7-v2+er7' }, payload: readFileSync(join(fixtures, 'troch-bursa.mdm.hl7')) });
    expect(hl7.statusCode).toBe(200);
    expect(hl7.json().input.metadata.uniqueDocumentNumber).toBe('DOC-TROCH-0001');
    const plain = lint(readFileSync(join(fixtures, 'troch-bursa.txt'), 'utf8'));
    expect(hl7.json().documentation).toEqual(JSON.parse(JSON.stringify(plain.documentation)));

    const auto = await app.inject({ method: 'POST', url: '/v1/lint?input=auto', headers: { 'content-type': 'text/plain' }, payload: readFileSync(join(fixtures, 'cervical-mbb.mdm.hl7')) });
    expect(auto.json().input.format).toBe('hl7');
    const field = await app.inject({ method: 'POST', url: '/v1/lint', payload: { text: readFileSync(join(fixtures, 'knee-fluoro.docref.json'), 'utf8'), input: 'fhir' } });
    expect(field.json().documentation.supported).toBe(true);
  });

  it('400 names the JSON problem', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/lint', headers: { 'content-type': 'application/json' }, payload: '{"text": "knee",}' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('invalid-json');
    expect(res.json().message).toMatch(/not valid JSON: .*position 16/);
  });

  it('400 for a missing text, an unknown field, an empty body, a bad input mode, FHIR that is not JSON', async () => {
    const cases: [object | string, string, Record<string, string>?, string?][] = [
      [{ claim: {} }, 'text'],
      [{ text: 'knee', note: 'x' }, 'note'],
      [{ resourceType: 'DocumentReference' }, 'resourceType'],
      [{ text: '   ' }, 'text'],
      [{ text: 'knee', input: 'pdf' }, 'input'],
      ['', 'body', { 'content-type': 'text/plain' }],
      ['knee', 'input', { 'content-type': 'text/plain' }, '/v1/lint?input=xml'],
    ];
    for (const [payload, field, headers, url] of cases) {
      const res = await app.inject({ method: 'POST', url: url ?? '/v1/lint', payload, headers });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().field).toBe(field);
    }
    const fhir = await app.inject({ method: 'POST', url: '/v1/lint', headers: { 'content-type': 'application/fhir+json' }, payload: '{"resourceType": ' });
    expect(fhir.statusCode).toBe(400);
    expect(fhir.json()).toMatchObject({ error: 'invalid-json', path: '(json)' });
  });

  it('413 with a clear JSON error when the body is over the limit', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/lint', headers: { 'content-type': 'text/plain' }, payload: 'x'.repeat(64 * 1024 + 1) });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: 'body-too-large', message: expect.stringContaining('65536-byte limit') });
  });

  it('415 for a content type the API does not read', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/lint', headers: { 'content-type': 'application/pdf' }, payload: '%PDF' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toBe('unsupported-media-type');
  });

  it('422 names the bad claim field', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/lint', payload: { text: compliant, claim: { lines: [{ code: '20610' }, { code: '77002', units: 0 }] } } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: 'invalid-claim', field: 'claim/lines/1/units' });
    const fhirClaim = JSON.parse(readFileSync(join(fixtures, 'tfesi-77003.bundle.json'), 'utf8'));
    fhirClaim.entry[2].resource.item[1].modifier[0].coding[0].code = 'TOOLONG';
    const fhir = await app.inject({ method: 'POST', url: '/v1/lint', headers: { 'content-type': 'application/fhir+json' }, payload: fhirClaim });
    expect(fhir.statusCode).toBe(422);
    expect(fhir.json().field).toBe('Bundle.entry[2].resource.item[1].modifier[0]');
  });

  it('422 for a bad config and for a clinical input without narrative (naming the path)', async () => {
    const config = await app.inject({ method: 'POST', url: '/v1/lint', payload: { text: compliant, config: { rules: { 'no-such-rule': 'off' } } } });
    expect(config.statusCode).toBe(422);
    expect(config.json()).toMatchObject({ error: 'invalid-config', field: 'config', message: expect.stringContaining('no-such-rule') });
    const hl7 = await app.inject({ method: 'POST', url: '/v1/lint', headers: { 'content-type': 'application/hl7-v2' }, payload: 'MSH|^~\\&|A|B|C|D|1||MDM^T02|X|P|2.5\rOBX|1|ED|||^application^pdf^Base64^||||||F' });
    expect(hl7.statusCode).toBe(422);
    expect(hl7.json()).toMatchObject({ error: 'invalid-input', path: 'OBX', message: expect.stringContaining('OBX[1] is ED') });
  });

  it('GET /v1/rules lists every rule with its docs, messages and docs url', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/rules' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { id: string; docs: { what: string }; messages: Record<string, string>; url: string }[];
    expect(body.map((r) => r.id)).toEqual(rules.map((r) => r.id));
    expect(body.every((r) => r.docs.what.length > 0)).toBe(true);
    expect(body.map((r) => [r.messages, r.url])).toEqual(rules.map((r) => [r.messages, r.url]));
  });

  it('404 is JSON too', async () => {
    const res = await app.inject({ method: 'GET', url: '/v2/lint' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('not-found');
  });

  it('echoes a caller request id and logs only id, route, size, status and duration — never note text', async () => {
    const payload = JSON.stringify({ text: compliant + '\n' + landmark });
    const res = await app.inject({ method: 'POST', url: '/v1/lint', headers: { 'x-request-id': 'ehr-42', 'content-type': 'application/json' }, payload });
    expect(res.headers['x-request-id']).toBe('ehr-42');
    const line = logLines.map((l) => JSON.parse(l)).find((l) => l.id === 'ehr-42');
    expect(Object.keys(line).sort()).toEqual(['bytes', 'id', 'method', 'ms', 'route', 'status', 'time']);
    expect(line).toMatchObject({ route: '/v1/lint', status: 200, bytes: Buffer.byteLength(payload) });
    const all = logLines.join('\n');
    for (const phrase of SECRET_PHRASES) expect(all).not.toContain(phrase);
    expect(logLines.length).toBeGreaterThan(10);
  });
});

describe('/v1/query with a generator', () => {
  it('returns the query and the result; null when no query is needed', async () => {
    const calls: string[] = [];
    const app = await buildServer({
      log: false,
      queryBuilder: (result, text) => {
        calls.push(text);
        return result.documentation.supported ? null : { text: 'Please clarify.', markdown: '**Please clarify.**', fhir: { resourceType: 'Communication' } };
      },
    });
    const needed = await app.inject({ method: 'POST', url: '/v1/query', payload: { text: landmark } });
    expect(needed.statusCode).toBe(200);
    expect(needed.json().query.text).toBe('Please clarify.');
    expect(needed.json().result.documentation.technique).toBe('landmark');
    const none = await app.inject({ method: 'POST', url: '/v1/query', payload: { text: compliant } });
    expect(none.json().query).toBeNull();
    expect(calls).toEqual([landmark, compliant]);
    await app.close();
  });

  it('uses src/query by default: a query for an unstated technique, none for a supported note', async () => {
    const app = await buildServer({ log: false });
    const unstated = 'PROCEDURE: Right knee injection.\nA 22 g needle was advanced into the right knee joint and 40 mg triamcinolone was injected.\n';
    const res = await app.inject({ method: 'POST', url: '/v1/query', payload: { text: unstated } });
    expect(res.statusCode).toBe(200);
    expect(res.json().result.documentation.technique).toBe('unstated');
    expect(res.json().query.text).toMatch(/guided/i);
    expect(res.json().query.fhir.resourceType).toBeTruthy();
    expect((await app.inject({ method: 'POST', url: '/v1/query', payload: { text: compliant } })).json().query).toBeNull();
    await app.close();
  });

  it('500 hides the error and logs no message text', async () => {
    const lines: string[] = [];
    const app = await buildServer({ log: (l) => lines.push(l), queryBuilder: () => { throw new Error(`boom:\n${SECRET_PHRASES[0]}`); } });
    const res = await app.inject({ method: 'POST', url: '/v1/query', payload: { text: compliant } });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ error: 'internal', message: expect.stringContaining(res.headers['x-request-id'] as string) });
    expect(lines.join('\n')).not.toContain(SECRET_PHRASES[0]);
    expect(lines.some((l) => JSON.parse(l).stack)).toBe(true);
    await app.close();
  });
});

describe('bearer auth', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ log: false, token: 's3cret-token' });
  });
  afterAll(() => app.close());

  it('401 without or with a wrong token; 200 with the right one', async () => {
    const none = await app.inject({ method: 'POST', url: '/v1/lint', payload: { text: compliant } });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.json().error).toBe('unauthorized');
    const wrong = await app.inject({ method: 'GET', url: '/v1/rules', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
    const right = await app.inject({ method: 'POST', url: '/v1/lint', headers: { authorization: 'Bearer s3cret-token' }, payload: { text: compliant } });
    expect(right.statusCode).toBe(200);
  });

  it('needs the token on percent-encoded and unknown paths too (decided on the matched route)', async () => {
    for (const url of ['/%761/lint', '/v%31/lint', '/%76%31/lint', '/V1/lint', '/v1//lint', '/nope']) {
      const res = await app.inject({ method: 'POST', url, payload: { text: compliant } });
      expect(res.statusCode, url).toBe(401);
    }
  });

  it('refuses an absolute-form request target (a proxy request), even with a percent-encoded path', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    for (const target of ['http://127.0.0.1/v1/lint', `http://127.0.0.1:${port}/%761/lint`]) {
      const body = JSON.stringify({ text: compliant });
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.end(`POST ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
        });
        let got = '';
        socket.on('data', (d) => (got += d));
        socket.on('end', () => resolve(got));
        socket.on('error', reject);
      });
      expect(raw.split(' ')[1], target).toBe('400');
    }
  });

  it('leaves the page, the health check and the OpenAPI document open', async () => {
    for (const url of ['/', '/app.js', '/healthz', '/openapi.json']) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
  });
});

describe('Host, Origin and methods', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ log: false, allowedHosts: ['notes.example.org'], allowedOrigins: ['https://ehr.example.org'] });
  });
  afterAll(() => app.close());
  const lintWith = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/v1/lint', headers: { 'content-type': 'text/plain', ...headers }, payload: compliant });

  it('answers loopback names and configured ones; 403 to any other Host (DNS rebinding)', async () => {
    for (const host of ['127.0.0.1:7702', 'localhost', '[::1]:7702', 'notes.example.org:443', 'NOTES.example.org']) expect((await lintWith({ host })).statusCode, host).toBe(200);
    for (const host of ['evil.example', 'notes.example.org.evil.example', '10.0.0.5:7702']) {
      const res = await lintWith({ host });
      expect(res.statusCode, host).toBe(403);
      expect(res.json()).toMatchObject({ error: 'host-not-allowed', field: 'host' });
    }
    expect((await lintWith({ host: 'bad host/' })).statusCode).toBe(400);
  });

  it('refuses another origin\'s page, serves its own and a configured one (with CORS headers and a preflight)', async () => {
    expect((await lintWith({ host: 'localhost:7702', origin: 'http://localhost:7702' })).statusCode).toBe(200);
    for (const origin of ['http://evil.example', 'null', 'https://ehr.example.org.evil.example', 'http://localhost:9999']) {
      const res = await lintWith({ host: 'localhost:7702', origin });
      expect(res.statusCode, origin).toBe(403);
      expect(res.json().error).toBe('origin-not-allowed');
    }
    const allowed = await lintWith({ origin: 'https://ehr.example.org' });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://ehr.example.org');
    const preflight = await app.inject({ method: 'OPTIONS', url: '/v1/lint', headers: { origin: 'https://ehr.example.org', 'access-control-request-method': 'POST' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toContain('authorization');
    expect((await app.inject({ method: 'OPTIONS', url: '/v1/lint', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } })).statusCode).toBe(403);
  });

  it('405 with Allow for a method a known path lacks, percent-encoded or not; 404 for unknown paths', async () => {
    for (const [method, url, allow] of [['GET', '/v1/lint', 'POST'], ['DELETE', '/%761/lint', 'POST'], ['POST', '/healthz', 'GET, HEAD'], ['PUT', '/', 'GET, HEAD']] as const) {
      const res = await app.inject({ method, url });
      expect(res.statusCode, `${method} ${url}`).toBe(405);
      expect(res.headers.allow).toBe(allow);
      expect(res.json().error).toBe('method-not-allowed');
    }
    expect((await app.inject({ method: 'DELETE', url: '/v2/lint' })).statusCode).toBe(404);
  });

  it('names a JSON syntax error without quoting the body', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/lint', headers: { 'content-type': 'application/json' }, payload: '{"text": patient Jane Roe}' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/not valid JSON: Unexpected token/);
    expect(res.json().message).not.toContain('Jane');
  });
});

describe('listening', () => {
  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopback(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.10', 'example.org', '128.0.0.1']) expect(isLoopback(h), h).toBe(false);
  });

  it('refuses a non-loopback host without a token, before binding', async () => {
    await expect(startServer({ host: '0.0.0.0', port: 0, log: false })).rejects.toThrow(ServeRefused);
    await expect(startServer({ host: '0.0.0.0', port: 0, log: false })).rejects.toThrow(/--token/);
  });

  it('serves on an OS-chosen port (port 0)', async () => {
    const { app, url } = await startServer({ host: '127.0.0.1', port: 0, log: false });
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(url.endsWith(':0')).toBe(false);
      const res = await fetch(`${url}/v1/lint`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: compliant });
      expect((await res.json()).documentation.guidanceCode).toBe('77002');
    } finally {
      await app.close();
    }
  });
});

describe('benchService', () => {
  it('prints requests/s and p50/p99 for the service beside the in-process call', async () => {
    const out = await benchService({ requests: 40, concurrency: 5 });
    expect(out).toMatch(/5 concurrent: 40 requests in [\d.]+ s, \d+ req\/s, latency p50 [\d.]+ ms, p99 [\d.]+ ms/);
    expect(out).toMatch(/in-process lint\(\) on the same note: mean [\d.]+ ms/);
    expect(out).toMatch(/hook call ÷ \/v1\/lint: p50 [\d.]+×, p99 [\d.]+× \((meets|misses) the target ≤ 1\.2×\)/);
  }, 120_000); // three load runs (and the hook's) on a cluster
});

describe('guidelint serve (the command)', () => {
  // the built CLI (as cli.test.ts runs it): each server process starts its lint thread in a
  // second, where under the TypeScript loader it takes several
  const cli = (args: string[]) => spawn(process.execPath, [join(root, 'bin/guidelint.js'), 'serve', ...args], { cwd: root, env: { ...process.env, GUIDELINT_TOKEN: '' } });

  it('exits 2 refusing 0.0.0.0 without --token', async () => {
    const child = cli(['--host', '0.0.0.0', '--port', '0']);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without --token/);
  }, 30_000);

  it('starts with --port 0, prints its address, answers, and stops on SIGTERM', async () => {
    const child = cli(['--port', '0', '--host', '127.0.0.1', '--token', 'tok']);
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        const m = /listening on (http:\/\/\S+)/.exec(stderr);
        if (m) resolve(m[1]);
      });
      child.on('close', () => reject(new Error(`exited early: ${stderr}`)));
    });
    const res = await fetch(`${url}/v1/rules`, { headers: { authorization: 'Bearer tok' } });
    expect(res.status).toBe(200);
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).toContain('"route":"/v1/rules"');
  }, 30_000);
  it('runs several processes (--processes), replaces one that dies, and refuses a port in use', async () => {
    const child = cli(['--port', '0', '--processes', '2', '--no-access-log']);
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        const m = /listening on (http:\/\/[^\s,]+) \(2 processes\)/.exec(stderr);
        if (m) resolve(m[1]);
      });
      child.on('close', () => reject(new Error(`exited early: ${stderr}`)));
    });
    const workers = execFileSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' }).trim().split('\n').map(Number);
    expect(workers).toHaveLength(2);
    process.kill(workers[0], 'SIGKILL');
    await expect.poll(() => stderr, { timeout: 15_000 }).toMatch(/"event":"serve process exited".*"replaced":true/);
    await expect.poll(() => execFileSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' }).trim().split('\n').length, { timeout: 15_000 }).toBe(2);
    for (let i = 0; i < 6; i++) expect((await fetch(`${url}/healthz`)).status).toBe(200);

    // a second server on the same port: exit 2, naming the problem
    const second = cli(['--port', new URL(url).port, '--processes', '2']);
    let secondErr = '';
    second.stderr.on('data', (d) => (secondErr += d));
    expect(await new Promise((resolve) => second.on('close', resolve))).toBe(2);
    expect(secondErr).toMatch(/EADDRINUSE|in use/);

    child.kill('SIGTERM');
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
  }, 60_000);
});
