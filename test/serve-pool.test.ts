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
