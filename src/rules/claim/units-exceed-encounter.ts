import { defineRule } from '../define.js';

export default defineRule({
  id: 'units-exceed-encounter',
  kind: 'claim',
  severity: 'error',
  docs: {
    what: 'More than one unit, or more than one line, of a guidance code without documented distinct sessions.',
    why: 'NCCI: 76942, 77002, 77003, 77012 and 77021 are reported once per patient encounter however many needles are placed or lesions treated.',
    fix: 'Bill one unit. If there truly were separate encounters, document each session (times, separate setup) and use XE.',
    sources: ['facts.md §1 and §3 (S2: NCCI Policy Manual ch. IX §G)'],
  },
  check({ claim, facts }, report) {
    for (const { code, units } of claim?.excessUnits ?? []) {
      report({ at: facts.anchor, message: `${code} is billed ${units} units; guidance is one unit per encounter however many needles`, expected: '1 unit', actual: `${units} units`, suggestion: 'If separate encounters occurred, document each: session ___ at ___ (time)' });
    }
  },
  examples: {
    ok: [{ note: 'Bilateral knee injections under fluoroscopy.', claim: { lines: [{ code: '20610', modifiers: ['50'], units: 1 }, { code: '77002', modifiers: [], units: 1 }], diagnoses: [] } }],
    notOk: [{ note: 'Bilateral knee injections under fluoroscopy.', claim: { lines: [{ code: '20610', modifiers: ['50'], units: 1 }, { code: '77002', modifiers: [], units: 2 }], diagnoses: [] }, messages: ['1:1-1:45'] }],
  },
});
