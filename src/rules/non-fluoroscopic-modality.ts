import { defineRule } from './define.js';

const CODES = { ultrasound: '76942', ct: '77012', mri: '77021' } as const;

export default defineRule({
  id: 'non-fluoroscopic-modality',
  kind: 'documentation',
  severity: 'info',
  docs: {
    what: 'The needle was guided by ultrasound, CT or MRI: the guidance code is 76942, 77012 or 77021, not a fluoroscopy code.',
    why: 'Each modality has its own needle-guidance code, one unit per encounter; 77002/77003 are fluoroscopy only.',
    fix: 'Report the modality\'s own code, and check that the primary code does not already include that guidance.',
    sources: ['facts.md §1 (S2, S48, S49, S54)'],
  },
  check({ doc, facts }, report) {
    if (doc.technique !== 'imaging' || !doc.modality || doc.modality === 'fluoroscopy') return;
    report({ at: facts.technique.evidence[0] ?? facts.anchor, message: `${doc.modality === 'ct' ? 'CT' : doc.modality === 'mri' ? 'MRI' : 'Ultrasound'} guidance: the guidance code is ${CODES[doc.modality]}, not 77002` });
  },
  examples: {
    ok: [{ note: 'Under fluoroscopy a needle was placed into the right knee joint.' }],
    notOk: [{ note: 'Under ultrasound guidance a needle was placed into the right knee joint.', messages: ['1:7-1:17'] }],
  },
});
