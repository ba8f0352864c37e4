import { defineRule } from '../define.js';

export default defineRule({
  id: 'addon-without-primary',
  kind: 'claim',
  severity: 'error',
  docs: {
    what: 'An add-on guidance code (77001, 77002, 77003) is billed with no primary procedure on the claim.',
    why: 'Add-on codes (global ZZZ) are payable only with the primary procedure they add to; alone they are denied as add-on misuse.',
    fix: 'Add the primary procedure code that was performed (e.g. 20610), or remove the guidance line.',
    sources: ['facts.md §1 (S1, S5, S54: global ZZZ)'],
  },
  check({ claim, facts }, report) {
    for (const g of claim?.addonsWithoutPrimary ?? []) {
      report({ at: facts.needle.evidence[0] ?? facts.anchor, message: `Add-on ${g.code} is billed with no primary procedure on the claim`, expected: 'a primary procedure code', suggestion: 'Primary procedure performed: ___ (CPT)' });
    }
  },
  examples: {
    ok: [{ note: 'Right knee injection under fluoroscopy.', claim: { lines: [{ code: '20610', modifiers: ['RT'], units: 1 }, { code: '77002', modifiers: [], units: 1 }], diagnoses: [] } }],
    notOk: [{ note: 'Right knee injection under fluoroscopy.', claim: { lines: [{ code: '77002', modifiers: [], units: 1 }], diagnoses: [] }, messages: ['1:12-1:21'] }],
  },
});
