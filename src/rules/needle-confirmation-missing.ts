import { defineRule, missingElement } from './define.js';

export default defineRule({
  id: 'needle-confirmation-missing',
  kind: 'documentation',
  severity: 'error',
  docs: {
    what: 'Imaging guided the needle but the final needle (tip) position is not confirmed on imaging (views, contrast under imaging).',
    why: 'Auditors expect the final needle position confirmed on imaging (for the spine and SI joint, two views). Confirmation only by aspirate or loss of resistance is not imaging confirmation.',
    fix: 'Record the confirmation, e.g. "Final needle position confirmed on AP and lateral views."',
    sources: ['facts.md §5.4 (S16, S13c, S17)', 'contract: documentation.elements.needleConfirmation'],
  },
  check(ctx, report) {
    const at = missingElement(ctx, 'needleConfirmation');
    if (!at) return;
    report({
      at,
      message: 'Imaging guided the needle but the final needle position is not confirmed on imaging',
      expected: 'final needle position confirmed on imaging',
      suggestion: 'Final needle position confirmed on ___ views (e.g. AP and lateral) / with contrast: ___',
    });
  },
  examples: {
    ok: [{ note: 'Under fluoroscopy the needle was advanced; final needle position was confirmed on AP and lateral views.' }],
    notOk: [{ note: 'Under fluoroscopy the needle was advanced.\nPlacement confirmed by aspiration of synovial fluid.', messages: ['1:7-1:18'] }],
  },
});
