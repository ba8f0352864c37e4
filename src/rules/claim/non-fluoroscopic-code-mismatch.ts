import { defineRule } from '../define.js';
import { documentedInstead } from '../documented-instead.js';

/** 76942, 77012 or 77021 billed for a note that documents another modality, landmark technique or no needle. */
export default defineRule({
  id: 'non-fluoroscopic-code-mismatch',
  kind: 'claim',
  check({ claim, doc, facts }, report) {
    if (!claim) return;
    for (const g of claim.guidance.filter((g) => g.modality !== 'fluoroscopy')) {
      const actual = documentedInstead(doc, g.modality);
      if (!actual) continue;
      report({ at: facts.technique.evidence[0] ?? facts.anchor, messageId: 'mismatch', data: { code: g.code, modality: g.modality, actual }, expected: `${g.modality} guidance of a needle`, actual });
    }
  },
});
