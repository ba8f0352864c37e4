import { defineRule, missingElement } from './define.js';

export default defineRule({
  id: 'fluoroscopy-time-missing',
  kind: 'documentation',
  severity: 'warning',
  docs: {
    what: 'Fluoroscopy guided the needle but no fluoroscopy time is recorded.',
    why: 'Recommended: ACR practice (as quoted in NQF 0510) encourages recording fluoroscopy time for every fluoroscopic procedure, and many institutions require it. MIPS #145 now asks for dose indices.',
    fix: 'Record the fluoroscopy time (and dose indices if available), e.g. "Fluoroscopy time: ___ seconds; air kerma ___ mGy."',
    sources: ['facts.md §5.5 (S61, S58, S59)'],
  },
  check(ctx, report) {
    const at = ctx.doc.modality === 'fluoroscopy' ? missingElement(ctx, 'fluoroscopyTime') : null;
    if (!at) return;
    report({
      at,
      message: 'Fluoroscopy was used but no fluoroscopy time is recorded',
      expected: 'a fluoroscopy time with its unit',
      suggestion: 'Fluoroscopy time: ___ seconds',
    });
  },
  examples: {
    ok: [{ note: 'Under fluoroscopy the needle was placed. Fluoroscopy time: 0.4 minutes.' }],
    notOk: [{ note: 'Under fluoroscopy the needle was placed.\nDAP 1.2 Gy cm2.', messages: ['1:7-1:18'] }],
  },
});
