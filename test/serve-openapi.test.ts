// Keeps /openapi.json true: the documented routes are exactly the served ones, every documented
// status is produced by some request, and every response matches the schema documented for it.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildServer } from '../src/serve/server.js';

// a note that makes lint() throw, to reach the documented 500
vi.mock('../src/lint.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/lint.js')>();
  return { ...real, lint: (text: string, options?: Parameters<typeof real.lint>[1]) => (text === 'CRASH' ? (() => { throw new Error('crash'); })() : real.lint(text, options)) };
});

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, 'test', 'fixtures', 'clinical');
const note = readFileSync(join(fixtures, 'knee-fluoro.txt'), 'utf8');
const landmark = readFileSync(join(fixtures, 'knee-landmark.txt'), 'utf8');

type Doc = {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: object }> }; responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
  components: object;
};

interface Case {
  app: 'open' | 'locked' | 'budget';
  request: InjectOptions & { method: string; url: string };
  status: number;
  /** the documented path, when the url fills in a parameter (/cds-services/{id}) */
  route?: string;
}

const json = (payload: object) => ({ headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
const plain = (payload: string, type = 'text/plain') => ({ headers: { 'content-type': type }, payload });
const fhirBundle = readFileSync(join(fixtures, 'tfesi-77003.bundle.json'), 'utf8');
const hl7 = readFileSync(join(fixtures, 'troch-bursa.mdm.hl7'), 'utf8');
const docref = JSON.parse(readFileSync(join(fixtures, 'knee-fluoro.docref.json'), 'utf8'));
const orderSign = (prefetch?: object) => ({
  hook: 'order-sign',
  hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
  context: { userId: 'Practitioner/example', patientId: '1288992', encounterId: '89284', draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'ServiceRequest', status: 'draft', intent: 'order', code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '77002' }] } } }] } },
  ...(prefetch ? { prefetch } : {}),
});
const hook = { route: '/cds-services/{id}' };
const feedback = { route: '/cds-services/{id}/feedback' };
const outcome = { feedback: [{ card: 'f6b95768-b1c8-40dc-8385-bf3504b82ffb', outcome: 'overridden', outcomeTimestamp: '2026-12-07T00:00:00Z' }] };

const cases: Case[] = [
  { app: 'open', request: { method: 'GET', url: '/healthz' }, status: 200 },
  { app: 'open', request: { method: 'GET', url: '/openapi.json' }, status: 200 },
  { app: 'open', request: { method: 'GET', url: '/elements.json' }, status: 200 },
  { app: 'open', request: { method: 'GET', url: '/sites.json' }, status: 200 },
  { app: 'open', request: { method: 'GET', url: '/' }, status: 200 },
  { app: 'open', request: { method: 'GET', url: '/app.js' }, status: 200 },
  { app: 'open', request: { method: 'GET', url: '/style.css' }, status: 200 },
  { app: 'open', request: { method: 'GET', url: '/v1/rules' }, status: 200 },
  { app: 'locked', request: { method: 'GET', url: '/v1/rules' }, status: 401 },
  ...(['/v1/lint', '/v1/query'] as const).flatMap((url): Case[] => [
    { app: 'open', request: { method: 'POST', url, ...json({ text: note }) }, status: 200 },
    { app: 'open', request: { method: 'POST', url, ...json({ text: landmark, claim: { placeOfService: '11', lines: [{ code: '20610' }, { code: '77002' }] }, config: { rules: { 'landmark-technique': 'warning' } }, filename: 'n.txt' }) }, status: 200 },
    { app: 'open', request: { method: 'POST', url, ...plain(note) }, status: 200 },
    { app: 'open', request: { method: 'POST', url, ...plain(fhirBundle, 'application/fhir+json') }, status: 200 },
    { app: 'open', request: { method: 'POST', url, ...plain(hl7, 'x-application/hl7-v2+er7') }, status: 200 },
    { app: 'open', request: { method: 'POST', url: `${url}?input=auto`, ...plain(hl7, 'text/plain') }, status: 200 },
    { app: 'open', request: { method: 'POST', url, ...plain(hl7, 'application/hl7-v2') }, status: 200 },
    { app: 'open', request: { method: 'POST', url, ...plain('{"text": ', 'application/json') }, status: 400 },
    { app: 'open', request: { method: 'POST', url, ...json({ txt: note }) }, status: 400 },
    { app: 'locked', request: { method: 'POST', url, ...json({ text: note }) }, status: 401 },
    { app: 'open', request: { method: 'POST', url, ...plain('x'.repeat(9000)) }, status: 413 },
    { app: 'open', request: { method: 'POST', url, ...plain('%PDF-1.7', 'application/pdf') }, status: 415 },
    { app: 'open', request: { method: 'POST', url, ...json({ text: note, claim: { lines: [] } }) }, status: 422 },
    { app: 'open', request: { method: 'POST', url, ...json({ text: 'CRASH' }) }, status: 500 },
    { app: 'open', request: { method: 'POST', url, headers: { 'content-type': 'text/plain', host: 'evil.example' }, payload: note }, status: 403 },
    // a lint thread with a 1 ms budget and a note of a megabyte: stopped, 503
    { app: 'budget', request: { method: 'POST', url, ...plain(note.repeat(Math.ceil(1_000_000 / note.length))) }, status: 503 },
  ]),
  { app: 'open', request: { method: 'GET', url: '/cds-services' }, status: 200 },
  { app: 'open', request: { method: 'GET', url: '/README.md' }, status: 200 },
  { ...hook, app: 'open', request: { method: 'POST', url: '/cds-services/guidelint-order-sign', ...json(orderSign({ procedureNote: docref, draftClaim: null })) }, status: 200 },
  { ...hook, app: 'open', request: { method: 'POST', url: '/cds-services/guidelint-order-sign', ...json({ ...orderSign(), hook: 'patient-view' }) }, status: 400 },
  { ...hook, app: 'locked', request: { method: 'POST', url: '/cds-services/guidelint-order-sign', ...json(orderSign({ procedureNote: docref })) }, status: 401 },
  { ...hook, app: 'open', request: { method: 'POST', url: '/cds-services/guidelint-order-sign', ...json(orderSign({ procedureNote: docref })), remoteAddress: '10.0.0.8' }, status: 403 },
  { ...hook, app: 'open', request: { method: 'POST', url: '/cds-services/no-such-service', ...json(orderSign()) }, status: 404 },
  { ...hook, app: 'open', request: { method: 'POST', url: '/cds-services/guidelint-order-sign', ...json(orderSign()) }, status: 412 },
  { ...hook, app: 'open', request: { method: 'POST', url: '/cds-services/guidelint-order-sign', ...json(orderSign({ procedureNote: { resourceType: 'DocumentReference', content: [] } })) }, status: 422 },
  { ...hook, app: 'open', request: { method: 'POST', url: '/cds-services/guidelint-order-sign', ...json(orderSign({ procedureNote: docref, padding: 'x'.repeat(9000) })) }, status: 413 },
  { ...hook, app: 'open', request: { method: 'POST', url: '/cds-services/guidelint-order-sign', ...plain(JSON.stringify(orderSign({ procedureNote: docref })), 'application/xml') }, status: 415 },
  // the note on a lint thread with a 1 ms budget: stopped, 503 as an OperationOutcome
  { ...hook, app: 'budget', request: { method: 'POST', url: '/cds-services/guidelint-order-sign', ...json(orderSign({ procedureNote: { ...docref, content: [{ attachment: { contentType: 'text/plain', data: Buffer.from(note.repeat(Math.ceil(1_000_000 / note.length))).toString('base64') } }] } })) }, status: 503 },
  { ...feedback, app: 'open', request: { method: 'POST', url: '/cds-services/guidelint-order-sign/feedback', ...json(outcome) }, status: 200 },
  { ...feedback, app: 'open', request: { method: 'POST', url: '/cds-services/guidelint-order-sign/feedback', ...json({ feedback: [] }) }, status: 400 },
  { ...feedback, app: 'locked', request: { method: 'POST', url: '/cds-services/guidelint-order-sign/feedback', ...json(outcome) }, status: 401 },
  { ...feedback, app: 'open', request: { method: 'POST', url: '/cds-services/no-such-service/feedback', ...json(outcome) }, status: 404 },
  { app: 'open', request: { method: 'GET', url: '/v1/cds-feedback' }, status: 200 },
  { app: 'locked', request: { method: 'GET', url: '/v1/cds-feedback' }, status: 401 },
];

describe('/openapi.json', () => {
  const apps = {} as Record<Case['app'], FastifyInstance>;
  let doc: Doc;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = (schema: object, data: unknown) => {
    // the doc's own components travel with each schema so its #/components refs resolve
    const check = ajv.compile({ ...schema, components: doc.components });
    return check(data) ? [] : check.errors!;
  };

  const dir = mkdtempSync(join(tmpdir(), 'guidelint-openapi-'));

  beforeAll(async () => {
    const queryBuilder = () => ({ text: 'Please clarify the imaging used.', markdown: '*Please clarify.*', fhir: { resourceType: 'Communication' } });
    const cds = { database: join(dir, 'cds.sqlite') };
    apps.open = await buildServer({ log: false, bodyLimit: 8192, queryBuilder, cds });
    apps.locked = await buildServer({ log: false, token: 't0ken', queryBuilder, cds });
    apps.budget = await buildServer({ log: false, threads: 1, lintTimeout: 1, bodyLimit: 4 * 1024 * 1024, queryBuilder, cds });
    doc = (await apps.open.inject({ method: 'GET', url: '/openapi.json' })).json();
  });
  afterAll(async () => {
    for (const app of Object.values(apps)) await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is OpenAPI 3.1 and every schema in it compiles', () => {
    expect((doc as unknown as { openapi: string }).openapi).toBe('3.1.0');
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, response] of Object.entries(op.responses)) {
          for (const media of Object.values(response.content ?? {})) expect(() => validate(media.schema, null), `${method} ${path} ${status}`).not.toThrow();
        }
      }
    }
  });

  it('documents exactly the routes the server has', async () => {
    await apps.open.ready();
    // "└── / (GET, HEAD)", then "    ├── v1/lint (POST)" under it, and "    │   └── /:id (POST)" one
    // level further: a line's depth is where its "──" stands, its path its parent's plus its own
    const parents: string[] = [];
    const served = apps.open.printRoutes({ commonPrefix: false }).split('\n').flatMap((line) => {
      const m = /^(.*?)── (\S+) \(([^)]+)\)/.exec(line);
      if (!m) return [];
      const depth = (m[1].length - 1) / 4;
      const path = depth === 0 ? '/' : `${depth === 1 ? '' : parents[depth - 1]}${m[2].startsWith('/') ? '' : '/'}${m[2]}`;
      parents[depth] = path;
      return m[3].split(', ').filter((method) => method !== 'HEAD').map((method) => `${method.toLowerCase()} ${path.replace(/:(\w+)/g, '{$1}')}`);
    });
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`));
    expect(served.sort()).toEqual(documented.sort());
  });

  it('every documented status is produced by a request here, and no undocumented one', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) => Object.keys(op.responses).map((status) => `${method.toUpperCase()} ${path} ${status}`)));
    const exercised = cases.map((c) => `${c.request.method} ${c.route ?? c.request.url.split('?')[0]} ${c.status}`);
    expect([...new Set(exercised)].sort()).toEqual(documented.sort());
  });

  for (const c of cases) {
    it(`${c.request.method} ${c.request.url} (${c.app}, ${String(c.request.headers?.['content-type'] ?? 'no body')}) → ${c.status}, as documented`, async () => {
      const op = doc.paths[c.route ?? c.request.url.split('?')[0]][c.request.method.toLowerCase()];
      if (c.status < 300 && c.request.headers?.['content-type'] === 'application/json') {
        expect(validate(op.requestBody!.content['application/json'].schema, JSON.parse(String(c.request.payload)))).toEqual([]);
      }
      const res = await apps[c.app].inject(c.request);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(c.status);
      const documented = op.responses[String(c.status)];
      const type = String(res.headers['content-type']).split(';')[0];
      expect(Object.keys(documented.content ?? {}), `content type ${type}`).toContain(type);
      if (type === 'application/json') expect(validate(documented.content![type].schema, res.json())).toEqual([]);
    });
  }

  it('the schemas really check: a result with a wrong technique or a query without text does not validate', async () => {
    const lintSchema = doc.paths['/v1/lint'].post.responses['200'].content!['application/json'].schema;
    const result = (await apps.open.inject({ method: 'POST', url: '/v1/lint', ...json({ text: note }) })).json();
    expect(validate(lintSchema, result)).toEqual([]);
    expect(validate(lintSchema, { ...result, documentation: { ...result.documentation, technique: 'xray' } }).length).toBeGreaterThan(0);
    const querySchema = doc.paths['/v1/query'].post.responses['200'].content!['application/json'].schema;
    expect(validate(querySchema, { query: { markdown: '', fhir: {} }, result }).length).toBeGreaterThan(0);
  });
});
