import { defineRule } from '../define.js';

export default defineRule({
  id: 'code-modality-mismatch',
  kind: 'claim',
  check({ claim, doc, facts }, report) {
    if (!claim) return;
    for (const g of claim.guidance.filter((g) => g.code === '77002' || g.code === '77003')) {
      let actual: string | null = null;
      if (!doc.needlePlacement) actual = 'no needle placement';
      else if (doc.technique === 'landmark') actual = 'landmark technique';
      else if (doc.technique === 'imaging' && doc.modality && doc.modality !== 'fluoroscopy') actual = `${doc.modality} guidance`;
      if (!actual) continue;
      report({ at: facts.technique.evidence[0] ?? facts.anchor, messageId: 'mismatch', data: { code: g.code, actual }, expected: 'fluoroscopic guidance of a needle', actual });
    }
  },
});
