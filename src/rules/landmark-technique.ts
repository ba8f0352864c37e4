import { defineRule, describeDiscounted } from './define.js';

export default defineRule({
  id: 'landmark-technique',
  kind: 'documentation',
  severity: 'warning',
  docs: {
    what: 'The note documents landmark, palpation, blind or surface-anatomy technique, or states that no imaging guidance was used.',
    why: 'A landmark-guided needle placement cannot support an imaging-guidance code: the record itself says the imaging was not used to guide the needle.',
    fix: 'Do not report the guidance code. If imaging did guide the needle, the note must say so and document the images (saved), their interpretation and the confirmed needle position.',
    sources: ['contract: documentation.technique', 'facts.md §5 (S4b, S5, S9)'],
  },
  check({ doc, facts }, report) {
    if (!doc.needlePlacement || doc.technique !== 'landmark') return;
    const at = facts.technique.evidence[0] ?? facts.anchor;
    report({
      at,
      message: `Landmark technique is documented ('${at.text}'): imaging guidance cannot be billed${describeDiscounted(facts)}`,
      expected: 'imaging guidance of the needle',
      actual: at.text,
      suggestion: 'Remove the guidance code; if imaging was in fact used, document: "Under ___ guidance the needle was placed; images saved to ___."',
    });
  },
  examples: {
    ok: [{ note: 'Under fluoroscopy the needle was advanced into the right hip joint.' }],
    notOk: [{ note: 'Right knee injection.\nUsing anatomic landmarks, a 25-gauge needle was inserted. Fluoroscopy was not needed.', messages: ['2:7-2:25'] }],
  },
});
