import { defineRule } from '../define.js';

export default defineRule({
  id: 'guidance-included-in-primary',
  kind: 'claim',
  severity: 'error',
  docs: {
    what: 'A guidance code (76942, 77001-77003, 77012, 77021) is billed beside a primary code whose descriptor already includes imaging guidance (e.g. 64479-64495, 62321/62323, 27096, 20611, 49083).',
    why: 'CPT: do not report guidance codes for services whose descriptor includes the guidance. Billing it again is unbundling; appending a modifier does not fix it.',
    fix: 'Remove the guidance line. Where the table marks the inclusion UNCONFIRMED, check the current CPT parenthetical and NCCI PTP file (reported as a warning).',
    sources: ['facts.md §2.1, §2.3, §2.5 (S1, S40, S10, S11, S50, S23, S24)'],
  },
  check({ claim, facts }, report) {
    for (const { guidance: g, primary: p, certainty } of claim?.included ?? []) {
      report({
        at: facts.anchor,
        severity: certainty === 'unconfirmed' ? 'warning' : undefined,
        message: `${g.code} is billed with ${p.line.code} (${p.row!.paraphrase}), whose code already includes imaging guidance${certainty === 'unconfirmed' ? ' (inclusion UNCONFIRMED in the sources: check CPT and NCCI)' : ''}`,
        expected: `no separate guidance code with ${p.line.code}`,
      });
    }
  },
  examples: {
    ok: [{ note: 'Right knee injection under fluoroscopy.', claim: { lines: [{ code: '20610', modifiers: [], units: 1 }, { code: '77002', modifiers: [], units: 1 }], diagnoses: [] } }],
    notOk: [{ note: 'Left L5-S1 transforaminal epidural steroid injection under fluoroscopy.', claim: { lines: [{ code: '64483', modifiers: ['LT'], units: 1 }, { code: '77003', modifiers: [], units: 1 }], diagnoses: [] }, messages: ['1:1-1:72'] }],
  },
});
