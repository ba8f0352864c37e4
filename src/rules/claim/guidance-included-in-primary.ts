import { defineRule } from '../define.js';

export default defineRule({
  id: 'guidance-included-in-primary',
  kind: 'claim',
  check({ claim, doc, facts }, report) {
    for (const { guidance: g, primary: p, certainty } of claim?.included ?? []) {
      // a code that includes ultrasound only (20611, 10005) beside another modality's guidance the note
      // documents (or names no modality for): that modality goes with the code without ultrasound
      // (20610) and a guidance code, or with that code's own sibling for it (10021 → 10007)
      const otherModality = g.modality !== 'ultrasound' && (doc.modality === null || doc.modality === g.modality);
      const without = otherModality ? Object.entries(claim!.table.codes).find(([, row]) => row.withImaging?.ultrasound === p.line.code) : undefined;
      const sibling = without?.[1].withImaging?.[g.modality];
      const data = { code: g.code, primary: p.line.code, descriptor: p.row!.paraphrase, modality: g.modality };
      if (without && sibling !== p.line.code) {
        if (sibling) report({ at: facts.anchor, messageId: 'otherSibling', data: { ...data, sibling }, expected: `${sibling} with no separate guidance code` });
        else report({ at: facts.anchor, severity: 'warning', messageId: 'wrongFamily', data: { ...data, without: without[0] }, expected: `${without[0]} with ${g.code}` });
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
