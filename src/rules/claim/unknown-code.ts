import { defineRule } from '../define.js';

export default defineRule({
  id: 'unknown-code',
  kind: 'claim',
  check({ claim, facts }, report) {
    if (!claim) return;
    for (const line of claim.unknown) report({ at: facts.anchor, messageId: 'unknown', data: { code: line.code } });
  },
});
