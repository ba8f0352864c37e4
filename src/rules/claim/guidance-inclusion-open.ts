import { defineRule } from '../define.js';

/** A guidance code billed, or documented, beside a primary where the sources disagree whether it is reported (PICC and 77001). */
export default defineRule({
  id: 'guidance-inclusion-open',
  kind: 'claim',
  check({ claim, doc, facts }, report) {
    for (const { primary: p, guidance, question } of claim?.openInclusions ?? []) {
      const billed = claim!.guidance.filter((g) => guidance.includes(g.code)).map((g) => g.code);
      const documented = doc.supported && doc.guidanceCode && guidance.includes(doc.guidanceCode) ? doc.guidanceCode : null;
      if (billed.length > 0) report({ at: facts.anchor, messageId: 'billed', data: { code: [...new Set(billed)].join(', '), primary: p.line.code, question }, actual: `${p.line.code} and ${billed[0]}` });
      else if (documented) report({ at: facts.technique.evidence[0] ?? facts.anchor, messageId: 'documented', data: { code: documented, primary: p.line.code, question } });
    }
  },
});
