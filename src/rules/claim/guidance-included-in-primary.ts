import { defineRule } from '../define.js';
import type { Modality } from '../../types.js';

/** The guidance a descriptor names, and what its sibling without it is called. */
const OWN: Partial<Record<string, { modalities: Modality[]; words: string }>> = {
  ultrasound: { modalities: ['ultrasound'], words: 'ultrasound' },
  'fluoroscopy-or-ct': { modalities: ['fluoroscopy', 'ct'], words: 'imaging guidance' },
};

export default defineRule({
  id: 'guidance-included-in-primary',
  kind: 'claim',
  check({ claim, doc, facts }, report) {
    for (const { guidance: g, primary: p, certainty, sibling: named } of claim?.included ?? []) {
      // a code whose descriptor names its guidance (20611 and 10005 ultrasound, 62323 fluoroscopy or CT)
      // beside another modality's guidance the note documents (or names no modality for): that modality
      // goes with the code without it (20610, 62322) and a guidance code, or with that code's own
      // sibling for the modality (10021 → 10007)
      const own = OWN[p.row!.includesGuidance];
      const otherModality = own && !own.modalities.includes(g.modality) && (doc.modality === null || doc.modality === g.modality);
      const without = otherModality ? Object.entries(claim!.table.codes).find(([, row]) => row.withImaging?.[own.modalities[0]] === p.line.code) : undefined;
      // a breast code beside another modality's guidance: that modality's breast code (claim-facts)
      const sibling = named ?? without?.[1].withImaging?.[g.modality];
      const data = { code: g.code, primary: p.line.code, descriptor: p.row!.paraphrase, modality: named ? (doc.modality ?? g.modality) : g.modality };
      if (named || without) {
        if (sibling) report({ at: facts.anchor, messageId: 'otherSibling', data: { ...data, sibling }, expected: `${sibling} with no separate guidance code` });
        else report({ at: facts.anchor, severity: 'warning', messageId: 'wrongFamily', data: { ...data, without: without![0], words: own!.words }, expected: `${without![0]} with ${g.code}` });
        continue;
      }
      report({
        at: facts.anchor,
        severity: certainty === 'unconfirmed' ? 'warning' : undefined,
        messageId: certainty === 'unconfirmed' ? 'includedUnconfirmed' : 'included',
        data,
        expected: `no separate guidance code with ${p.line.code}`,
      });
    }
  },
});
