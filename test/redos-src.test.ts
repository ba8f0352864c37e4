// Every regular expression written in src/ passes the same ReDoS check as the grammar patterns
// (safe-regex2: no nested or overlapping unbounded repetition), found with the TypeScript
// compiler's own parser: regex literals and `new RegExp('…')` with a literal pattern.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import safeRegex from 'safe-regex2';

interface Found {
  file: string;
  line: number;
  source: string;
  flags: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

function regexesIn(file: string): Found[] {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Found[] = [];
  const at = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const visit = (n: ts.Node) => {
    if (ts.isRegularExpressionLiteral(n)) {
      const m = /^\/(.*)\/([a-z]*)$/s.exec(n.text)!;
      out.push({ file, line: at(n), source: m[1], flags: m[2] });
    } else if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'RegExp' && n.arguments?.[0] && ts.isStringLiteralLike(n.arguments[0])) {
      const flags = n.arguments[1] && ts.isStringLiteralLike(n.arguments[1]) ? n.arguments[1].text : '';
      out.push({ file, line: at(n), source: n.arguments[0].text, flags });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const found = sourceFiles('src').flatMap(regexesIn);

describe('every regex in src/ passes the ReDoS check', () => {
  it('finds the regexes (the walk reads the code)', () => {
    expect(found.length).toBeGreaterThan(50);
    expect(found.some((r) => r.file.endsWith('sections.ts') && r.source.includes('A-Z0-9/&(), -'))).toBe(true);
  });
  it('none is flagged', () => {
    const flagged = found.filter((r) => !safeRegex(new RegExp(r.source, r.flags)));
    expect(flagged.map((r) => `${r.file}:${r.line} /${r.source}/${r.flags}`)).toEqual([]);
  });
  it('the check would catch a quadratic pattern', () => {
    expect(safeRegex(/(?:a+)+b/)).toBe(false);
    expect(safeRegex(/([ \t]+)*x/)).toBe(false);
  });
});
