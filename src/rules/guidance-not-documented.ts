import { defineRule, describeDiscounted } from './define.js';

export default defineRule({
  id: 'guidance-not-documented',
  kind: 'documentation',
  check({ doc, facts }, report) {
    if (!doc.needlePlacement || doc.technique !== 'unstated') return;
    report({
      at: facts.needle.evidence[0] ?? facts.anchor,
      messageId: 'unstated',
      data: { discounted: describeDiscounted(facts) },
      expected: 'the modality that guided the needle, or landmark technique',
      suggestion: 'Guidance: ___ (fluoroscopy / ultrasound / CT / MRI / landmark palpation)',
    });
  },
});
