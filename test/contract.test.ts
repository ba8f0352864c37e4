import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { lint } from '../src/lint.js';
import { loadLabeled } from '../src/eval/corpus.js';
import { contractValidator, SHARED } from './helpers.js';

const notes = await loadLabeled(['corpus']);
const validResult = contractValidator('result');
const validGold = contractValidator('gold');
const validClaim = contractValidator('claim');

describe('the result contract', () => {
  it('holds a labeled corpus of at least 250 notes, 100 of them held out, 60 with claims', () => {
    expect(notes.length).toBeGreaterThanOrEqual(250);
    expect(notes.filter((n) => n.source.startsWith('corpus/test/')).length).toBeGreaterThanOrEqual(100);
    expect(notes.filter((n) => n.claim).length).toBeGreaterThanOrEqual(60);
  });

  it('every corpus result is valid against result.schema.json', () => {
    const bad: string[] = [];
    for (const n of notes) {
      const r = lint(n.text, { filename: n.source, claim: n.claim });
      if (!validResult(JSON.parse(JSON.stringify(r)))) bad.push(`${n.source}: ${JSON.stringify(validResult.errors?.[0])}`);
    }
    expect(bad).toEqual([]);
  });

  it('the schemas shipped for runtime validation are the contract\'s own', () => {
    for (const name of ['claim', 'result']) {
      expect(readFileSync(`grammars/schema/${name}.schema.json`, 'utf8')).toBe(readFileSync(`${SHARED}contract/${name}.schema.json`, 'utf8'));
    }
  });
});

describe('gold labels (label lint)', () => {
  for (const n of notes) {
    it(`${n.source} is literal to the contract`, () => {
      const g = n.gold;
      expect(validGold(g), JSON.stringify(validGold.errors)).toBe(true);
      if (n.claim) expect(validClaim(JSON.parse(readFileSync(n.source.replace(/\.(txt|md)$/, '.claim.json'), 'utf8')))).toBe(true);
      const e = g.elements;
      expect(g.supported).toBe(g.technique === 'imaging' && g.guidanceCode !== null && e.imagesSaved && e.interpretation && e.needleConfirmation);
      let code: string | null = null;
      if (g.technique === 'imaging' && g.needlePlacement) {
        if (g.modality === 'ultrasound') code = '76942';
        else if (g.modality === 'ct') code = '77012';
        else if (g.modality === 'mri') code = '77021';
        else if (g.modality === 'fluoroscopy') code = g.guidanceCode === '77001' ? '77001' : g.spinal === true ? '77003' : g.spinal === false ? '77002' : null;
      }
      expect(g.guidanceCode).toBe(code);
      if (!g.needlePlacement) {
        expect(g.technique).toBe('unstated');
        expect(g.modality).toBeNull();
      }
      if (g.technique !== 'imaging') expect(g.modality).toBeNull();
      expect((g.claimAction ?? null) === null).toBe(!n.claim);
    });
  }
});

describe('README', () => {
  it('rule reference is the one generated from the rules\' meta (npm run readme)', async () => {
    const { rules } = await import('../src/rules/index.js');
    const { ruleReference } = await import('../src/rules/reference.js');
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain(`<!-- rules:start -->\n${ruleReference(rules)}\n<!-- rules:end -->`);
  });

  it('each rule\'s docs url is a heading of the README (GitHub\'s anchors: lower case, punctuation dropped, spaces as -)', async () => {
    const { rules } = await import('../src/rules/index.js');
    const anchors = new Set([...readFileSync('README.md', 'utf8').matchAll(/^#{1,6} (.+)$/gm)].map((m) => m[1].toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')));
    for (const r of rules) {
      const [file, anchor] = r.url.split('#');
      expect(file).toBe('README.md');
      expect(anchors, r.url).toContain(anchor);
    }
  });
});
