import { defineRule } from '../define.js';

/** 77002 with 77003, or 77001 with 77002, for one needle (facts.md pitfall 2). */
export default defineRule({
  id: 'guidance-codes-combined',
  kind: 'claim',
  check({ claim, doc, facts }, report) {
    const codes = claim?.combinedFluoroscopy ?? [];
    if (codes.length === 0) return;
    const documented = doc.guidanceCode && codes.includes(doc.guidanceCode) ? `: the documentation supports ${doc.guidanceCode}` : '';
    report({ at: facts.anchor, messageId: 'combined', data: { codes: codes.join(' and '), documented }, expected: 'one fluoroscopic guidance code', actual: codes.join(', ') });
  },
});
