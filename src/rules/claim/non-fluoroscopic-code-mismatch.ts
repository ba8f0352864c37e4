import { defineRule } from '../define.js';

/** 76942, 77012 or 77021 billed for a note that documents another modality, landmark technique or no needle. */
export default defineRule({
  id: 'non-fluoroscopic-code-mismatch',
  kind: 'claim',
  check({ claim, doc, facts }, report) {
    if (!claim) return;
    for (const g of claim.guidance.filter((g) => g.modality !== 'fluoroscopy')) {
      let actual: string | null = null;
      if (!doc.needlePlacement) actual = 'no needle placement';
      else if (doc.technique === 'landmark') actual = 'landmark technique';
      else if (doc.technique === 'imaging' && doc.modality && doc.modality !== g.modality) actual = `${doc.modality} guidance`;
      if (!actual) continue;
      report({ at: facts.technique.evidence[0] ?? facts.anchor, messageId: 'mismatch', data: { code: g.code, modality: g.modality, actual }, expected: `${g.modality} guidance of a needle`, actual });
    }
  },
});
