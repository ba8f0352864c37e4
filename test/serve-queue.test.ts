// The bound on requests waiting for a lint thread (serve --max-queue). The lint thread is held
// busy by holding its tasks before they reach it (piscina's run, for the lint pool only), so
// which requests wait and which are refused depends on no timing.
import { describe, it, expect, vi, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { buildServer } from '../src/serve/server.js';
import { lint } from '../src/lint.js';

const hold = vi.hoisted(() => ({ gate: undefined as Promise<void> | undefined, held: 0 }));
vi.mock('piscina', async (importOriginal) => {
  const real = await importOriginal<typeof import('piscina')>();
  class HeldPiscina<T, R> extends real.Piscina<T, R> {
    override async run(task: T, options?: Parameters<InstanceType<typeof real.Piscina>['run']>[1]): Promise<R> {
      if (hold.gate && String(this.options.filename).includes('lint-worker')) {
        hold.held++;
        await hold.gate;
      }
      return super.run(task, options);
    }
  }
  return { ...real, Piscina: HeldPiscina };
});

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
