import { defineRule } from '../define.js';

const UNBUNDLING = ['59', 'XE', 'XS', 'XP', 'XU'];

export default defineRule({
  id: 'modifier-unbundling',
  kind: 'claim',
  severity: 'error',
  docs: {
    what: 'Modifier 59 or XE/XS/XP/XU is appended to a guidance line beside a primary whose code already includes imaging guidance.',
    why: 'These modifiers mark a distinct service; using them to get paid for guidance that is part of the primary code is unbundling, which payers and auditors target.',
    fix: 'Remove the guidance line (and its modifier). Do not append 59/X{EPSU} to force payment of bundled guidance.',
    sources: ['facts.md §3 (S35, S35b, S35c, S4b)'],
  },
  check({ claim, facts }, report) {
    for (const { guidance: g, primary: p, certainty } of claim?.included ?? []) {
      const mods = g.line.modifiers.filter((m) => UNBUNDLING.includes(m));
      if (!mods.length) continue;
      report({
        at: facts.anchor,
        severity: certainty === 'unconfirmed' ? 'warning' : undefined,
        message: `Modifier ${mods.join('/')} on ${g.code} bypasses the bundle: ${p.line.code} already includes imaging guidance`,
        expected: `no ${g.code} line`,
        actual: `${g.code}-${mods.join('-')}`,
      });
    }
  },
  examples: {
    ok: [{ note: 'Right knee injection under fluoroscopy.', claim: { lines: [{ code: '20610', modifiers: [], units: 1 }, { code: '77002', modifiers: ['26'], units: 1 }], diagnoses: [] } }],
    notOk: [{ note: 'Right L4-5 facet injection under fluoroscopy.', claim: { lines: [{ code: '64493', modifiers: ['RT'], units: 1 }, { code: '77003', modifiers: ['59'], units: 1 }], diagnoses: [] }, messages: ['1:1-1:46'] }],
  },
});
