import { defineRule } from '../define.js';

export default defineRule({
  id: 'units-exceed-encounter',
  kind: 'claim',
  check({ claim, facts }, report) {
    for (const { code, units, confirmed } of claim?.excessUnits ?? []) {
      report({ at: facts.anchor, severity: confirmed ? undefined : 'warning', messageId: confirmed ? 'units' : 'unitsUnconfirmed', data: { code, units }, expected: '1 unit', actual: `${units} units`, suggestion: 'If separate encounters occurred, document each: session ___ at ___ (time)' });
    }
  },
});
