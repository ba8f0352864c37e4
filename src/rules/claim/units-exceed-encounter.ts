import { defineRule } from '../define.js';

export default defineRule({
  id: 'units-exceed-encounter',
  kind: 'claim',
  check({ claim, facts }, report) {
    for (const { code, units } of claim?.excessUnits ?? []) {
      report({ at: facts.anchor, messageId: 'units', data: { code, units }, expected: '1 unit', actual: `${units} units`, suggestion: 'If separate encounters occurred, document each: session ___ at ___ (time)' });
    }
  },
});
