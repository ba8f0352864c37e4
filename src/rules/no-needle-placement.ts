import { defineRule } from './define.js';

export default defineRule({
  id: 'no-needle-placement',
  kind: 'documentation',
  check({ doc, facts }, report) {
    if (doc.needlePlacement) return;
    report({
      at: facts.mentions[0]?.span ?? facts.anchor,
      messageId: 'noNeedle',
      expected: 'a needle, injection, aspiration, biopsy, block or vascular access',
      suggestion: 'If a needle was placed, document it: "A ___-gauge needle was advanced into the ___ under ___ guidance."',
    });
  },
});
