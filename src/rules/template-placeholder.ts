import { defineRule } from './define.js';

export default defineRule({
  id: 'template-placeholder',
  kind: 'documentation',
  severity: 'error',
  docs: {
    what: 'Unfilled template text remains in the note: ***, ___, {FIELD}, <select>, or a group of [ ] boxes with none ticked.',
    why: 'An unfilled template field documents nothing, and a signed note with template residue undermines every other statement in it under audit.',
    fix: 'Fill in the field with what was actually done, or delete it.',
    sources: ['contract: rule template-placeholder'],
  },
  check({ facts }, report) {
    for (const p of facts.placeholders) {
      report({ at: p.span, message: `Unfilled template text '${p.span.text}'`, actual: p.span.text, suggestion: 'Replace with what was actually done, or delete the field' });
    }
  },
  examples: {
    ok: [{ note: 'Knee injection under fluoroscopy. Fluoroscopy time: 18 seconds.\n[x] Images saved [ ] Images not saved' }],
    notOk: [{ note: 'Knee injection under fluoroscopy. Fluoroscopy time: *** seconds.\nImages saved: [ ] yes [ ] no', messages: ['1:53-1:56', '2:15-2:18'] }],
  },
});
