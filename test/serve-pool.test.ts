import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildServer } from '../src/serve/server.js';
import { lint } from '../src/lint.js';

describe('serve with lint workers', () => {
  it('lints on a worker thread to the same result as in-process, and still answers 422 for a bad claim', async () => {
    const app = await buildServer({ log: false, threads: 1 });
    try {
      const text = readFileSync('test/fixtures/notes/knee-compliant.txt', 'utf8');
      const res = await app.inject({ method: 'POST', url: '/v1/lint', payload: { text } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(JSON.parse(JSON.stringify(lint(text, { filename: '<request>' }))));
      const bad = await app.inject({ method: 'POST', url: '/v1/lint', payload: { text, claim: { lines: [{ code: '77' }] } } });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().field).toBe('claim/lines/0/code');
    } finally {
      await app.close();
    }
  });
});

describe('requests waiting for a lint thread', () => {
  it('are linted in the order they came, however many wait', async () => {
    const app = await buildServer({ log: false, threads: 1 });
    try {
      const text = readFileSync('test/fixtures/notes/knee-compliant.txt', 'utf8');
      const finished: number[] = [];
      // forty at once on one thread: piscina's own queue sent a waiting request to its back each
      // time the thread came free, so some finished long after requests that came later
      await Promise.all(Array.from({ length: 40 }, (_, i) => app.inject({ method: 'POST', url: '/v1/lint', payload: { text } }).then((res) => {
        expect(res.statusCode).toBe(200);
        finished.push(i);
      })));
      expect(finished).toEqual([...finished].sort((a, b) => a - b));
    } finally {
      await app.close();
    }
  }, 60_000);
});

describe('the lint time budget', () => {
  it('stops a lint past its budget with a 503, replaces the thread and goes on answering', async () => {
    // a 1 ms budget: no thread lints a note of a megabyte that fast
    const app = await buildServer({ log: false, threads: 1, lintTimeout: 1, bodyLimit: 4 * 1024 * 1024 });
    try {
      const text = readFileSync('test/fixtures/notes/knee-compliant.txt', 'utf8');
      const big = text.repeat(Math.ceil(1_000_000 / text.length));
      for (let i = 0; i < 2; i++) {
        const res = await app.inject({ method: 'POST', url: '/v1/lint', headers: { 'content-type': 'text/plain' }, payload: big });
        expect(res.statusCode).toBe(503);
        expect(res.json()).toMatchObject({ error: 'lint-timeout', message: expect.stringContaining('1 ms budget') });
        expect(res.body).not.toContain(text.slice(0, 40));
        expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      }
    } finally {
      await app.close();
    }
  }, 60_000);
});

