import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpoolIndex } from '../src/audit/spool.js';

describe('worker --finalize reads the workers\' rows by offset (SpoolIndex)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spool-'));
  const line = (record: number, extra = '') => JSON.stringify({ record, id: `n${record}`, extra }) + '\n';

  it('gives every record once, in record order, across files; a torn last line is skipped, a repeat counted', async () => {
    const a = join(dir, 'a.rows.jsonl');
    const b = join(dir, 'b.rows.jsonl');
    // worker a ran batches 3-4 then 1-2; worker b ran 1-2 again (a batch taken over) and was killed mid-line
    writeFileSync(a, line(3, 'é—multi-byte') + line(4) + line(1) + line(2));
    writeFileSync(b, line(1, 'again') + line(2) + '{"record":5,"id":"n5","ex');
    const index = new SpoolIndex(5);
    await index.add(a);
    await index.add(b);
    expect(index.count).toBe(4);
    expect(index.duplicates).toBe(2);
    expect([...index.read([5])]).toEqual([null]);
    const rows = [...index.found<{ record: number; extra: string }>()];
    expect(rows.map((r) => r.record)).toEqual([1, 2, 3, 4]);
    expect(rows[0].extra).toBe(''); // the first file's row is kept
    expect(rows[2].extra).toBe('é—multi-byte');
    expect([...index.read<{ record: number }>([2, 5, 4])].map((r) => r?.record ?? null)).toEqual([2, null, 4]);
  });

  it('names the file and line of a record outside the input', async () => {
    const c = join(dir, 'c.rows.jsonl');
    writeFileSync(c, line(1) + line(9));
    await expect(new SpoolIndex(3).add(c)).rejects.toThrow(/c\.rows\.jsonl, line 2: record 9 is not one of the input's 3/);
  });
});
