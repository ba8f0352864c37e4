import { defineRule } from '../define.js';
import { grammars } from '../../grammar/index.js';
import { requiredPresent } from '../../grammar/elements.js';

export default defineRule({
  id: 'documentation-insufficient',
  kind: 'claim',
  check({ claim, doc, facts, needs }, report) {
    if (!claim || doc.supported) return;
    // one finding per cause: a line the primary's code certainly includes is
    // guidance-included-in-primary's to remove, whatever the note says
    const included = new Set(claim.included.filter((i) => i.certainty === 'certain').map((i) => i.guidance));
    const lines = claim.guidance.filter((g) => !included.has(g));
    if (lines.length === 0) return;
    const codes = lines.map((g) => g.code).join(', ');
    // every required element documented at a site whose 77002/77003 split is the payer's call: not
    // supported only because no code follows from the site (the contract's supported), said so
    if (doc.modality === 'fluoroscopy' && doc.site?.spinal === null && requiredPresent(grammars().elements, doc, needs)) {
      report({ at: doc.site.span ?? facts.anchor, severity: 'warning', messageId: 'codeOpen', data: { codes, site: doc.site.text }, expected: 'the payer\'s choice of 77002 or 77003' });
      return;
    }
    report({ at: facts.technique.evidence[0] ?? facts.anchor, messageId: 'unsupported', data: { codes }, expected: 'supported documentation' });
  },
});
