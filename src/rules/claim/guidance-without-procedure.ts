import { defineRule } from '../define.js';
import { ADDON_GUIDANCE } from '../../claim/codes.js';

/** 76942, 77012 or 77021 with no procedure line: the claim's action removes it, this says why. */
export default defineRule({
  id: 'guidance-without-procedure',
  kind: 'claim',
  check({ claim, facts }, report) {
    if (!claim || claim.primaries.length > 0) return;
    for (const g of claim.guidance.filter((g) => !ADDON_GUIDANCE.includes(g.code))) {
      report({ at: facts.needle.evidence[0] ?? facts.anchor, messageId: 'noProcedure', data: { code: g.code }, expected: 'the procedure the imaging guided', suggestion: 'Procedure performed: ___ (CPT)' });
    }
  },
});
