import { defineRule, missingElement } from './define.js';

export default defineRule({
  id: 'guidance-section-missing',
  kind: 'documentation',
  severity: 'warning',
  docs: {
    what: 'Imaging guided the needle but the note has no dedicated imaging-guidance section ("IMAGING GUIDANCE:", "Fluoroscopy:", "RADIOLOGY:").',
    why: 'Recommended, not required: a dedicated section with modality, findings, image retention and confirmation makes the guidance easy to find in review and reduces denials.',
    fix: 'Add a section such as "IMAGING GUIDANCE: modality ___; images saved ___; findings ___; final needle position confirmed ___."',
    sources: ['seed-77002.txt (templates with a dedicated Imaging Guidance section)', 'contract: documentation.elements.guidanceSection'],
  },
  check(ctx, report) {
    const at = missingElement(ctx, 'guidanceSection');
    if (!at) return;
    report({
      at,
      message: 'No dedicated imaging-guidance section',
      expected: 'a section such as "IMAGING GUIDANCE:"',
      suggestion: 'IMAGING GUIDANCE: Modality: ___. Images saved: ___. Findings: ___. Final needle position confirmed: ___.',
    });
  },
  examples: {
    ok: [{ note: 'IMAGING GUIDANCE: Fluoroscopy was used to guide the needle into the knee.' }],
    notOk: [{ note: 'PROCEDURE: The needle was placed under fluoroscopy into the knee.', messages: ['1:40-1:51'] }],
  },
});
