// The library's audit unit: auditRecord(record) gives the row `guidelint audit` writes for the same JSONL line.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditRecord } from '../src/index.js';
import { runAudit } from '../src/audit/run.js';

describe('auditRecord', () => {
  it('gives each record the row the audit writes, error rows included', async () => {
    const records: unknown[] = [
      { id: 'a', text: 'Fluoroscopic guidance was used to place the needle into the L4-5 facet joint. Fluoroscopy time 0.4 minutes.', provider: 'P1' },
      { id: 'b', text: 'Ultrasound guided right IJ line placement, real-time visualization of needle entry, image stored.', claim: { lines: [{ code: '76937' }] } },
      { id: 'c', provider: 'P2' },
      { id: 'd', text: '   ' },
      ['not', 'an', 'object'],
      { id: 'e', text: 'Procedure note.', claim: { lines: 'not lines' } },
    ];
    const dir = mkdtempSync(join(tmpdir(), 'guidelint-record-'));
    const input = join(dir, 'in.jsonl');
    writeFileSync(input, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    await runAudit({ input, out: join(dir, 'out'), quiet: true, reports: false });
    const audited = readFileSync(join(dir, 'out', 'results.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    // named as the audit names a JSONL line without an id (auditRecord's own default is "record N")
    const rows = records.map((r, i) => auditRecord(r, { record: i + 1, name: `line ${i + 1}` }));
    expect(rows).toEqual(audited);
    expect(rows.filter((r) => 'error' in r).map((r) => r.id)).toEqual(['c', 'd', 'line 5', 'e']);
  });
});
