import { defineRule } from './define.js';

export default defineRule({
  id: 'central-venous-access',
  kind: 'documentation',
  check({ doc, facts }, report) {
    if (doc.guidanceCode !== '77001') return;
    report({ at: facts.needle.centralVenousEvidence[0] ?? facts.anchor, messageId: 'centralVenous' });
  },
});
