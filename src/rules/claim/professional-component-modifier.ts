import { defineRule } from '../define.js';

export default defineRule({
  id: 'professional-component-modifier',
  kind: 'claim',
  check({ claim, facts }, report) {
    if (!claim || !claim.facility) return;
    for (const g of claim.guidance) {
      if (g.line.modifiers.includes('26')) continue;
      report({ at: facts.anchor, messageId: 'noModifier26', data: { code: g.code, pos: claim.claim.placeOfService ?? '' }, expected: `${g.code}-26`, actual: g.code });
    }
  },
});
