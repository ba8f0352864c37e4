import { defineRule } from '../define.js';

export default defineRule({
  id: 'documentation-insufficient',
  kind: 'claim',
  check({ claim, doc, facts }, report) {
    if (!claim || claim.guidance.length === 0 || doc.supported) return;
    report({ at: facts.technique.evidence[0] ?? facts.anchor, messageId: 'unsupported', data: { codes: claim.guidance.map((g) => g.code).join(', ') }, expected: 'supported documentation' });
  },
});
