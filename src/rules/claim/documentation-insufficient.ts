import { defineRule } from '../define.js';

export default defineRule({
  id: 'documentation-insufficient',
  kind: 'claim',
  severity: 'error',
  docs: {
    what: 'A guidance code is billed and the documentation does not support it (documentation.supported is false).',
    why: 'Billing guidance that the note does not support (imaging used, images saved, interpreted, needle position confirmed) fails on review and is recouped.',
    fix: 'Hold the line and query the physician for the missing elements, or remove it.',
    sources: ['contract: documentation.supported', 'facts.md §5'],
  },
  check({ claim, doc, facts }, report) {
    if (!claim || claim.guidance.length === 0 || doc.supported) return;
    report({ at: facts.technique.evidence[0] ?? facts.anchor, message: `${claim.guidance.map((g) => g.code).join(', ')} billed but the documentation does not support imaging guidance`, expected: 'supported documentation' });
  },
  examples: {
    ok: [{ note: 'IMAGING GUIDANCE: Under fluoroscopy the needle entered the right knee joint; contrast outlined the joint. Images saved to PACS.', claim: { lines: [{ code: '20610', modifiers: [], units: 1 }, { code: '77002', modifiers: [], units: 1 }], diagnoses: [] } }],
    notOk: [{ note: 'Right knee injection under fluoroscopy.', claim: { lines: [{ code: '20610', modifiers: [], units: 1 }, { code: '77002', modifiers: [], units: 1 }], diagnoses: [] }, messages: ['1:28-1:39'] }],
  },
});
