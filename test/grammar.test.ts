import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileGrammars } from '../src/grammar/index.js';
import { loadRuleMeta } from '../src/grammar/rule-docs.js';
import { SentenceKeys, patternPlan, registerPattern, sourcePlan } from '../src/grammar/prefilter.js';
import { Note } from '../src/note/note.js';
import { SHARED } from './helpers.js';

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
  it('a section category outside the closed type (src/grammar/section-category.ts) is refused', () => {
    const dir = brokenCopy('sections.yaml', (s) => s.replace('  anesthesia: [', '  anaesthesia: ['));
    expect(() => compileGrammars(dir)).toThrow(/sections\.yaml headers: category "anaesthesia" is not one guidelint was built with/);
  });
  it('src/grammar/section-category.ts is the one generated from sections.yaml', () => {
    const r = spawnSync(process.execPath, ['scripts/section-categories.mjs', '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
  it('src/grammar/schema-types/ are the types generated from grammars/schema (one source)', () => {
    const r = spawnSync(process.execPath, ['scripts/grammar-types.mjs', '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
  it('a pattern that does not compile is refused', () => {
    const dir = brokenCopy('sites.yaml', (s) => s.replace("patterns: ['\\bknees?\\b", "patterns: ['(unclosed\\bknees?\\b"));
    expect(() => compileGrammars(dir)).toThrow(/sites\.yaml sites\[\d+\] \(knee\)\[0\]: pattern .* does not compile/);
  });  it('a rule\'s meta is checked: too few examples, a not-ok example without its message ids', () => {
    // one ok example left, however many the rule has
    const few = brokenCopy('rules/spinal-site.yaml', (s) => s.replace(/\n  ok:\n(?: {4}[^\n]*\n)+/, '\n  ok:\n    - note: Under fluoroscopy a needle was placed into the right knee joint.\n'));
    expect(() => loadRuleMeta('spinal-site', few)).toThrow(/spinal-site\.yaml: entry \/examples\/ok must NOT have fewer than 2 items/);
    const noId = brokenCopy('rules/spinal-site.yaml', (s) => s.replace("'1:53-1:64 spinal'", "'1:53-1:64'"));
    expect(() => loadRuleMeta('spinal-site', noId)).toThrow(/spinal-site\.yaml: entry \/examples\/notOk\/0\/messages\/0 must match pattern/);
  });
});

describe('the word-start prefilter', () => {
  const g = compileGrammars();
  const patterns: RegExp[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof RegExp) patterns.push(v);
    else if (v instanceof Map) for (const x of v.values()) walk(x);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  walk(g);

  it('never skips a sentence a grammar pattern matches', () => {
    const texts = ['corpus/dev', 'corpus/test', join(SHARED, 'corpus-real')].flatMap((dir) =>
      readdirSync(dir).filter((f) => /\.(txt|md)$/.test(f)).map((f) => readFileSync(join(dir, f), 'utf8').replace(/\r\n?/g, '\n')));
    let keyed = 0;
    for (const text of texts) {
      const note = new Note(text, g);
      for (const s of note.sentences) {
        const sentence = text.slice(s.start, s.end);
        const present = new SentenceKeys(sentence, [{ start: 0, end: sentence.length }]);
        for (const re of patterns) {
          re.lastIndex = 0;
          if (!re.test(sentence)) continue;
          if (patternPlan(re)) keyed++;
          expect(present.mayMatch(re), `/${re.source}/ matches "${sentence.slice(0, 80)}"`).toBe(true);
        }
      }
    }
    expect(keyed).toBeGreaterThan(1000);
  });

  it('skips a text lacking every key of a pattern', () => {
    const re = g.landmark.stated.find((r) => patternPlan(r))!;
    expect(new SentenceKeys('zzz qqq 12 34', [{ start: 0, end: 13 }]).mayMatch(re)).toBe(false);
  });

  it('reads the words a pattern needs from its syntax', () => {
    const may = (re: RegExp, text: string): boolean => new SentenceKeys(text, [{ start: 0, end: text.length }]).mayMatch(re);
    const pacs = /\b(?:to|into) (?:the )?PACS\b/gi;
    const fluoro = /\bfl(?:ou|u)ro?scop(?:y|ic)\b/gi;
    const sp = /\bs\/p\b/gi;
    for (const re of [pacs, fluoro, sp]) registerPattern(re);
    expect([may(pacs, 'sent into the PACS'), may(pacs, 'sent to archive'), may(pacs, 'the PACS')]).toEqual([true, false, false]);
    expect([may(fluoro, 'under flouroscopy'), may(fluoro, 'a flat film')]).toEqual([true, false]);
    expect([may(sp, 'status s/p fusion'), may(sp, 'spine')]).toEqual([true, false]);
    // a group's alternatives read as sequences of their own; a short word needed whole, and the
    // longer starts of a word, tell apart words that share their first letters
    const future = /\b(?:prn|in the future)\b/gi;
    const block = /\binterscalene block\b/gi;
    for (const re of [future, block]) registerPattern(re);
    expect([may(future, 'repeat in the future'), may(future, 'the injection today'), may(future, 'in the knee')]).toEqual([true, false, false]);
    expect([may(block, 'interscalene block done'), may(block, 'interpretation of the block')]).toEqual([true, false]);
  });

  it('folds the alternatives that opened groups make back into few', () => {
    // four sequences (needle was, needle were, tip was, tip were) test as one: each of three words
    expect(sourcePlan(/\b(?:needle|tip) (?:was|were) seen\b/gi)).toEqual([[['needle', 'tip$'], ['was$', 'were$'], ['seen$']]]);
    // "needle tip" holds wherever "tip" does: it adds nothing
    expect(sourcePlan(/\b(?:needle|needle tip|tip) seen\b/gi)).toEqual([[['needle', 'tip$'], ['seen$']]]);
    // alternatives of different words stay apart
    expect(sourcePlan(/\b(?:prn|in the future)\b/gi)).toEqual([[['prn$']], [['in$'], ['the$'], ['future']]]);
  });
});
