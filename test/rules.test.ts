import { describe, it, expect } from 'vitest';
import { rules } from '../src/rules/index.js';
import { lint } from '../src/lint.js';

// Each rule's documented examples are its fixtures: an ok note gets no message of the rule,
// a not-ok note gets exactly the listed messages, at the listed positions.
for (const rule of rules) {
  describe(rule.id, () => {
    it('has docs: what, why, fix and sources', () => {
      expect(rule.docs.what.length).toBeGreaterThan(20);
      expect(rule.docs.why.length).toBeGreaterThan(20);
      expect(rule.docs.fix.length).toBeGreaterThan(10);
      expect(rule.docs.sources.length).toBeGreaterThan(0);
      expect(rule.examples.ok.length).toBeGreaterThan(0);
      expect(rule.examples.notOk.length).toBeGreaterThan(0);
    });
    rule.examples.ok.forEach((ex, i) => {
      it(`ok example ${i + 1} raises no ${rule.id}`, () => {
        const r = lint(ex.note, { claim: ex.claim });
        expect(r.messages.filter((m) => m.ruleId === rule.id)).toEqual([]);
      });
    });
    rule.examples.notOk.forEach((ex, i) => {
      it(`not-ok example ${i + 1} raises ${rule.id} at ${ex.messages?.join(', ')}`, () => {
        const r = lint(ex.note, { claim: ex.claim });
        const got = r.messages.filter((m) => m.ruleId === rule.id).map((m) => `${m.line}:${m.column}-${m.endLine}:${m.endColumn}`);
        expect(got).toEqual(ex.messages);
        for (const m of r.messages.filter((m) => m.ruleId === rule.id)) {
          expect(m.message.length).toBeGreaterThan(10);
          expect(m.severity).toMatch(/^(error|warning|info)$/);
        }
      });
    });
  });
}
