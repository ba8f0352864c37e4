import { defineRule } from '../define.js';
import { documentedInstead } from '../documented-instead.js';

export default defineRule({
  id: 'code-modality-mismatch',
  kind: 'claim',
  check({ claim, doc, facts }, report) {
    if (!claim) return;
    for (const g of claim.guidance.filter((g) => g.code === '77002' || g.code === '77003')) {
      const actual = documentedInstead(doc, 'fluoroscopy');
      if (!actual) continue;
      report({ at: facts.technique.evidence[0] ?? facts.anchor, messageId: 'mismatch', data: { code: g.code, actual }, expected: 'fluoroscopic guidance of a needle', actual });
    }
  },
});
