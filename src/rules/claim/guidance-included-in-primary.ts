import { defineRule } from '../define.js';

export default defineRule({
  id: 'guidance-included-in-primary',
  kind: 'claim',
  check({ claim, facts }, report) {
    for (const { guidance: g, primary: p, certainty } of claim?.included ?? []) {
      report({
        at: facts.anchor,
        severity: certainty === 'unconfirmed' ? 'warning' : undefined,
        messageId: certainty === 'unconfirmed' ? 'includedUnconfirmed' : 'included',
        data: { code: g.code, primary: p.line.code, descriptor: p.row!.paraphrase },
        expected: `no separate guidance code with ${p.line.code}`,
      });
    }
  },
});
