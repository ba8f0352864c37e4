import { defineRule } from '../define.js';

export default defineRule({
  id: 'unknown-code',
  kind: 'claim',
  severity: 'warning',
  docs: {
    what: 'A claim line holds a code that the code table (grammars/codes.yaml) does not know.',
    why: 'guidelint never guesses what an unknown code includes: the edits that depend on it (bundling, site) are not checked for that line.',
    fix: 'Check the code; if it is right, add it to the code table with its source.',
    sources: ['project rule: issue "Pre-bill" (a code the table does not hold is named, never guessed at)'],
  },
  check({ claim, facts }, report) {
    if (!claim) return;
    for (const line of claim.unknown) report({ at: facts.anchor, message: `Code ${line.code} is not in the code table; its edits are not checked`, actual: line.code });
  },
  examples: {
    ok: [{ note: 'Right knee injection under fluoroscopy.', claim: { lines: [{ code: '20610', modifiers: [], units: 1 }, { code: '77002', modifiers: [], units: 1 }], diagnoses: [] } }],
    notOk: [{ note: 'Right knee injection under fluoroscopy.', claim: { lines: [{ code: '12345', modifiers: [], units: 1 }, { code: '77002', modifiers: [], units: 1 }], diagnoses: [] }, messages: ['1:1-1:40'] }],
  },
});
