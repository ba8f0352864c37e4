import { defineRule } from './define.js';

export default defineRule({
  id: 'spinal-site',
  kind: 'documentation',
  check({ doc }, report) {
    if (doc.technique !== 'imaging' || doc.modality !== 'fluoroscopy' || doc.site?.spinal !== true || !doc.site.span) return;
    report({ at: doc.site.span, messageId: 'spinal', data: { site: doc.site.text } });
  },
});
