import { defineRule } from './define.js';
import { guidanceInclusion } from './inclusion.js';

export default defineRule({
  id: 'spinal-site',
  kind: 'documentation',
  check(ctx, report) {
    const { doc } = ctx;
    if (doc.technique !== 'imaging' || doc.modality !== 'fluoroscopy' || doc.site?.spinal !== true || !doc.site.span) return;
    // a facet, epidural or SI joint code includes the fluoroscopy: procedure-includes-guidance says
    // so, and no guidance code (77003 included) is reported
    if (guidanceInclusion(ctx)) return;
    report({ at: doc.site.span, messageId: 'spinal', data: { site: doc.site.text } });
  },
});
