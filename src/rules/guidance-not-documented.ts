import { defineRule, describeDiscounted } from './define.js';

export default defineRule({
  id: 'guidance-not-documented',
  kind: 'documentation',
  severity: 'warning',
  docs: {
    what: 'A needle is placed but the note says nothing affirmative about how it was guided: no imaging modality used for this procedure, and no landmark technique either.',
    why: 'Imaging guidance can only be billed when the record shows the imaging guided the needle. Negated ("fluoroscopy was not needed"), hypothetical, historical and diagnostic-study mentions do not count.',
    fix: 'State how the needle was guided: the modality that was actually used (fluoroscopy, ultrasound, CT, MRI) or that landmark/palpation technique was used.',
    sources: ['contract: documentation.technique', 'facts.md §5.2 (S5, S9): the procedure note must state that fluoroscopy guided the needle'],
  },
  check({ doc, facts }, report) {
    if (!doc.needlePlacement || doc.technique !== 'unstated') return;
    report({
      at: facts.needle.evidence[0] ?? facts.anchor,
      message: `A needle is placed but no guidance technique is documented${describeDiscounted(facts)}`,
      expected: 'the modality that guided the needle, or landmark technique',
      suggestion: 'Guidance: ___ (fluoroscopy / ultrasound / CT / MRI / landmark palpation)',
    });
  },
  examples: {
    ok: [{ note: 'The right knee was injected under fluoroscopic guidance.' }],
    notOk: [{ note: 'PROCEDURE: Left shoulder injection.\nA 22-gauge needle was advanced into the glenohumeral joint.', messages: ['1:26-1:35'] }],
  },
});
