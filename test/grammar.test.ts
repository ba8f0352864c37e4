import { describe, it, expect } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileGrammars } from '../src/grammar/index.js';

function brokenCopy(file: string, edit: (s: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'grammars-'));
  cpSync('grammars', dir, { recursive: true });
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

describe('grammars load from data, validated', () => {
  it('the shipped grammars compile', () => {
    const g = compileGrammars();
    expect(g.triggers.length).toBeGreaterThan(20);
    expect(g.sites.entries.length).toBeGreaterThan(40);
  });
  it('a schema violation names the file and the entry', () => {
    const dir = brokenCopy('context.yaml', (s) => s.replace("category: negated, direction: forward, pattern: '\\bno\\b'", "category: negative, direction: forward, pattern: '\\bno\\b'"));
    expect(() => compileGrammars(dir)).toThrow(/context\.yaml: entry \/triggers\/\d+\/category/);
  });
  it('a pattern the ReDoS check flags is refused, naming file and entry', () => {
    const dir = brokenCopy('technique.yaml', (s) => s.replace('landmark:\n', "landmark:\n  - '(a+)+b'\n"));
    expect(() => compileGrammars(dir)).toThrow(/technique\.yaml landmark\[0\]: pattern \/\(a\+\)\+b\/ is rejected by the ReDoS check/);
  });
  it('a pattern that does not compile is refused', () => {
    const dir = brokenCopy('sites.yaml', (s) => s.replace("patterns: ['\\bknees?\\b", "patterns: ['(unclosed\\bknees?\\b"));
    expect(() => compileGrammars(dir)).toThrow(/sites\.yaml sites\[\d+\] \(knee\)\[0\]: pattern .* does not compile/);
  });
});
