// The CDS Hooks service of `guidelint serve`, driven as an EHR drives it: discovery, hook calls in
// the spec's example shapes (order-sign with draftOrders, encounter-discharge, our note-sign hook)
// with prefetch and, without it, against a local FHIR server serving the published FHIR samples;
// feedback recorded and counted by rule; the EHR's JWT verified against keys a local server
// publishes. Every response is validated against test/fixtures/cds-hooks/cds-hooks-2.0.schema.json.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import sqlite from 'node-sqlite3-wasm';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../src/serve/server.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const external = join(root, '..', 'shared', 'external', 'fhir');
const schema = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'cds-hooks', 'cds-hooks-2.0.schema.json'), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(schema);
/** Errors of `data` against one of the spec's shapes ([] when valid). */
const check = (def: string, data: unknown) => {
  const validate = ajv.getSchema(`urn:guidelint:test:cds-hooks-2.0#/$defs/${def}`)!;
  return validate(data) ? [] : validate.errors!;
};

const sample = (name: string) => JSON.parse(readFileSync(join(external, name), 'utf8'));
// the US Core SOAP-note DocumentReference as published, and the same resource carrying a
// procedure note instead: a fluoroscopy-guided knee injection whose saved images and
// fluoroscopy time are not documented
const soapNote = sample('DocumentReference-soap-note.json');
const kneeText = readFileSync(join(root, 'test', 'fixtures', 'clinical', 'knee-fluoro.txt'), 'utf8');
const partialText = kneeText.split('\n').filter((l) => !/archived to PACS|FLUOROSCOPY TIME/.test(l)).join('\n');
const procedureNote = (text: string, id = 'proc-note-1') => ({
  ...soapNote,
  id,
  author: [{ reference: 'Practitioner/practitioner-1' }],
  content: [{ ...soapNote.content[0], attachment: { contentType: 'text/plain', data: Buffer.from(text).toString('base64') } }],
});
const cptCoding = (code: string) => ({ system: 'http://www.ama-assn.org/go/cpt', code });
// order-sign's context as the spec's examples give it, the draft orders a Bundle of ServiceRequests
const orderSignContext = (...codes: string[]) => ({
  userId: 'PractitionerRole/123',
  patientId: '1288992',
  encounterId: '89284',
  draftOrders: {
    resourceType: 'Bundle',
    type: 'collection',
    entry: codes.map((code, i) => ({ resource: { resourceType: 'ServiceRequest', id: `draft-${i}`, status: 'draft', intent: 'order', code: { coding: [cptCoding(code)] }, reasonCode: [{ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M17.11' }] }], subject: { reference: 'Patient/1288992' } } })),
  },
});
const hookCall = (hook: string, context: object, extra: object = {}) => ({ hook, hookInstance: crypto.randomUUID(), context, ...extra });
/** Every answer of a CDS route checked against the spec: cards, an OperationOutcome, or (feedback) no shape of its own. */
function checkAnswer(url: string, status: number, body: unknown) {
  if (status !== 200) expect(check('OperationOutcome', body), `${url} ${status}`).toEqual([]);
  else if (!url.endsWith('/feedback')) expect(check('Response', body), url).toEqual([]);
}

/** A FHIR server on loopback serving the samples; it remembers the Authorization headers it saw. */
function fhirServer(resources: { note: object; claim: object | null; failWith?: number; padTo?: number }) {
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url!, headers: req.headers });
    const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/fhir+json' }).end(JSON.stringify(body));
    if (resources.failWith) return send(resources.failWith, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] });
    // a chunked answer (no content-length) longer than the service reads
    if (resources.padTo) return res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(`{"resourceType":"Bundle","pad":"${'x'.repeat(resources.padTo)}"}`);
    const url = new URL(req.url!, 'http://x');
    const searchset = (r: object | null) => ({ resourceType: 'Bundle', type: 'searchset', total: r ? 1 : 0, entry: r ? [{ resource: r }] : [] });
    if (url.pathname === `/fhir/DocumentReference/${(resources.note as { id: string }).id}`) return send(200, resources.note);
    if (url.pathname === '/fhir/DocumentReference') return send(200, searchset(resources.note));
    if (url.pathname === '/fhir/Claim') return send(200, searchset(resources.claim));
    send(404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
  });
  return { server, seen };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('CDS Hooks service', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guidelint-cds-'));
  const database = join(dir, 'cds.sqlite');
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await buildServer({ log: false, cds: { database } });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = async (url: string, body: object) => {
    const res = await app.inject({ method: 'POST', url, payload: body });
    checkAnswer(url, res.statusCode, res.json());
    return { status: res.statusCode, body: res.json() };
  };

  it('discovery lists order-sign, encounter-discharge and a reverse-domain note-signing hook, each prefetching the note and the draft claim', async () => {
    const res = await app.inject({ method: 'GET', url: '/cds-services' });
    expect(res.statusCode).toBe(200);
    const discovery = res.json();
    expect(check('DiscoveryResponse', discovery)).toEqual([]);
    const hooks = discovery.services.map((s: { hook: string }) => s.hook);
    expect(hooks).toContain('order-sign');
    expect(hooks).toContain('encounter-discharge');
    expect(hooks.find((h: string) => !['order-sign', 'encounter-discharge'].includes(h))).toMatch(/^[a-z]+(\.[a-z0-9-]+){2,}$/);
    for (const s of discovery.services) {
      expect(s.prefetch.procedureNote).toMatch(/^DocumentReference[/?]/);
      expect(s.prefetch.draftClaim).toMatch(/^Claim\?patient=\{\{context\.patientId\}\}/);
    }
  });

  let cardUuids: { rule: string; card: string; suggestion?: string }[] = [];

  it('order-sign of 77002 with a partly documented note: a card per finding with its evidence, blank prompt, docs link, the query to create and override reasons', async () => {
    const request = hookCall('order-sign', orderSignContext('20610', '77002'), { prefetch: { procedureNote: procedureNote(partialText), draftClaim: null } });
    expect(check('Request', request)).toEqual([]);
    const { status, body } = await post('/cds-services/guidelint-order-sign', request);
    expect(status).toBe(200);
    expect(check('Response', body)).toEqual([]);
    const byRule = new Map(body.cards.map((c: { source: { topic: { code: string } } }) => [c.source.topic.code, c]));
    expect([...byRule.keys()].sort()).toEqual(['documentation-insufficient', 'fluoroscopy-time-missing', 'images-not-saved']);
    const images = byRule.get('images-not-saved') as any;
    expect(images.indicator).toBe('critical');
    expect((byRule.get('fluoroscopy-time-missing') as any).indicator).toBe('warning');
    expect(images.summary.length).toBeLessThan(140);
    // the evidence line quoted from the note, and the blank prompt to fill in
    expect(images.detail).toContain('> line 3: "PROCEDURE: Fluoroscopically guided right knee intra-articular injection."');
    expect(images.detail).toContain('Images saved to: ___');
    expect(images.source.url).toMatch(/^http:\/\/[^/]+\/README\.md#rule-images-not-saved$/);
    expect(images.overrideReasons.map((r: { code: string }) => r.code)).toContain('auditor-reviewed-exception');
    // the physician query, once, as a Communication about this note for this patient
    const offered = body.cards.filter((c: { suggestions?: unknown[] }) => c.suggestions);
    expect(offered).toHaveLength(1);
    const action = offered[0].suggestions[0].actions[0];
    expect(action.type).toBe('create');
    expect(action.resource).toMatchObject({ resourceType: 'Communication', status: 'preparation', subject: { reference: 'Patient/1288992' }, encounter: { reference: 'Encounter/89284' }, about: [{ reference: 'DocumentReference/proc-note-1' }], recipient: [{ reference: 'Practitioner/practitioner-1' }] });
    expect(JSON.stringify(action.resource)).toMatch(/unable to determine/i);
    cardUuids = body.cards.map((c: any) => ({ rule: c.source.topic.code, card: c.uuid, suggestion: c.suggestions?.[0].uuid }));
  });

  it('answered on a lint thread (serve --threads), the cards are the same and are recorded', async () => {
    const threaded = await buildServer({ log: false, threads: 1, cds: { database: join(dir, 'threaded.sqlite') } });
    try {
      const request = hookCall('order-sign', orderSignContext('20610', '77002'), { prefetch: { procedureNote: procedureNote(partialText), draftClaim: null } });
      const withoutIds = (body: { cards: object[] }) => JSON.parse(JSON.stringify(body).replace(/"uuid":"[^"]+"/g, '"uuid":""'));
      const [inline, onThread] = await Promise.all([app, threaded].map((a) => a.inject({ method: 'POST', url: '/cds-services/guidelint-order-sign', payload: request })));
      expect(onThread.statusCode).toBe(200);
      expect(onThread.headers['content-type']).toMatch(/^application\/json/);
      expect(check('Response', onThread.json())).toEqual([]);
      expect(withoutIds(onThread.json())).toEqual(withoutIds(inline.json()));
      // the counts read what was recorded: one card per rule, as answered
      const counts = (await threaded.inject({ method: 'GET', url: '/v1/cds-feedback' })).json().rules;
      expect(counts.map((r: { ruleId: string }) => r.ruleId).sort()).toEqual(onThread.json().cards.map((c: any) => c.source.topic.code).sort());
    } finally {
      await threaded.close();
    }
  });

  it('order-sign of 77003 with a primary code that includes guidance: the claim card suggests deleting the draft 77003 order', async () => {
    const tfesi = readFileSync(join(root, 'test', 'fixtures', 'clinical', 'tfesi-77003.txt'), 'utf8');
    const { status, body } = await post('/cds-services/guidelint-order-sign', hookCall('order-sign', orderSignContext('64483', '77003'), { prefetch: { procedureNote: procedureNote(tfesi), draftClaim: null } }));
    expect(status).toBe(200);
    expect(check('Response', body)).toEqual([]);
    const removal = body.cards.filter((c: any) => c.suggestions?.[0].actions[0].type === 'delete');
    expect(removal).toHaveLength(1);
    expect(removal[0].source.topic.code).toBe('guidance-included-in-primary');
    expect(removal[0].suggestions[0].actions).toEqual([{ type: 'delete', description: expect.stringContaining('77003'), resourceId: 'ServiceRequest/draft-1' }]);
  });

  it('no cards when the note documents the guidance, or when no guidance is ordered (without even reading the note)', async () => {
    const fine = await post('/cds-services/guidelint-order-sign', hookCall('order-sign', orderSignContext('20610', '77002'), { prefetch: { procedureNote: procedureNote(kneeText), draftClaim: null } }));
    expect(fine).toEqual({ status: 200, body: { cards: [] } });
    const noGuidance = await post('/cds-services/guidelint-order-sign', hookCall('order-sign', orderSignContext('20610')));
    expect(noGuidance).toEqual({ status: 200, body: { cards: [] } });
    // the published SOAP note at discharge: no needle procedure, nothing to say
    const soap = await post('/cds-services/guidelint-encounter-discharge', hookCall('encounter-discharge', { userId: 'Practitioner/example', patientId: '1288992', encounterId: '89284' }, { prefetch: { procedureNote: soapNote } }));
    expect(soap.status).toBe(200);
    expect(check('Response', soap.body)).toEqual([]);
    expect(soap.body.cards).toEqual([]);
  });

  it('without prefetch, reads the note and the draft claim from the fhirServer with the given bearer token', async () => {
    const { server, seen } = fhirServer({ note: procedureNote(partialText, 'note-42'), claim: sample('claim-example-cms1500-medical.json') });
    const base = await listen(server);
    try {
      const request = hookCall('org.guidelint.procedure-note-sign', { userId: 'Practitioner/example', patientId: 'example', encounterId: 'enc-1', documentId: 'note-42' }, {
        fhirServer: `${base}/fhir`,
        fhirAuthorization: { access_token: 'opaque-ehr-token', token_type: 'Bearer', expires_in: 300, scope: 'user/DocumentReference.read user/Claim.read', subject: 'guidelint' },
      });
      expect(check('Request', request)).toEqual([]);
      const { status, body } = await post('/cds-services/guidelint-note-sign', request);
      expect(status).toBe(200);
      expect(check('Response', body)).toEqual([]);
      expect(seen.map((s) => s.url.split('?')[0]).sort()).toEqual(['/fhir/Claim', '/fhir/DocumentReference/note-42']);
      expect(seen.every((s) => s.headers.authorization === 'Bearer opaque-ehr-token')).toBe(true);
      // the published claim bills 62264, whose descriptor includes its fluoroscopic guidance: the note's
      // missing elements are found all the same
      const rules = body.cards.map((c: any) => c.source.topic.code);
      expect(rules).toContain('images-not-saved');
      // the published SOAP note, read from the server as it is: no needle procedure, no cards
      const soap = fhirServer({ note: soapNote, claim: null });
      const soapBase = await listen(soap.server);
      try {
        const discharge = await post('/cds-services/guidelint-encounter-discharge', hookCall('encounter-discharge', { userId: 'Practitioner/example', patientId: 'example', encounterId: 'enc-1' }, { fhirServer: `${soapBase}/fhir` }));
        expect(discharge).toEqual({ status: 200, body: { cards: [] } });
        expect(soap.seen.map((s) => s.url.split('?')[0]).sort()).toEqual(['/fhir/Claim', '/fhir/DocumentReference']);
      } finally {
        soap.server.close();
      }
    } finally {
      server.close();
    }
  });

  it('412 with an OperationOutcome when the note is neither prefetched nor readable', async () => {
    const missing = await post('/cds-services/guidelint-encounter-discharge', hookCall('encounter-discharge', { userId: 'Practitioner/example', patientId: '1288992', encounterId: '89284' }));
    expect(missing.status).toBe(412);
    expect(check('OperationOutcome', missing.body)).toEqual([]);
    const { server } = fhirServer({ note: soapNote, claim: null, failWith: 503 });
    const base = await listen(server);
    try {
      const down = await post('/cds-services/guidelint-encounter-discharge', hookCall('encounter-discharge', { userId: 'Practitioner/example', patientId: '1288992', encounterId: '89284' }, { fhirServer: `${base}/fhir` }));
      expect(down.status).toBe(412);
      expect(down.body.issue[0].details.text).toBe('the FHIR server answered 503 reading DocumentReference');
    } finally {
      server.close();
    }
    const huge = fhirServer({ note: soapNote, claim: null, padTo: 2 * 1024 * 1024 });
    const hugeBase = await listen(huge.server);
    try {
      const tooLarge = await post('/cds-services/guidelint-encounter-discharge', hookCall('encounter-discharge', { userId: 'Practitioner/example', patientId: '1288992', encounterId: '89284' }, { fhirServer: `${hugeBase}/fhir` }));
      expect(tooLarge.status).toBe(412);
      // the note and the claim are read at once: whichever answer overflows first is named
      expect(tooLarge.body.issue[0].details.text).toMatch(/^the FHIR server's (DocumentReference|Claim) is larger than 1048576 bytes$/);
    } finally {
      huge.server.close();
    }
  });

  it('bad calls are named: wrong hook, unknown service, a note without text', async () => {
    const wrongHook = await post('/cds-services/guidelint-order-sign', hookCall('patient-view', {}));
    expect(wrongHook.status).toBe(400);
    expect(wrongHook.body.issue[0].details.text).toContain('"hook"');
    expect((await post('/cds-services/nope', hookCall('order-sign', {}))).status).toBe(404);
    const noText = await post('/cds-services/guidelint-encounter-discharge', hookCall('encounter-discharge', { patientId: '1' }, { prefetch: { procedureNote: sample('documentreference-example.json') } }));
    expect(noText.status).toBe(422);
    expect(check('OperationOutcome', noText.body)).toEqual([]);
  });

  it('feedback: accepted and overridden outcomes stored, and the rejections counted by rule', async () => {
    expect(cardUuids.length).toBeGreaterThan(0);
    const query = cardUuids.find((c) => c.suggestion)!;
    const rejected = cardUuids.find((c) => c.rule === 'fluoroscopy-time-missing')!;
    const feedback = {
      feedback: [
        { card: query.card, outcome: 'accepted', acceptedSuggestions: [{ id: query.suggestion }], outcomeTimestamp: '2026-12-07T10:05:31Z' },
        { card: rejected.card, outcome: 'overridden', overrideReason: { reason: { system: 'urn:guidelint:cds-override-reason', code: 'finding-incorrect', display: 'The finding is wrong for this note' }, userComment: 'time is on the dose sheet' }, outcomeTimestamp: '2026-12-07T10:06:00Z' },
      ],
    };
    expect(check('Feedback', feedback)).toEqual([]);
    expect(await post('/cds-services/guidelint-order-sign/feedback', feedback)).toEqual({ status: 200, body: { stored: 2, rejected: [] } });
    expect((await post('/cds-services/guidelint-order-sign/feedback', { feedback: [{ card: 'x', outcome: 'ignored', outcomeTimestamp: 'now' }] })).status).toBe(400);

    const counts = (await app.inject({ method: 'GET', url: '/v1/cds-feedback' })).json().rules as { ruleId: string; cards: number; accepted: number; overridden: number; falseAlarms: number; reasons: { code: string; count: number }[] }[];
    expect(counts[0]).toMatchObject({ ruleId: 'fluoroscopy-time-missing', overridden: 1, falseAlarms: 1, reasons: [{ code: 'finding-incorrect', count: 1 }] });
    expect(counts.find((r) => r.ruleId === query.rule)).toMatchObject({ accepted: 1, overridden: 0 });
    // the audit table itself, as a team would query it
    const db = new sqlite.Database(database, { readOnly: true });
    try {
      const rows = db.all('SELECT f.outcome, c.rule_id AS rule, f.reason_code AS reason FROM cds_feedback f JOIN cds_cards c ON c.uuid = f.card ORDER BY f.id');
      expect(rows).toEqual([{ outcome: 'accepted', rule: query.rule, reason: null }, { outcome: 'overridden', rule: 'fluoroscopy-time-missing', reason: 'finding-incorrect' }]);
    } finally {
      db.close();
    }
  });

  it('feedback for a card never issued, or issued by another service, is not stored and is named; the issuing service\'s is', async () => {
    const fresh = cardUuids.find((c) => !c.suggestion && c.rule !== 'fluoroscopy-time-missing')!;
    const discharge = await post('/cds-services/guidelint-encounter-discharge', hookCall('encounter-discharge', { userId: 'Practitioner/example', patientId: '1288992', encounterId: '89284' }, { prefetch: { procedureNote: procedureNote(partialText), draftClaim: null } }));
    const dischargeCard = discharge.body.cards[0] as { uuid: string; source: { topic: { code: string } } };
    const never = crypto.randomUUID();
    const falseAlarm = (card: string) => ({ card, outcome: 'overridden', overrideReason: { reason: { system: 'urn:guidelint:cds-override-reason', code: 'finding-incorrect' } }, outcomeTimestamp: '2026-12-07T11:00:00Z' });
    const counts = async () => new Map(((await app.inject({ method: 'GET', url: '/v1/cds-feedback' })).json().rules as { ruleId: string; overridden: number; falseAlarms: number }[]).map((r) => [r.ruleId, r]));
    const before = await counts();

    const mixed = { feedback: [falseAlarm(never), falseAlarm(dischargeCard.uuid), falseAlarm(fresh.card)] };
    expect(check('Feedback', mixed)).toEqual([]);
    expect(await post('/cds-services/guidelint-order-sign/feedback', mixed)).toEqual({
      status: 200,
      body: { stored: 1, rejected: [{ index: 0, card: never, reason: 'unknown-card' }, { index: 1, card: dischargeCard.uuid, reason: 'other-service' }] },
    });
    const stored = () => {
      const db = new sqlite.Database(database, { readOnly: true });
      try {
        return db.all('SELECT service, card FROM cds_feedback WHERE card IN (?, ?, ?) ORDER BY id', [never, dischargeCard.uuid, fresh.card]);
      } finally {
        db.close();
      }
    };
    expect(stored()).toEqual([{ service: 'guidelint-order-sign', card: fresh.card }]);
    // the figures moved by the one stored item only
    const after = await counts();
    const moved = (rule: string) => after.get(rule)!.falseAlarms - (before.get(rule)?.falseAlarms ?? 0);
    expect(moved(fresh.rule)).toBe(1);
    if (dischargeCard.source.topic.code !== fresh.rule) expect(moved(dischargeCard.source.topic.code)).toBe(0);

    // the discharge card's outcome, sent to the service that issued it, counts
    expect(await post('/cds-services/guidelint-encounter-discharge/feedback', { feedback: [falseAlarm(dischargeCard.uuid)] })).toEqual({ status: 200, body: { stored: 1, rejected: [] } });
    expect(stored()).toEqual([{ service: 'guidelint-order-sign', card: fresh.card }, { service: 'guidelint-encounter-discharge', card: dischargeCard.uuid }]);
    expect((await counts()).get(dischargeCard.source.topic.code)!.falseAlarms).toBe(after.get(dischargeCard.source.topic.code)!.falseAlarms + 1);
  });

  it('feedback finds cards of a database written before the check: its calls are indexed a thousand at a time, none missed', async () => {
    const earlier = join(dir, 'earlier.sqlite');
    const db = new sqlite.Database(earlier);
    const card = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    db.exec(`CREATE TABLE cds_calls (service TEXT NOT NULL, hook_instance TEXT NOT NULL, issued_at TEXT NOT NULL, cards TEXT NOT NULL);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)
      INSERT INTO cds_calls SELECT 'guidelint-order-sign', 'h' || i, '2026-12-01T00:00:00Z', json_array(json_array('00000000-0000-4000-8000-' || printf('%012d', i), 'images-not-saved', 'critical')) FROM n;`);
    db.close();
    const later = await buildServer({ log: false, cds: { database: earlier } });
    try {
      const feedback = { feedback: [1, 1000, 1001, 2500].map((n) => ({ card: card(n), outcome: 'overridden', outcomeTimestamp: '2026-12-07T00:00:00Z' })) };
      const res = await later.inject({ method: 'POST', url: '/cds-services/guidelint-order-sign/feedback', payload: feedback });
      expect(res.json()).toEqual({ stored: 4, rejected: [] });
      expect((await later.inject({ method: 'GET', url: '/v1/cds-feedback' })).json().rules).toEqual([expect.objectContaining({ ruleId: 'images-not-saved', cards: 2500, overridden: 4 })]);
    } finally {
      await later.close();
    }
  });

  it('an audit database of the earlier layout (cds_cards a table) keeps its cards, and a locked database holds up no hook call', async () => {
    const old = join(dir, 'old.sqlite');
    const db = new sqlite.Database(old);
    db.exec(`CREATE TABLE cds_cards (uuid TEXT PRIMARY KEY, service TEXT NOT NULL, hook_instance TEXT NOT NULL, rule_id TEXT NOT NULL, indicator TEXT NOT NULL, issued_at TEXT NOT NULL);
      INSERT INTO cds_cards VALUES ('old-card', 'guidelint-order-sign', 'h0', 'images-not-saved', 'critical', '2026-01-01T00:00:00Z');`);
    const later = await buildServer({ log: false, cds: { database: old } });
    try {
      await later.inject({ method: 'POST', url: '/cds-services/guidelint-order-sign/feedback', payload: { feedback: [{ card: 'old-card', outcome: 'overridden', outcomeTimestamp: '2026-12-07T00:00:00Z' }] } });
      const before = (await later.inject({ method: 'GET', url: '/v1/cds-feedback' })).json().rules;
      expect(before).toEqual([expect.objectContaining({ ruleId: 'images-not-saved', cards: 1, overridden: 1 })]);
      // another process holds the write lock: the calls are answered at once, their cards written once it lets go
      db.exec('BEGIN EXCLUSIVE');
      const request = hookCall('order-sign', orderSignContext('20610', '77002'), { prefetch: { procedureNote: procedureNote(partialText), draftClaim: null } });
      const t0 = performance.now();
      for (let i = 0; i < 3; i++) expect((await later.inject({ method: 'POST', url: '/cds-services/guidelint-order-sign', payload: request })).statusCode).toBe(200);
      await new Promise((done) => setTimeout(done, 600));
      expect(performance.now() - t0).toBeLessThan(4000);
      db.exec('COMMIT');
      const after = (await later.inject({ method: 'GET', url: '/v1/cds-feedback' })).json().rules;
      expect(after.find((r: { ruleId: string }) => r.ruleId === 'images-not-saved').cards).toBe(4);
    } finally {
      db.close();
      await later.close();
    }
  });

  it('without configured keys, a hook call from another machine is refused', async () => {
    const res = await app.inject({ method: 'POST', url: '/cds-services/guidelint-order-sign', payload: hookCall('order-sign', orderSignContext('20610')), remoteAddress: '10.1.2.3' });
    expect(res.statusCode).toBe(403);
    expect(check('OperationOutcome', res.json())).toEqual([]);
  });
});

describe('CDS Hooks: the EHR\'s JWT, verified against its published keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guidelint-cds-jwt-'));
  const publicUrl = 'https://cds.example.org';
  let app: FastifyInstance;
  let jwks: Server;
  let ehrKey: CryptoKey;
  let strangerKey: CryptoKey;

  beforeAll(async () => {
    const ehr = await generateKeyPair('ES384');
    ehrKey = ehr.privateKey;
    strangerKey = (await generateKeyPair('ES384')).privateKey;
    const jwk = { ...(await exportJWK(ehr.publicKey)), kid: 'ehr-1', alg: 'ES384', use: 'sig' };
    jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    const url = await listen(jwks);
    app = await buildServer({ log: false, cds: { database: join(dir, 'cds.sqlite'), jwks: `${url}/.well-known/jwks.json`, issuers: ['https://ehr.example.org'], publicUrl } });
  });
  afterAll(async () => {
    await app.close();
    jwks.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const token = (key: CryptoKey, claims: { aud?: string; iss?: string; exp?: string } = {}) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'ES384', kid: 'ehr-1', typ: 'JWT' })
      .setIssuer(claims.iss ?? 'https://ehr.example.org')
      .setAudience(claims.aud ?? `${publicUrl}/cds-services/guidelint-order-sign`)
      .setIssuedAt()
      .setExpirationTime(claims.exp ?? '4m')
      .setJti(crypto.randomUUID())
      .sign(key);
  const call = async (authorization?: string) => {
    const res = await app.inject({ method: 'POST', url: '/cds-services/guidelint-order-sign', payload: hookCall('order-sign', orderSignContext('20610')), headers: authorization ? { authorization } : {}, remoteAddress: '10.1.2.3' });
    checkAnswer('/cds-services/guidelint-order-sign', res.statusCode, res.json());
    return { status: res.statusCode, body: res.json() };
  };

  it('accepts a call signed by the EHR\'s key for this service, from any address, once', async () => {
    const signed = await token(ehrKey);
    expect(await call(`Bearer ${signed}`)).toEqual({ status: 200, body: { cards: [] } });
    const replay = await call(`Bearer ${signed}`);
    expect(replay.status).toBe(401);
    expect(replay.body.issue[0].details.text).toContain('"jti" was already used');
  });

  it('refuses no token, another key, another audience, another issuer, an expired token', async () => {
    const refusals = [
      await call(),
      await call(`Bearer ${await token(strangerKey)}`),
      await call(`Bearer ${await token(ehrKey, { aud: `${publicUrl}/cds-services/guidelint-encounter-discharge` })}`),
      await call(`Bearer ${await token(ehrKey, { iss: 'https://elsewhere.example.org' })}`),
      await call(`Bearer ${await token(ehrKey, { exp: '-1m' })}`),
    ];
    for (const r of refusals) {
      expect(r.status).toBe(401);
      expect(check('OperationOutcome', r.body)).toEqual([]);
    }
    expect(refusals.map((r) => r.body.issue[0].details.text)).toEqual([
      expect.stringContaining('needs Authorization: Bearer'),
      expect.stringContaining('signature verification failed'),
      expect.stringContaining('"aud"'),
      expect.stringContaining('"iss"'),
      expect.stringContaining('"exp"'),
    ]);
  });
});
