import { defineRule } from '../define.js';

export default defineRule({
  id: 'addon-without-primary',
  kind: 'claim',
  check({ claim, facts }, report) {
    for (const g of claim?.addonsWithoutPrimary ?? []) {
      report({ at: facts.needle.evidence[0] ?? facts.anchor, messageId: 'noPrimary', data: { code: g.code }, expected: 'a primary procedure code', suggestion: 'Primary procedure performed: ___ (CPT)' });
    }
  },
});
