import { defineRule } from '../define.js';
import { guidanceInclusion } from '../inclusion.js';
import { withImagingSiblings } from '../../claim/claim-facts.js';

export default defineRule({
  id: 'guidance-documented-not-billed',
  kind: 'claim',
  check(ctx, report) {
    const { claim, doc, facts } = ctx;
    if (!claim || claim.guidance.length > 0 || !doc.supported || !doc.guidanceCode) return;
    // the primary's own code includes the guidance: nothing is missing from the claim
    if (guidanceInclusion(ctx)) return;
    // a "without imaging" primary: its with-imaging code is what is missing (primary-without-imaging)
    if (withImagingSiblings(claim, doc.modality!).length > 0) return;
    // a general primary for a procedure whose own code includes it (primary-site-code says so)
    if (claim.specific.length > 0) return;
    // the sources disagree whether it goes beside this primary (guidance-inclusion-open says so)
    if (claim.openInclusions.some((o) => o.guidance.includes(doc.guidanceCode!))) return;
    report({
      at: facts.technique.evidence[0] ?? facts.anchor,
      messageId: 'notBilled',
      data: { code: doc.guidanceCode },
      expected: doc.guidanceCode,
      actual: 'no guidance line',
    });
  },
});
