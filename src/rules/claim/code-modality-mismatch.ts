import { defineRule } from '../define.js';

export default defineRule({
  id: 'code-modality-mismatch',
  kind: 'claim',
  severity: 'error',
  docs: {
    what: '77002 or 77003 (fluoroscopy) is billed but the note documents ultrasound, CT or MRI, landmark technique, or no needle placement. An unstated technique is a query, not a mismatch.',
    why: 'The fluoroscopic guidance codes describe fluoroscopy guiding a needle. Another modality has its own code; landmark technique and no needle have none.',
    fix: 'Bill the documented modality\'s code (76942, 77012, 77021), or remove the guidance line.',
    sources: ['facts.md §1 (S1, S2)', 'contract: claim rules'],
  },
  check({ claim, doc, facts }, report) {
    if (!claim) return;
    for (const g of claim.guidance.filter((g) => g.code === '77002' || g.code === '77003')) {
      let actual: string | null = null;
      if (!doc.needlePlacement) actual = 'no needle placement';
      else if (doc.technique === 'landmark') actual = 'landmark technique';
      else if (doc.technique === 'imaging' && doc.modality && doc.modality !== 'fluoroscopy') actual = `${doc.modality} guidance`;
      if (!actual) continue;
      report({ at: facts.technique.evidence[0] ?? facts.anchor, message: `${g.code} (fluoroscopy) is billed but the note documents ${actual}`, expected: 'fluoroscopic guidance of a needle', actual });
    }
  },
  examples: {
    ok: [{ note: 'Right knee injection under fluoroscopy.', claim: { lines: [{ code: '20610', modifiers: [], units: 1 }, { code: '77002', modifiers: [], units: 1 }], diagnoses: [] } }],
    notOk: [{ note: 'Right knee injection under ultrasound guidance.', claim: { lines: [{ code: '20610', modifiers: [], units: 1 }, { code: '77002', modifiers: [], units: 1 }], diagnoses: [] }, messages: ['1:28-1:38'] }],
  },
});
