import { defineRule } from './define.js';

export default defineRule({
  id: 'site-undetermined',
  kind: 'documentation',
  severity: 'warning',
  docs: {
    what: 'Imaging guided the needle but no anatomic target could be found in the note.',
    why: 'The target decides the code: 77002 for non-spinal targets, 77003 for spinal/paraspinal ones, 77001 for central venous access. Without it the code cannot be chosen.',
    fix: 'Name the target and side, e.g. "left knee joint", "right L4-5 facet joint".',
    sources: ['facts.md §6', 'contract: documentation.site'],
  },
  check({ doc, facts }, report) {
    if (doc.technique !== 'imaging' || !doc.needlePlacement || doc.site) return;
    report({
      at: facts.needle.evidence[0] ?? facts.anchor,
      message: 'No anatomic target of the needle could be found',
      expected: 'the anatomic target and side',
      suggestion: 'Target: ___ (structure), side: ___',
    });
  },
  examples: {
    ok: [{ note: 'Under fluoroscopy a needle was placed into the right shoulder joint.' }],
    notOk: [{ note: 'Under fluoroscopy a needle was placed.', messages: ['1:21-1:27'] }],
  },
});
