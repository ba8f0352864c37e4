import { defineRule } from './define.js';

export default defineRule({
  id: 'no-needle-placement',
  kind: 'documentation',
  severity: 'info',
  docs: {
    what: 'The note describes no needle or needle-like device placed (no injection, aspiration, biopsy, block, localization wire, drain or catheter over a needle, or vascular access).',
    why: 'The needle-guidance codes (77001-77003, 76942, 77012, 77021) describe guiding a needle. Fluoroscopy for a fracture reduction or a cholangiogram is not needle guidance, so these codes do not apply.',
    fix: 'If a needle was placed, document it: what was placed, where, and how (e.g. "A ___-gauge needle was advanced into the ___"). Otherwise do not report a needle-guidance code.',
    sources: ['contract: documentation.needlePlacement', 'facts.md §1 (S1, S3b): 77002 covers needle biopsy, aspiration, injection or localization device'],
  },
  check({ doc, facts }, report) {
    if (doc.needlePlacement) return;
    report({
      at: facts.mentions[0]?.span ?? facts.anchor,
      message: 'No needle placement is documented: needle-guidance codes do not apply to this note',
      expected: 'a needle, injection, aspiration, biopsy, block or vascular access',
      suggestion: 'If a needle was placed, document it: "A ___-gauge needle was advanced into the ___ under ___ guidance."',
    });
  },
  examples: {
    ok: [{ note: 'PROCEDURE: Right knee injection.\nUnder fluoroscopy a 22-gauge needle was advanced into the joint.' }],
    notOk: [{ note: 'PROCEDURE: Closed reduction of the distal radius.\nFluoroscopy confirmed anatomic alignment.', messages: ['2:1-2:12'] }],
  },
});
