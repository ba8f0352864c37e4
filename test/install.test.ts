// The production install: `npm pack` ships the built bundle, and the tarball installs with
// `npm i -g` and runs with no dev dependencies, no install scripts and no build step.
import { describe, it, expect } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = (args: string[], cwd: string): string => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('npm pack → npm i -g', () => {
  it('installs from the tarball into a fresh prefix without scripts or dev dependencies, and lints and audits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guidelint-install-'));
    // prepack builds dist/ into the tarball; dist/ is not in git
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], root)) as { filename: string; files: { path: string }[] }[];
    const files = packed[0].files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['dist/cli.js', 'dist/index.js', 'dist/worker.js', 'bin/guidelint.js', 'web/index.html']));
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);

    const prefix = join(dir, 'prefix');
    // --ignore-scripts: nothing may need compiling or building to run
    npm(['install', '--global', '--prefix', prefix, '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', join(dir, packed[0].filename)], dir);
    const installed = join(prefix, 'lib', 'node_modules', 'guidelint');
    for (const dev of ['esbuild', 'typescript', 'vitest', 'tsx']) expect(existsSync(join(installed, 'node_modules', dev)), dev).toBe(false);

    const bin = join(prefix, 'bin', 'guidelint');
    const lint = spawnSync(bin, ['--format', 'json', join(root, 'test/fixtures/notes/knee-compliant.txt')], { cwd: dir, encoding: 'utf8' });
    expect(lint.status, lint.stderr).toBe(0);
    expect(JSON.parse(lint.stdout).results[0].documentation).toMatchObject({ guidanceCode: '77002', supported: true });

    // the audit's worker threads and its SQLite report run from the installed package too
    const out = join(dir, 'audit');
    const audit = spawnSync(bin, ['audit', join(root, 'test/fixtures/notes'), '--out', out, '--threads', '1', '--quiet'], { cwd: dir, encoding: 'utf8' });
    expect(audit.status, audit.stderr).toBe(0);
    const notes = readdirSync(join(root, 'test/fixtures/notes')).filter((f) => /\.(txt|md)$/.test(f)).length;
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).resultsOut).toBe(notes);
    expect(readFileSync(join(out, 'results.sqlite')).subarray(0, 15).toString()).toBe('SQLite format 3');
  }, 300_000);
});

describe('the version', () => {
  it("is package.json's (shards compare it before they are merged)", async () => {
    const { VERSION } = await import('../src/version.js');
    expect(VERSION).toBe((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version);
  });
});
