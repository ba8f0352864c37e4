import { defineRule } from './define.js';

export default defineRule({
  id: 'non-fluoroscopic-modality',
  kind: 'documentation',
  check({ doc, facts }, report) {
    if (doc.technique !== 'imaging' || !doc.modality || doc.modality === 'fluoroscopy') return;
    // one message per modality: ultrasound, ct, mri
    report({ at: facts.technique.evidence[0] ?? facts.anchor, messageId: doc.modality });
  },
});
