import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, copyFileSync, mkdirSync, cpSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractValidator } from './helpers.js';

const NOTE = 'test/fixtures/notes/knee-compliant.txt';
const root = process.cwd();

function guidelint(args: string[], input?: string, cwd?: string) {
  const r = spawnSync(process.execPath, [join(root, 'bin/guidelint.js'), ...args], { input, encoding: 'utf8', cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
});

describe('guidelint CLI', () => {
  it('prints one schema-valid JSON line per note with --format jsonl', () => {
    const r = guidelint(['--format', 'jsonl', 'corpus/dev']);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(100);
    const valid = contractValidator('result');
    for (const l of lines) expect(valid(JSON.parse(l))).toBe(true);
    expect([0, 1]).toContain(r.code);
  });

  it('stylish output shows line:col, severity, message and rule id, and a summary line', () => {
    const r = guidelint(['--stdin', '--stdin-filename', 'partial.txt'], 'Under fluoroscopy a needle was placed into the right knee joint.');
    expect(r.stdout).toMatch(/^\s+1:7\s+error\s+.+images-not-saved$/m);
    expect(r.stdout).toMatch(/1 note: \d+ problems? \(\d+ errors?, \d+ warnings?\)/);
    expect(r.code).toBe(1);
  });

  it('a landmark note is a warning, not an error (contract of 2026-12-07): exit 0', () => {
    const r = guidelint(['test/fixtures/notes/knee-landmark.txt']);
    expect(r.stdout).toMatch(/^\s+\d+:\d+\s+warning\s+.+landmark-technique$/m);
    // the note's line says what it can support, calmly: not "not supported"
    expect(r.stdout).toContain('knee-landmark.txt  — landmark, cannot support a guidance code\n');
    expect(r.code).toBe(0);
  });

  it('lints the good notes of a directory holding a binary file, names the bad one and exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guidelint-'));
    copyFileSync(NOTE, join(dir, 'good.txt'));
    writeFileSync(join(dir, 'scan.txt'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0xff]));
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'latin1.txt'), Buffer.from('caf\xe9 knee injection', 'latin1'));
    const r = guidelint(['--format', 'jsonl', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout).source).toBe(join(dir, 'good.txt'));
    expect(r.stderr).toContain(`${join(dir, 'scan.txt')}: binary file`);
    expect(r.stderr).toContain(`${join(dir, 'empty.txt')}: empty file`);
    expect(r.stderr).toContain(`${join(dir, 'latin1.txt')}: not valid UTF-8`);
  });

  it('reads stdin with --stdin-filename', () => {
    const r = guidelint(['--stdin', '--stdin-filename', 'pasted.txt', '--format', 'json'], 'Right knee injected using palpation of landmarks.');
    const out = JSON.parse(r.stdout);
    expect(out.results[0].source).toBe('pasted.txt');
    expect(out.results[0].documentation.technique).toBe('landmark');
    expect(r.code).toBe(0);
  });

  it('picks up a claim sidecar, and takes claim lines from --cpt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guidelint-'));
    copyFileSync(NOTE, join(dir, 'n.txt'));
    writeFileSync(join(dir, 'n.claim.json'), JSON.stringify({ placeOfService: '11', lines: [{ code: '77002' }] }));
    const side = JSON.parse(guidelint(['--format', 'json', join(dir, 'n.txt')]).stdout).results[0];
    expect(side.claim.action).toBe('remove');
    expect(side.messages.map((m: { ruleId: string }) => m.ruleId)).toContain('addon-without-primary');
    const flags = JSON.parse(guidelint(['--format', 'json', '--cpt', '20610-RT,77002-26', '--dx', 'M17.11', '--pos', '22', NOTE]).stdout).results[0];
    expect(flags.claim).toEqual({ action: 'bill', recommendedCode: '77002' });
  });

  it('an invalid claim sidecar is an error naming the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guidelint-'));
    copyFileSync(NOTE, join(dir, 'n.txt'));
    writeFileSync(join(dir, 'n.claim.json'), JSON.stringify({ lines: [{ code: '7700' }] }));
    const r = guidelint([join(dir, 'n.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(join(dir, 'n.claim.json'));
    expect(r.stderr).toContain('/lines/0/code');
  });

  it('a config sets severities; an unknown rule or value is a clear error with exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guidelint-'));
    const cfg = join(dir, 'guidelint.yaml');
    writeFileSync(cfg, 'rules:\n  fluoroscopy-time-missing: error\n  guidance-section-missing: "off"\n');
    const note = join(dir, 'n.txt');
    writeFileSync(note, 'Under fluoroscopy the needle entered the right knee joint; contrast outlined the joint. Images saved to PACS.');
    const r = JSON.parse(guidelint(['--format', 'json', '--config', cfg, note]).stdout).results[0];
    const byId = Object.fromEntries(r.messages.map((m: { ruleId: string; severity: string }) => [m.ruleId, m.severity]));
    expect(byId['fluoroscopy-time-missing']).toBe('error');
    expect(byId['guidance-section-missing']).toBeUndefined();
    writeFileSync(cfg, 'rules:\n  no-such-rule: error\n');
    const bad = guidelint(['--config', cfg, note]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown rule id "no-such-rule"');
    writeFileSync(cfg, 'rules:\n  landmark-technique: loud\n');
    expect(guidelint(['--config', cfg, note]).stderr).toContain('expected off, info, warning or error');
  });

  it('exit codes: 0 clean, 1 over --max-warnings, 2 usage error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guidelint-'));
    mkdirSync(join(dir, 'n'));
    const note = join(dir, 'n', 'ok.txt');
    writeFileSync(note, 'IMAGING GUIDANCE: Under fluoroscopy the needle entered the right knee joint; contrast outlined the joint. Final needle position confirmed on AP view. Images saved to PACS. Fluoroscopy time: 12 seconds.');
    expect(guidelint([note]).code).toBe(0);
    writeFileSync(note, 'Under fluoroscopy the needle entered the right knee joint; contrast outlined the joint. Final needle position confirmed on AP view. Images saved to PACS. Fluoroscopy time: 12 seconds.');
    expect(guidelint([note]).code).toBe(0);
    expect(guidelint(['--max-warnings', '0', note]).code).toBe(1);
    expect(guidelint(['--format', 'xml', note]).code).toBe(2);
    expect(guidelint([join(dir, 'missing.txt')]).code).toBe(2);
  });

  it('explain prints a rule\'s docs and rejects an unknown rule', () => {
    const r = guidelint(['explain', 'images-not-saved']);
    expect(r.stdout).toContain('What:');
    expect(r.stdout).toContain('Fix:');
    expect(r.stdout).toContain('Docs:  README.md#rule-images-not-saved');
    expect(r.stdout).toContain('  missing: Imaging guided the needle but no saved images are documented');
    expect(guidelint(['explain', 'nope']).code).toBe(2);
  });

  it('reads FHIR and HL7 inputs (--input auto) to the same findings as their plain text', () => {
    const plain = (f: string) => JSON.parse(guidelint(['--format', 'json', f]).stdout).results[0];
    for (const [wrapped, text] of [['knee-fluoro.docref.json', 'knee-fluoro.txt'], ['cervical-mbb.mdm.hl7', 'cervical-mbb.txt']]) {
      const a = plain(`test/fixtures/clinical/${wrapped}`);
      const b = plain(`test/fixtures/clinical/${text}`);
      expect(a.source).toContain('#');
      expect(a.documentation).toEqual(b.documentation);
      expect(a.messages).toEqual(b.messages);
    }
    const bad = guidelint(['--input', 'hl7', NOTE]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(NOTE);
  });
});

describe('CLI manners', () => {
  const sources = (stdout: string): string[] => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l).source);

  it('a folder yields notes only: README*, SOURCE*, CHANGELOG*, LICENSE* skipped, then .guidelintignore and --ignore-pattern; a file named on its own is read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guidelint-ignore-'));
    mkdirSync(join(dir, 'notes', 'archive'), { recursive: true });
    for (const f of ['a.txt', 'b.md', 'archive/old.txt', 'README.md', 'SOURCE.md', 'CHANGELOG.txt', 'LICENSE.txt', 'readme.txt']) copyFileSync(NOTE, join(dir, 'notes', f));
    expect(sources(guidelint(['-f', 'jsonl', 'notes'], undefined, dir).stdout)).toEqual(['notes/a.txt', 'notes/archive/old.txt', 'notes/b.md']);
    writeFileSync(join(dir, '.guidelintignore'), '# notes kept for history\narchive/\n');
    expect(sources(guidelint(['-f', 'jsonl', 'notes', '--ignore-pattern', '*.md'], undefined, dir).stdout)).toEqual(['notes/a.txt']);
    expect(sources(guidelint(['-f', 'jsonl', 'notes/*'], undefined, dir).stdout)).toEqual(['notes/a.txt', 'notes/b.md']); // globs too
    expect(sources(guidelint(['-f', 'jsonl', 'notes/SOURCE.md'], undefined, dir).stdout)).toEqual(['notes/SOURCE.md']);
  });

  it('a symlink loop and a second link to a note read each note once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guidelint-links-'));
    copyFileSync(NOTE, join(dir, 'a.txt'));
    symlinkSync('.', join(dir, 'loop'));
    symlinkSync('a.txt', join(dir, 'same.txt'));
    const r = guidelint(['-f', 'jsonl', dir, join(dir, 'a.txt')]);
    expect(sources(r.stdout)).toEqual([join(dir, 'a.txt')]);
    expect(r.code).toBe(0);
  });

  it('a reader that leaves early (| head -1) ends guidelint quietly with status 0', () => {
    // corpus/dev as JSONL is far more than a pipe holds, so the write meets the closed pipe
    const r = spawnSync('bash', ['-c', 'node bin/guidelint.js -f jsonl corpus/dev | head -1 >/dev/null; echo "${PIPESTATUS[0]}"'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('0');
  });

  it('the top-level --help lists the lint options', () => {
    const r = guidelint(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Commands:[\s\S]*audit[\s\S]*Lint options/);
    for (const option of ['--format <format>', '--cpt <lines>', '--config <file>', '--max-warnings <n>', '--ignore-pattern <pattern>', '--stdin-filename <name>']) expect(r.stdout).toContain(option);
  });

  it('stylish prints what a passing note documents, in one line; a note with problems lists the problems instead', () => {
    const pass = guidelint([NOTE]).stdout.split('\n');
    expect(pass[1]).toBe('  found: imaging guidance section 6:1, images saved 7:70, interpretation of the images 6:37, needle position confirmed on imaging 6:37, fluoroscopy time 8:1 (18 s)');
    expect(pass[2]).toBe('');
    expect(guidelint(['test/fixtures/notes/knee-landmark.txt']).stdout).not.toContain('found:');
  });

  it('a claim file with a UTF-8 byte order mark is read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guidelint-bom-'));
    copyFileSync(NOTE, join(dir, 'n.txt'));
    writeFileSync(join(dir, 'n.claim.json'), '\ufeff' + JSON.stringify({ lines: [{ code: '20610', modifiers: ['RT'] }, { code: '77002' }] }));
    const r = guidelint(['-f', 'json', join(dir, 'n.txt')]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).results[0].claim.action).toBe('bill'); // with no claim, there is no claim action
  });
});

describe('cold start', () => {
  /** The packages under node_modules a CLI run loaded, by name. */
  function packagesLoaded(args: string[], env: Record<string, string> = {}): { code: number | null; stderr: string; packages: string[] } {
    const out = join(mkdtempSync(join(tmpdir(), 'guidelint-loaded-')), 'loaded.txt');
    writeFileSync(out, '');
    const r = spawnSync(process.execPath, ['--import', './test/fixtures/loaded-packages.mjs', 'bin/guidelint.js', ...args], { encoding: 'utf8', env: { ...process.env, ...env, LOADED_PACKAGES_FILE: out } });
    const names = readFileSync(out, 'utf8').split('\n').map((l) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(l)?.[1]).filter((n): n is string => !!n);
    return { code: r.status, stderr: r.stderr, packages: [...new Set(names)].sort() };
  }

  it('linting a note loads commander only: no yaml, ajv, safe-regex2 (the grammars were checked at build time), nor any command\'s packages', () => {
    const plain = packagesLoaded(['corpus/dev/d1-001-knee-ir-fluoro.txt']);
    expect(plain.code).toBe(0);
    expect(plain.packages).toEqual(['commander']);
    // a claim sidecar is validated by the schema's validator compiled at build time
    expect(packagesLoaded(['corpus/dev/d2-001-knee-ortho-carm-hopd.txt']).packages).toEqual(['commander']);
  });

  it('GUIDELINT_GRAMMARS: a grammar folder given at run time is read, validated and ReDoS-checked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grammars-'));
    cpSync('grammars', dir, { recursive: true });
    writeFileSync(join(dir, 'technique.yaml'), readFileSync(join(dir, 'technique.yaml'), 'utf8').replace('landmark:\n', "landmark:\n  - '(a+)+b'\n"));
    const r = packagesLoaded([NOTE], { GUIDELINT_GRAMMARS: dir });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/technique\.yaml landmark\[0\]: pattern \/\(a\+\)\+b\/ is rejected by the ReDoS check/);
    expect(r.packages).toEqual(expect.arrayContaining(['ajv', 'safe-regex2', 'yaml']));
  });
});
