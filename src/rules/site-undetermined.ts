import { defineRule } from './define.js';

export default defineRule({
  id: 'site-undetermined',
  kind: 'documentation',
  check({ doc, facts }, report) {
    if (doc.technique !== 'imaging' || !doc.needlePlacement || doc.site) return;
    report({
      at: facts.needle.evidence[0] ?? facts.anchor,
      messageId: 'noTarget',
      expected: 'the anatomic target and side',
      suggestion: 'Target: ___ (structure), side: ___',
    });
  },
});
