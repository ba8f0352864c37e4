// Notes are protected health information: no error path may quote them. A marker is planted in
// every note that some error path refuses, each path is driven (CLI, library, service, audit of
// files, JSONL and CSV — FHIR, HL7 and plain text), and every byte each one writes (stdout,
// stderr, HTTP bodies, every audit output file) is searched for the marker.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { lint } from '../src/lint.js';
import { buildServer } from '../src/serve/server.js';
import { describeError } from '../src/errors.js';
import { MAX_NOTE_BYTES } from '../src/note/decode.js';

const MARKER = 'ZQX7MARKER';
const note = `Procedure: right knee injection ${MARKER} under fluoroscopy.`;
// a note that lints: its results may show its words (excerpts, evidence), so it holds no marker
const linted = 'Procedure: right knee injection under fluoroscopy.';
const fhir = (base64: string) => JSON.stringify({ resourceType: 'DocumentReference', content: [{ attachment: { contentType: 'text/plain', data: base64 } }] });

/** Every refused note, as bytes: each names the reason it is refused. */
const refused: Record<string, Buffer> = {
  'nul.txt': Buffer.from(`${note}\0 ${MARKER}`),
  'nul-late.txt': Buffer.from(`${note} ${'x'.repeat(20_000)}\0${MARKER}`),
  'not-utf8.txt': Buffer.concat([Buffer.from(note), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from(MARKER)]),
  'bad-utf16.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${MARKER}x`, 'utf16le').subarray(1)]),
  'too-large.txt': Buffer.from(`${note} ${'y'.repeat(MAX_NOTE_BYTES)}`),
  'fhir-json.txt': Buffer.from(`{"resourceType": "DocumentReference", "content": [${MARKER} ${note}]}`),
  'fhir-base64.txt': Buffer.from(fhir(`${MARKER}!!`)),
  'fhir-nul.txt': Buffer.from(fhir(Buffer.from(`${note}\0`).toString('base64'))),
  'hl7-no-obx.txt': Buffer.from(`MSH|^~\\&|EHR|${MARKER}|||20240101||MDM^T02|1|P|2.5\rPID|1||${MARKER}\rTXA|1|${MARKER}\r`),
  'hl7-empty.txt': Buffer.from(`MSH|^~\\&|EHR|${MARKER}|||20240101||MDM^T02|1|P|2.5\rOBX|1|TX|${MARKER}||\r`),
};

const root = mkdtempSync(join(tmpdir(), 'marker-'));

function guidelint(args: string[], input?: Buffer) {
  const r = spawnSync(process.execPath, ['bin/guidelint.js', ...args], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, output: r.stdout + r.stderr };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

beforeAll(() => {
  spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  mkdirSync(join(root, 'notes'));
  for (const [name, bytes] of Object.entries(refused)) writeFileSync(join(root, 'notes', name), bytes);
});

describe('no error path quotes the note', () => {
  it('CLI: each refused file is named with its reason, and the marker appears nowhere', () => {
    for (const name of Object.keys(refused)) {
      const r = guidelint([join(root, 'notes', name)]);
      expect(r.code, name).toBe(2);
      expect(r.output, name).toContain(name);
      expect(r.output, name).not.toContain(MARKER);
    }
    const stdin = guidelint(['--stdin', '--stdin-filename', 'pasted.txt'], refused['nul.txt']);
    expect(stdin.code).toBe(2);
    expect(stdin.output).toMatch(/NUL byte at byte \d+/);
    expect(stdin.output).not.toContain(MARKER);
  });

  it('library: lint() refuses with an InputError that names the reason only', () => {
    const given = [`${note}\0`, `${note}${'z'.repeat(MAX_NOTE_BYTES)}`, 123, null, { text: MARKER }];
    for (const input of given) {
      let error: unknown;
      try {
        lint(input as string);
      } catch (e) {
        error = e;
      }
      expect(error, String(input).slice(0, 20)).toBeInstanceOf(Error);
      expect((error as Error).constructor.name).toBe('InputError');
      expect((error as Error).message).not.toContain(MARKER);
      expect(JSON.stringify(describeError(error))).not.toContain(MARKER);
    }
  });

  describe('service', () => {
    let app: FastifyInstance;
    const log: string[] = [];
    beforeAll(async () => {
      app = await buildServer({ log: (l) => log.push(l), bodyLimit: 4 * MAX_NOTE_BYTES });
    });
    afterAll(() => app.close());

    it('refused notes, FHIR and HL7 bodies get an error that does not quote them', async () => {
      const requests = [
        { payload: { text: `${note}\0` }, status: 422 },
        { payload: { text: `${note}${'z'.repeat(MAX_NOTE_BYTES)}` }, status: 413 },
        { payload: { text: refused['fhir-json.txt'].toString(), input: 'fhir' }, status: 400 },
        { payload: { text: refused['fhir-base64.txt'].toString(), input: 'fhir' }, status: 422 },
        { payload: { text: refused['hl7-no-obx.txt'].toString(), input: 'hl7' }, status: 422 },
      ];
      for (const { payload, status } of requests) {
        const res = await app.inject({ method: 'POST', url: '/v1/lint', payload });
        expect(res.statusCode, res.body.slice(0, 200)).toBe(status);
        expect(res.body).not.toContain(MARKER);
      }
      expect(log.join('\n')).not.toContain(MARKER);
    });
  });

  it('audit: error rows and every output file name the record, never its text', () => {
    const jsonl = [
      JSON.stringify({ id: 'a', text: `${note}\0` }),
      `{"id": "b", "text": "${MARKER} unterminated`,
      JSON.stringify({ id: 'c', text: `${note}${'z'.repeat(MAX_NOTE_BYTES + 10)}` }),
      JSON.stringify({ id: 'd', text: linted }),
    ].join('\n');
    writeFileSync(join(root, 'notes.jsonl'), jsonl);
    const csv = Buffer.concat([Buffer.from(`enc,note_text\n1,"${linted}"\n2,"`), Buffer.from([0xff]), Buffer.from(`${MARKER}"\n3,"${note}\0"\n`)]);
    writeFileSync(join(root, 'notes.csv'), csv);
    const runs = [
      ['audit', join(root, 'notes'), '--out', join(root, 'out-files'), '-q'],
      ['audit', join(root, 'notes.jsonl'), '--out', join(root, 'out-jsonl'), '-q'],
      ['audit', join(root, 'notes.csv'), '--text-column', 'note_text', '--id-column', 'enc', '--out', join(root, 'out-csv'), '-q'],
    ];
    for (const args of runs) {
      const r = guidelint(args);
      expect(r.output, args[1]).not.toContain(MARKER);
      const out = args[args.indexOf('--out') + 1];
      const files = filesUnder(out);
      expect(files.some((f) => f.endsWith('results.jsonl'))).toBe(true);
      for (const f of files) expect(readFileSync(f).includes(MARKER), f).toBe(false);
      const rows = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(rows.filter((row) => row.error).length, args[1]).toBeGreaterThan(0);
    }
  });
});
