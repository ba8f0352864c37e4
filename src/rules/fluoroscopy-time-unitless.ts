import { defineRule } from './define.js';

export default defineRule({
  id: 'fluoroscopy-time-unitless',
  kind: 'documentation',
  severity: 'warning',
  docs: {
    what: 'A fluoroscopy time is written without a unit ("Fluoro time: 12"), so it cannot be read as seconds or minutes.',
    why: 'A time without a unit may be seconds or minutes; guidelint flags it rather than guess, and reports the seconds as unknown.',
    fix: 'Add the unit: "Fluoroscopy time: 12 seconds" (or minutes).',
    sources: ['project rule: issue "The NLP pass" (a number without a unit is flagged, not guessed)'],
  },
  check({ facts }, report) {
    for (const at of facts.elements.fluoroscopyTime?.unitless ?? []) {
      report({ at, message: `Fluoroscopy time '${at.text}' has no unit`, expected: 'a unit (seconds or minutes)', actual: at.text, suggestion: 'Fluoroscopy time: ___ seconds' });
    }
  },
  examples: {
    ok: [{ note: 'Under fluoroscopy the needle was placed. Fluoroscopy time: 12 seconds.' }],
    notOk: [{ note: 'Under fluoroscopy the needle was placed.\nFluoro time: 12', messages: ['2:1-2:16'] }],
  },
});
