import { defineRule, missingElement } from './define.js';

export default defineRule({
  id: 'interpretation-missing',
  kind: 'documentation',
  severity: 'error',
  docs: {
    what: "Imaging guided the needle but the note never says what the images showed (needle tip against named anatomy, contrast pattern, absence of vascular uptake, an anatomic finding) or that the physician reviewed/interpreted them.",
    why: 'The guidance codes pay for supervision and interpretation. Without a recorded interpretation the professional component is not documented.',
    fix: 'Record what the images showed, e.g. "Images showed the needle tip within ___; contrast ___ without vascular uptake."',
    sources: ['facts.md §5.2-5.3 (S5, S9, S6)', 'contract: documentation.elements.interpretation'],
  },
  check(ctx, report) {
    const at = missingElement(ctx, 'interpretation');
    if (!at) return;
    report({
      at,
      message: 'Imaging guided the needle but no interpretation of the images is documented',
      expected: 'what the images showed, or that they were reviewed/interpreted',
      suggestion: 'Images showed: needle tip at ___; contrast ___ (pattern); vascular uptake: ___',
    });
  },
  examples: {
    ok: [{ note: 'Under fluoroscopy the needle was placed. Contrast outlined the subacromial bursa without vascular uptake.' }],
    notOk: [{ note: 'Under fluoroscopy the needle was placed in the hip.', messages: ['1:7-1:18'] }],
  },
});
