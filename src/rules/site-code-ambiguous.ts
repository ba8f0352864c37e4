import { defineRule } from './define.js';

export default defineRule({
  id: 'site-code-ambiguous',
  kind: 'documentation',
  check({ doc }, report) {
    if (doc.technique !== 'imaging' || doc.modality !== 'fluoroscopy' || !doc.site || doc.site.spinal !== null || !doc.site.span) return;
    report({
      at: doc.site.span,
      messageId: 'payerPolicy',
      data: { site: doc.site.text },
      expected: 'a payer policy naming 77002 or 77003',
      suggestion: 'Payer policy for this block: ___ (77002 / 77003)',
    });
  },
});
