import { defineRule } from './define.js';

export default defineRule({
  id: 'template-placeholder',
  kind: 'documentation',
  check({ facts }, report) {
    for (const p of facts.placeholders) {
      report({ at: p.span, messageId: 'unfilled', data: { text: p.span.text }, actual: p.span.text, suggestion: 'Replace with what was actually done, or delete the field' });
    }
  },
});
