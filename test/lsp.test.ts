// `guidelint lsp` driven through the protocol as an editor drives it: the real binary spawned, a
// JSON-RPC client on its stdio, a note opened, edited, fixed with a code action, hovered, closed.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  DiagnosticSeverity,
  type CodeAction,
  type Diagnostic,
  type Hover,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type InitializeResult,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lint, noteSections } from '../src/lint.js';
import { isPrompt, promptInsertion } from '../src/lsp/prompts.js';
import type { Message } from '../src/types.js';
import { ruleById } from '../src/rules/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const landmark = readFileSync(join(root, 'test/fixtures/notes/knee-landmark.txt'), 'utf8');
// fluoroscopy guided the needle, and nothing else of the guidance is documented
const partial = 'PROCEDURE: Right knee injection.\r\n\r\nTECHNIQUE: Under intermittent fluoroscopy a 22-gauge needle was advanced\r\ninto the lateral patellofemoral joint. 40 mg triamcinolone injected.\r\n\r\nNo complications.\r\n';

describe('guidelint lsp over stdio', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guidelint-lsp-'));
  const badDir = mkdtempSync(join(tmpdir(), 'guidelint-lsp-bad-'));
  const notePath = join(dir, 'knee.txt');
  const uri = pathToFileURL(notePath).href;
  let server: ChildProcess;
  let client: ProtocolConnection;
  let stderr = '';
  const published: PublishDiagnosticsParams[] = [];
  const waiting: (() => void)[] = [];

  /** The diagnostics published for this version of the document (waits for them). */
  async function diagnostics(forUri: string, version: number): Promise<Diagnostic[]> {
    for (;;) {
      const found = published.find((p) => p.uri === forUri && p.version === version);
      if (found) return found.diagnostics;
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  }

  const offsetsOf = (text: string, d: Diagnostic) => {
    const doc = TextDocument.create(uri, 'plaintext', 0, text);
    return [doc.offsetAt(d.range.start), doc.offsetAt(d.range.end)];
  };

  beforeAll(async () => {
    // the institution requires the fluoroscopy time: its guidelint.yaml is found beside the note
    writeFileSync(join(dir, 'guidelint.yaml'), 'rules:\n  fluoroscopy-time-missing: error\n');
    writeFileSync(join(badDir, 'guidelint.yaml'), 'rules:\n  no-such-rule: error\n');
    server = spawn(process.execPath, [join(root, 'bin/guidelint.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    server.stderr!.on('data', (b: Buffer) => { stderr += b; });
    client = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      published.push(p);
      for (const resolve of waiting.splice(0)) resolve();
    });
    client.listen();
  });

  afterAll(() => {
    client?.dispose();
    if (server && server.exitCode === null) server.kill();
  });

  it('initializes with incremental sync, quick fixes and hover', async () => {
    const init: InitializeResult = await client.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
    expect(init.capabilities.textDocumentSync).toBe(2);
    expect(init.capabilities.hoverProvider).toBe(true);
    expect(init.capabilities.codeActionProvider).toEqual({ codeActionKinds: ['quickfix'] });
    await client.sendNotification('initialized', {});
  });

  it('on open, a landmark note gets a calm warning at the landmark words, not an error', async () => {
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text: landmark } });
    const got = await diagnostics(uri, 1);
    const expected = lint(landmark).messages;
    expect(got.map((d) => d.code)).toEqual(expected.map((m) => m.ruleId));
    expect(got.some((d) => d.severity === DiagnosticSeverity.Error)).toBe(false);
    const finding = got.find((d) => d.code === 'landmark-technique')!;
    expect(finding.severity).toBe(DiagnosticSeverity.Warning);
    expect(finding.source).toBe('guidelint');
    const m = expected.find((e) => e.ruleId === 'landmark-technique')!;
    expect(offsetsOf(landmark, finding)).toEqual([m.offset, m.endOffset]);
    // the docs link is the rule's section of the README the server ships with
    const href = finding.codeDescription!.href;
    expect(href).toMatch(/README\.md#rule-landmark-technique$/);
    expect(existsSync(fileURLToPath(href.replace(/#.*/, '')))).toBe(true);
  });

  it('after typing pauses, an edit is linted once, for its last version, with the config applied', async () => {
    // three edits in a row, as keystrokes arrive: only the last is checked
    const halfway = partial.slice(0, 60);
    for (const [version, text] of [[2, halfway], [3, halfway + partial.slice(60, 90)], [4, partial]] as const) {
      await client.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    }
    const got = await diagnostics(uri, 4);
    expect(published.filter((p) => p.uri === uri).map((p) => p.version)).toEqual([1, 4]);

    const expected = lint(partial, { config: { rules: { 'fluoroscopy-time-missing': 'error' } } }).messages;
    expect(got.map((d) => d.code)).toEqual(expected.map((m) => m.ruleId));
    for (const [i, m] of expected.entries()) {
      expect(offsetsOf(partial, got[i])).toEqual([m.offset, m.endOffset]);
      expect(got[i].severity).toBe({ error: 1, warning: 2, info: 3 }[m.severity]);
    }
    expect(got.find((d) => d.code === 'images-not-saved')!.severity).toBe(DiagnosticSeverity.Error);
    // raised from warning by the guidelint.yaml beside the note
    expect(got.find((d) => d.code === 'fluoroscopy-time-missing')!.severity).toBe(DiagnosticSeverity.Error);
  });

  it('a quick fix adds the blank prompt at the end of the technique section; applied, its diagnostic goes', async () => {
    const before = await diagnostics(uri, 4);
    const target = before.find((d) => d.code === 'images-not-saved')!;
    const actions: CodeAction[] = await client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: target.range, context: { diagnostics: [target] } });
    const prompt = ruleById.get('images-not-saved')!;
    const fix = actions.find((a) => a.diagnostics?.[0].code === 'images-not-saved')!;
    expect(fix.kind).toBe('quickfix');
    // advice ("remove the code") is not offered as note text: each action is an element's or technique's prompt
    expect(actions.every((a) => a.edit?.changes?.[uri]?.[0].newText.includes('___'))).toBe(true);

    const doc = TextDocument.create(uri, 'plaintext', 4, partial);
    const [edit] = fix.edit!.changes![uri];
    const fixed = TextDocument.applyEdits(doc, [edit]);
    // on its own line (the note's CRLF), right after the technique section's last sentence
    expect(fixed).toBe(partial.replace('triamcinolone injected.', `triamcinolone injected.\r\n${lint(partial).messages.find((m) => m.ruleId === prompt.id)!.suggestion}`));

    await client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ range: edit.range, text: edit.newText }] });
    const after = await diagnostics(uri, 5);
    expect(after.map((d) => d.code)).not.toContain('images-not-saved');
    // what is left to do is fill the blanks: each is flagged where it stands
    const blanks = after.filter((d) => d.code === 'template-placeholder');
    expect(blanks.length).toBeGreaterThan(0);
    for (const b of blanks) expect(fixed.slice(...offsetsOf(fixed, b))).toMatch(/^_+$/);
    expect(after.map((d) => d.code)).toContain('interpretation-missing');
  });

  it('hover on a finding shows its evidence and the rule explanation', async () => {
    const current = await diagnostics(uri, 5);
    const finding = current.find((d) => d.code === 'needle-confirmation-missing')!;
    const hover: Hover = await client.sendRequest('textDocument/hover', { textDocument: { uri }, position: finding.range.start });
    const value = (hover.contents as { kind: string; value: string }).value;
    expect((hover.contents as { kind: string }).kind).toBe('markdown');
    expect(value).toContain('“intermittent fluoroscopy”');
    expect(value).toContain(ruleById.get('needle-confirmation-missing')!.docs.what);
    expect(value).toMatch(/not supported \(77002\)/);
    // away from any finding there is nothing to show
    const none = await client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
    expect(none).toBeNull();
  });

  it('a guidelint.yaml it cannot use is named at the top of the note, which is still linted', async () => {
    const badUri = pathToFileURL(join(badDir, 'note.txt')).href;
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri: badUri, languageId: 'plaintext', version: 1, text: landmark } });
    const got = await diagnostics(badUri, 1);
    expect(got[0]).toMatchObject({ code: 'config', severity: DiagnosticSeverity.Error, range: { start: { line: 0, character: 0 } } });
    expect(got[0].message).toContain(join(badDir, 'guidelint.yaml'));
    expect(got[0].message).toContain('no-such-rule');
    expect(got.map((d) => d.code)).toContain('landmark-technique');
  });

  it('closing clears the diagnostics; shutdown and exit end the process cleanly, without a word of the note on stderr', async () => {
    await client.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await new Promise<void>((resolve) => {
      const cleared = () => published.some((p) => p.uri === uri && p.version === undefined && p.diagnostics.length === 0);
      if (cleared()) resolve();
      else waiting.push(function again() { if (cleared()) resolve(); else waiting.push(again); });
    });
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    await client.sendRequest('shutdown');
    await client.sendNotification('exit');
    expect(await exited).toBe(0);
    expect(stderr).not.toContain('triamcinolone');
    expect(stderr).not.toContain('palpation');
  });
});

describe('where a blank prompt goes', () => {
  it('at the end of the imaging-guidance section when the note has one, whatever the finding points at', () => {
    const note = 'PROCEDURE: Right knee injection under fluoroscopy.\n\nIMAGING GUIDANCE: Fluoroscopy. Final needle position confirmed on AP view.\n\nTECHNIQUE: 22-gauge needle advanced into the joint.\n';
    const result = lint(note);
    const missing = result.messages.find((m) => m.ruleId === 'images-not-saved');
    expect(missing && isPrompt(missing)).toBe(true);
    const at = promptInsertion(note, noteSections(note), result, missing as Message & { suggestion: string });
    expect(note.slice(0, at.offset).endsWith('confirmed on AP view.')).toBe(true);
    expect(at.text).toBe(`\n${missing!.suggestion}`);
  });

  it('advice is not a prompt: a landmark finding offers nothing to insert', () => {
    const m = lint(landmark).messages.find((x) => x.ruleId === 'landmark-technique')!;
    expect(m.suggestion).toBeTruthy();
    expect(isPrompt(m)).toBe(false);
  });
});
