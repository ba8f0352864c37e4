import { defineRule } from './define.js';

export default defineRule({
  id: 'fluoroscopy-time-unitless',
  kind: 'documentation',
  check({ facts }, report) {
    for (const at of facts.elements.fluoroscopyTime?.unitless ?? []) {
      report({ at, messageId: 'unitless', data: { text: at.text }, expected: 'a unit (seconds or minutes)', actual: at.text, suggestion: 'Fluoroscopy time: ___ seconds' });
    }
  },
});
