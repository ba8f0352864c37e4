import { defineRule } from './define.js';

export default defineRule({
  id: 'central-venous-access',
  kind: 'documentation',
  severity: 'info',
  docs: {
    what: 'Fluoroscopy guided central venous access device work: the guidance code is 77001, not 77002.',
    why: '77001 is the fluoroscopic guidance code for placing, replacing or removing a central venous access device (with a final-position image); 77002 is never substituted for it.',
    fix: 'Report 77001 (when the access code does not already include imaging, e.g. not with 36568-36584 PICC codes).',
    sources: ['facts.md §1 and §4 (S4, S33, S34, S40)'],
  },
  check({ doc, facts }, report) {
    if (doc.guidanceCode !== '77001') return;
    report({ at: facts.needle.centralVenousEvidence[0] ?? facts.anchor, message: 'Central venous access under fluoroscopy: the guidance code is 77001, not 77002' });
  },
  examples: {
    ok: [{ note: 'Under fluoroscopy a needle was placed into the right knee joint.' }],
    notOk: [{ note: 'A right chest port was placed via the internal jugular vein with a micropuncture needle. Fluoroscopy confirmed the catheter tip at the cavoatrial junction.', messages: ['1:9-1:19'] }],
  },
});
