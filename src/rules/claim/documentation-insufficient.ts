import { defineRule } from '../define.js';

export default defineRule({
  id: 'documentation-insufficient',
  kind: 'claim',
  check({ claim, doc, facts }, report) {
    if (!claim || doc.supported) return;
    // one finding per cause: a line the primary's code certainly includes is
    // guidance-included-in-primary's to remove, whatever the note says
    const included = new Set(claim.included.filter((i) => i.certainty === 'certain').map((i) => i.guidance));
    const lines = claim.guidance.filter((g) => !included.has(g));
    if (lines.length === 0) return;
    report({ at: facts.technique.evidence[0] ?? facts.anchor, messageId: 'unsupported', data: { codes: lines.map((g) => g.code).join(', ') }, expected: 'supported documentation' });
  },
});
