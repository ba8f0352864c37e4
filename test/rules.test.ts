import { describe, it, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { rules } from '../src/rules/index.js';
import { lint } from '../src/lint.js';
import { claimFromFlags } from '../src/claim/parse.js';
import { grammars } from '../src/grammar/index.js';
import type { RuleExample } from '../src/rules/define.js';

function run(ex: RuleExample) {
  return lint(ex.note, { claim: ex.claim && claimFromFlags(ex.claim.cpt, ex.claim.dx, ex.claim.pos) });
}

// Each rule's documented examples are its fixtures (ESLint's RuleTester): an ok note gets no
// message of the rule, a not-ok note gets exactly the listed messages, each with its message id
// and its exact line:column-endLine:endColumn.
for (const rule of rules) {
  describe(rule.id, () => {
    it('has docs, a docs url, messages, at least 2 ok and 3 not-ok examples', () => {
      expect(rule.docs.what.length).toBeGreaterThan(20);
      expect(rule.docs.why.length).toBeGreaterThan(20);
      expect(rule.docs.fix.length).toBeGreaterThan(10);
      expect(rule.docs.sources.length).toBeGreaterThan(0);
      expect(rule.url).toBe(`README.md#rule-${rule.id}`);
      expect(Object.keys(rule.messages).length).toBeGreaterThan(0);
      expect(rule.examples.ok.length).toBeGreaterThanOrEqual(2);
      expect(rule.examples.notOk.length).toBeGreaterThanOrEqual(3);
    });
    it('shows every message in a not-ok example (one per branch)', () => {
      const shown = new Set(rule.examples.notOk.flatMap((ex) => (ex.messages ?? []).map((m) => m.split(' ')[1])));
      expect([...shown].sort()).toEqual(Object.keys(rule.messages).sort());
    });
    rule.examples.ok.forEach((ex, i) => {
      it(`ok example ${i + 1} raises no ${rule.id}`, () => {
        expect(run(ex).messages.filter((m) => m.ruleId === rule.id)).toEqual([]);
      });
    });
    rule.examples.notOk.forEach((ex, i) => {
      it(`not-ok example ${i + 1} raises ${rule.id}: ${ex.messages?.join(', ')}`, () => {
        const mine = run(ex).messages.filter((m) => m.ruleId === rule.id);
        expect(mine.map((m) => `${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.messageId}`)).toEqual(ex.messages);
        for (const m of mine) {
          expect(m.message.length).toBeGreaterThan(10);
          expect(m.message).not.toMatch(/\{\{|\}\}/);
          expect(m.severity).toMatch(/^(error|warning|info)$/);
          expect(m.url).toBe(rule.url);
        }
      });
    });
  });
}

describe('grammars/rules/', () => {
  it('holds the meta of exactly the rules that are not an element\'s', () => {
    const elementRules = new Set(grammars().elements.map((e) => e.rule.id));
    const files = readdirSync('grammars/rules').map((f) => f.replace(/\.yaml$/, '')).sort();
    expect(files).toEqual(rules.map((r) => r.id).filter((id) => !elementRules.has(id)).sort());
  });
});
