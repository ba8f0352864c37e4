import { defineRule, describeDiscounted } from './define.js';

export default defineRule({
  id: 'landmark-technique',
  kind: 'documentation',
  check({ doc, facts }, report) {
    if (!doc.needlePlacement || doc.technique !== 'landmark') return;
    const at = facts.technique.evidence[0] ?? facts.anchor;
    report({
      at,
      messageId: 'landmark',
      data: { text: at.text, discounted: describeDiscounted(facts) },
      expected: 'imaging guidance of the needle',
      actual: at.text,
      suggestion: 'Remove the guidance code; if imaging was in fact used, document: "Under ___ guidance the needle was placed; images saved to ___."',
    });
  },
});
