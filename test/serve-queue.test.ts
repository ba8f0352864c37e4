// The bound on requests waiting for a lint thread (serve --max-queue). The lint thread is held
// busy by holding its tasks before they reach it (piscina's run, for the lint pool only), so
// which requests wait and which are refused depends on no timing.
import { describe, it, expect, vi, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, request as httpRequest, type ClientRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import PQueue from 'p-queue';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildServer } from '../src/serve/server.js';
import { lint } from '../src/lint.js';

const hold = vi.hoisted(() => ({
  gate: undefined as Promise<void> | undefined,
  held: 0,
  /** once set, a task that came back from the thread waits here before its answer goes on */
  after: undefined as Promise<void> | undefined,
  /** each task the thread was given: its filename, and whether it came back linted */
  ran: [] as { filename?: string; linted: boolean }[],
}));
vi.mock('piscina', async (importOriginal) => {
  const real = await importOriginal<typeof import('piscina')>();
  class HeldPiscina<T, R> extends real.Piscina<T, R> {
    override async run(task: T, options?: Parameters<InstanceType<typeof real.Piscina>['run']>[1]): Promise<R> {
      if (!String(this.options.filename).includes('lint-worker')) return super.run(task, options);
      if (hold.gate) {
        hold.held++;
        await hold.gate;
      }
      const result = await super.run(task, options);
      hold.ran.push({ filename: (task as { filename?: string }).filename, linted: result !== undefined });
      if (hold.after) await hold.after;
      return result;
    }
  }
  return { ...real, Piscina: HeldPiscina };
});
// jobs taken into the lint queue (rather than refused)
const queued = vi.spyOn(PQueue.prototype, 'add');
const until = async (done: () => boolean) => {
  while (!done()) await new Promise((next) => setImmediate(next));
};

const fixtures = join('test', 'fixtures', 'clinical');
const text = readFileSync(join(fixtures, 'knee-fluoro.txt'), 'utf8');
const docref = JSON.parse(readFileSync(join(fixtures, 'knee-fluoro.docref.json'), 'utf8'));
const hookCall = {
  hook: 'order-sign',
  hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
  context: { userId: 'Practitioner/example', patientId: '1288992', encounterId: '89284', draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'ServiceRequest', status: 'draft', intent: 'order', code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '77002' }] } } }] } },
  prefetch: { procedureNote: docref, draftClaim: null },
};
const ROUTES = [
  { url: '/v1/lint', payload: { text } },
  { url: '/v1/query', payload: { text } },
  { url: '/cds-services/guidelint-order-sign', payload: hookCall },
];

describe('the lint queue bound (--max-queue)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guidelint-queue-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('past it, a request is answered at once with 503 and Retry-After in its route\'s error shape; the admitted ones are answered in full, and the server goes on', async () => {
    // one thread has two requests in hand (one running, one handed over), and two may wait
    const app = await buildServer({ log: false, threads: 1, maxQueue: 2, cds: { database: join(dir, 'cds.sqlite') } });
    try {
      let release!: () => void;
      hold.gate = new Promise<void>((done) => (release = done));
      // five of each route: only four can be taken in. A hook call first, on the thread before the
      // rest are sent (it reads its input longer, so the others would overtake it), then the rest at once
      const sent = [ROUTES[2], ...Array.from({ length: 14 }, (_, i) => ROUTES[i % 3])];
      const answers: (LightMyRequestResponse | undefined)[] = [];
      let refused!: () => void;
      const allRefused = new Promise<void>((done) => (refused = done));
      const send = (i: number) => app.inject({ method: 'POST', url: sent[i].url, payload: sent[i].payload }).then((res) => {
        answers[i] = res;
        if (answers.filter(Boolean).length === sent.length - 4) refused();
        return res;
      });
      const all = [send(0)];
      while (hold.held === 0) await new Promise((next) => setImmediate(next));
      for (let i = 1; i < sent.length; i++) all.push(send(i));
      // the refusals come back while the thread is still held: nothing waited for it
      await allRefused;
      expect(hold.held).toBe(2);
      const refusedAt = answers.flatMap((res, i) => (res ? [i] : []));
      expect(refusedAt).toHaveLength(11);
      for (const i of refusedAt) {
        const res = answers[i]!;
        expect(res.statusCode).toBe(503);
        expect(res.headers['retry-after']).toBe('1');
        expect(res.body).not.toContain(text.split('\n')[2]);
        if (sent[i].url.startsWith('/v1/')) {
          expect(res.json()).toEqual({ statusCode: 503, error: 'queue-full', message: expect.stringContaining('--max-queue') });
        } else {
          expect(res.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: 'queue-full' }] });
        }
      }
      expect(new Set(refusedAt.map((i) => sent[i].url))).toEqual(new Set(ROUTES.map((r) => r.url)));

      // let the thread go: the four taken in are answered as each route answers one request alone
      release();
      hold.gate = undefined;
      const done = await Promise.all(all);
      const withoutIds = (body: string) => JSON.parse(body.replace(/"uuid":"[^"]+"/g, '"uuid":""'));
      const alone = await Promise.all(ROUTES.map(async (r) => withoutIds((await app.inject({ method: 'POST', url: r.url, payload: r.payload })).body)));
      expect(alone[0]).toEqual(JSON.parse(JSON.stringify(lint(text, { filename: '<request>' }))));
      const admitted = [...done.keys()].filter((i) => !refusedAt.includes(i));
      expect(admitted).toHaveLength(4);
      for (const i of admitted) {
        expect(done[i].statusCode).toBe(200);
        expect(withoutIds(done[i].body)).toEqual(alone[ROUTES.indexOf(sent[i])]);
      }

      // and it goes on serving (those three above), the refusals counted on /healthz
      expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toMatchObject({ status: 'ok', queueFull: 11 });
    } finally {
      hold.gate = undefined;
      await app.close();
    }
  }, 60_000);
});

// the note without its saved images and fluoroscopy time: cards to answer
const partial = text.split('\n').filter((l) => !/archived to PACS|FLUOROSCOPY TIME/.test(l)).join('\n');
const partialDocref = { ...docref, id: 'note-1', content: [{ attachment: { ...docref.content[0].attachment, data: Buffer.from(partial).toString('base64') } }] };

/** A FHIR server on loopback serving one DocumentReference and no draft claim; it answers once `open` resolves. */
function fhirStub(open: Promise<void>) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(new URL(req.url!, 'http://x').pathname);
    void open.then(() => {
      const body = req.url!.startsWith('/fhir/DocumentReference/') ? partialDocref : { resourceType: 'Bundle', type: 'searchset', total: 0, entry: [] };
      res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(JSON.stringify(body));
    });
  });
  const base = new Promise<string>((done) => server.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`)));
  return { server, seen, base };
}
const noteSignCall = (fhirServer: string) => ({
  hook: 'org.guidelint.procedure-note-sign',
  hookInstance: crypto.randomUUID(),
  context: { userId: 'Practitioner/example', patientId: 'synthetic-1', encounterId: 'enc-1', documentId: 'note-1' },
  fhirServer,
  fhirAuthorization: { access_token: 'opaque', token_type: 'Bearer', expires_in: 300, scope: 'user/DocumentReference.read', subject: 'guidelint' },
});

describe('a hook call that reads its note from the EHR\'s FHIR server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guidelint-queue-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is refused by a full queue before it reads anything, and holds its place in the queue while it reads', async () => {
    const app = await buildServer({ log: false, threads: 1, maxQueue: 1, cds: { database: join(dir, 'cds.sqlite') } });
    let answer!: () => void;
    const fhir = fhirStub(new Promise<void>((done) => (answer = done)));
    const call = noteSignCall(await fhir.base);
    const hookCall = () => app.inject({ method: 'POST', url: '/cds-services/guidelint-note-sign', payload: call });
    const lintCall = () => app.inject({ method: 'POST', url: '/v1/lint', payload: { text } });
    try {
      let release!: () => void;
      hold.gate = new Promise<void>((done) => (release = done));
      hold.held = 0;
      queued.mockClear();
      // two in the thread's hands, one waiting: full
      const taken = [lintCall()];
      await until(() => hold.held === 1);
      taken.push(lintCall(), lintCall());
      await until(() => queued.mock.calls.length === 3);
      const refused = await hookCall();
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ diagnostics: 'queue-full' }] });
      expect(fhir.seen).toEqual([]);

      // drained, the same call is let in: it reads the note, lints it and answers cards
      release();
      hold.gate = undefined;
      for (const res of await Promise.all(taken)) expect(res.statusCode).toBe(200);
      const reading = hookCall();
      await until(() => fhir.seen.length === 2);
      expect(fhir.seen.sort()).toEqual(['/fhir/Claim', '/fhir/DocumentReference/note-1']);
      // while it reads, its place is taken: the thread's two and the one place are all in use
      hold.gate = new Promise<void>((done) => (release = done));
      hold.held = 0;
      const behind = [lintCall(), lintCall()];
      await until(() => hold.held === 2);
      const third = await lintCall();
      expect(third.statusCode).toBe(503);
      expect(third.json()).toMatchObject({ error: 'queue-full' });
      answer();
      release();
      hold.gate = undefined;
      const answered = await reading;
      expect(answered.statusCode).toBe(200);
      expect(answered.json().cards.map((c: { source: { topic: { code: string } } }) => c.source.topic.code)).toContain('images-not-saved');
      for (const res of await Promise.all(behind)) expect(res.statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toMatchObject({ queueFull: 2, queueAbandoned: 0 });
    } finally {
      hold.gate = undefined;
      fhir.server.close();
      await app.close();
    }
  }, 60_000);
});

describe('a request whose client leaves while it waits for a lint thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guidelint-queue-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A POST on a connection of its own; resolves to its status and body, or to 'closed' once destroyed. */
  const post = (app: FastifyInstance, url: string, payload: object) => {
    const { port } = app.server.address() as AddressInfo;
    const body = JSON.stringify(payload);
    let req!: ClientRequest;
    const answer = new Promise<{ status: number; body: string } | 'closed'>((done) => {
      req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: url, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', () => done('closed'));
      req.end(body);
    });
    return { req, answer };
  };

  it('is dropped unlinted, its place freed at once and counted on /healthz; a started one runs to its end; the others are answered in full', async () => {
    const app = await buildServer({ log: false, threads: 1, maxQueue: 3, cds: { database: join(dir, 'cds.sqlite') } });
    const serverSockets: Socket[] = [];
    app.server.on('connection', (s: Socket) => serverSockets.push(s));
    await app.listen({ port: 0, host: '127.0.0.1' });
    /** closes the client's connection, resolving once the server has seen it close */
    const leave = async ({ req }: { req: ClientRequest }) => {
      const server = serverSockets.find((s) => s.remotePort === req.socket!.localPort)!;
      const closed = new Promise((done) => server.once('close', done));
      req.destroy();
      await closed;
    };
    const health = async () => (await app.inject({ method: 'GET', url: '/healthz' })).json();
    const lintOf = (filename: string) => post(app, '/v1/lint', { text, filename });
    try {
      let release!: () => void;
      hold.gate = new Promise<void>((done) => (release = done));
      hold.held = 0;
      hold.ran = [];
      queued.mockClear();
      // a and b in the thread's hands (held before it starts them), c, d (a hook call) and e waiting: full
      const a = lintOf('a.txt');
      await until(() => hold.held === 1);
      const b = lintOf('b.txt');
      await until(() => hold.held === 2);
      const c = lintOf('c.txt');
      await until(() => queued.mock.calls.length === 3);
      const d = post(app, '/cds-services/guidelint-order-sign', hookCall);
      await until(() => queued.mock.calls.length === 4);
      const e = lintOf('e.txt');
      await until(() => queued.mock.calls.length === 5);
      expect(await lintOf('f.txt').answer).toMatchObject({ status: 503 });

      // b (handed to the thread, not started) and d (in line) leave: both places free at once,
      // c moving up into b's
      await leave(b);
      await leave(d);
      expect(await health()).toMatchObject({ queueFull: 1, queueAbandoned: 2 });
      await until(() => hold.held === 3);
      const g = lintOf('g.txt');
      await until(() => queued.mock.calls.length === 6);
      const h = lintOf('h.txt');
      await until(() => queued.mock.calls.length === 7);
      expect(await lintOf('i.txt').answer).toMatchObject({ status: 503 });

      // the thread goes: a runs, and its client leaves once it has: it is not dropped
      let go!: () => void;
      hold.after = new Promise<void>((done) => (go = done));
      release();
      hold.gate = undefined;
      await until(() => hold.ran.some((r) => r.filename === 'a.txt'));
      await leave(a);
      go();
      hold.after = undefined;
      const answered = await Promise.all([c, e, g, h].map((r) => r.answer));
      for (const [i, name] of ['c.txt', 'e.txt', 'g.txt', 'h.txt'].entries()) {
        expect(answered[i]).toMatchObject({ status: 200 });
        expect(JSON.parse((answered[i] as { body: string }).body)).toEqual(JSON.parse(JSON.stringify(lint(text, { filename: name }))));
      }
      expect(await Promise.all([a, b, d].map((r) => r.answer))).toEqual(['closed', 'closed', 'closed']);
      // what the thread linted: a, c, e, g, h; b was handed to it and skipped, d never reached it
      expect(hold.ran.filter((r) => r.linted).map((r) => r.filename).sort()).toEqual(['a.txt', 'c.txt', 'e.txt', 'g.txt', 'h.txt']);
      expect(hold.ran.filter((r) => !r.linted).map((r) => r.filename)).toEqual(['b.txt']);
      expect(await health()).toMatchObject({ queueFull: 2, queueAbandoned: 2 });
    } finally {
      hold.gate = undefined;
      hold.after = undefined;
      await app.close();
    }
  }, 60_000);
});
