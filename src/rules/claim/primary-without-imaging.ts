import { defineRule } from '../define.js';
import { withImagingSiblings } from '../../claim/claim-facts.js';

/**
 * A "without imaging" primary (62270, 32554, 49082, 62322 …) where imaging guided the needle:
 * the with-imaging sibling is the code, and it includes the guidance (facts.md pitfall 6).
 */
export default defineRule({
  id: 'primary-without-imaging',
  kind: 'claim',
  check({ claim, doc, facts }, report) {
    if (!claim) return;
    for (const { guidance: g, primary: p, withImaging, modality } of claim.withoutImaging) {
      report({
        at: facts.anchor,
        messageId: 'guidanceBilled',
        data: { code: g.code, primary: p.line.code, descriptor: p.row!.paraphrase, modality, withImaging },
        expected: `${withImaging} with no separate guidance code`,
        actual: `${p.line.code} and ${g.code}`,
      });
    }
    if (!doc.needlePlacement || doc.technique !== 'imaging' || !doc.modality) return;
    const modality = doc.modality;
    const billedWithGuidance = new Set(claim.withoutImaging.map((w) => w.primary));
    for (const { primary: p, withImaging } of withImagingSiblings(claim, modality)) {
      if (billedWithGuidance.has(p)) continue;
      report({
        at: facts.technique.evidence[0] ?? facts.anchor,
        severity: 'warning',
        messageId: 'imagingDocumented',
        data: { primary: p.line.code, descriptor: p.row!.paraphrase, modality, withImaging },
        expected: withImaging,
        actual: p.line.code,
      });
    }
  },
});
