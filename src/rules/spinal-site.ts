import { defineRule } from './define.js';

export default defineRule({
  id: 'spinal-site',
  kind: 'documentation',
  severity: 'info',
  docs: {
    what: 'Fluoroscopy guided a needle to a spinal or paraspinal target: the guidance code is 77003, not 77002.',
    why: '77003 is for spine and paraspinous injections; 77002 is for everything else. Many spinal injection codes (64479-64495, 62321/62323, 27096) already include imaging, so neither is billed with them.',
    fix: 'Report 77003 when the primary code does not already include imaging guidance.',
    sources: ['facts.md §1 and §6 (S1, S40, S11)'],
  },
  check({ doc }, report) {
    if (doc.technique !== 'imaging' || doc.modality !== 'fluoroscopy' || doc.site?.spinal !== true || !doc.site.span) return;
    report({ at: doc.site.span, message: `Spinal/paraspinal target '${doc.site.text}': the fluoroscopic guidance code is 77003, not 77002` });
  },
  examples: {
    ok: [{ note: 'Under fluoroscopy a needle was placed into the right knee joint.' }],
    notOk: [{ note: 'Under fluoroscopy a needle was placed into the L4-5 facet joint.', messages: ['1:53-1:64'] }],
  },
});
