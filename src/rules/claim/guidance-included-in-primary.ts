import { defineRule } from '../define.js';

export default defineRule({
  id: 'guidance-included-in-primary',
  kind: 'claim',
  check({ claim, facts }, report) {
    for (const { guidance: g, primary: p, certainty } of claim?.included ?? []) {
      // an ultrasound joint code (20611) beside fluoroscopy: the other modality goes with the code without ultrasound (20610)
      const without = g.modality === 'ultrasound' ? undefined : Object.entries(claim!.table.codes).find(([, row]) => row.withImaging?.ultrasound === p.line.code)?.[0];
      if (without) {
        report({ at: facts.anchor, severity: 'warning', messageId: 'wrongFamily', data: { code: g.code, primary: p.line.code, descriptor: p.row!.paraphrase, modality: g.modality, without }, expected: `${without} with ${g.code}` });
        continue;
      }
      report({
        at: facts.anchor,
        severity: certainty === 'unconfirmed' ? 'warning' : undefined,
        messageId: certainty === 'unconfirmed' ? 'includedUnconfirmed' : 'included',
        data: { code: g.code, primary: p.line.code, descriptor: p.row!.paraphrase },
        expected: `no separate guidance code with ${p.line.code}`,
      });
    }
  },
});
