import { defineRule } from '../define.js';

/**
 * 76000 beside a needle procedure or a guidance code, or for a note whose needle fluoroscopy guided:
 * integral to the procedure, not reported separately (facts.md pitfall 5).
 */
export default defineRule({
  id: 'standalone-fluoroscopy',
  kind: 'claim',
  check({ claim, doc, facts }, report) {
    if (!claim) return;
    const procedure = claim.primaries.find((p) => p.row);
    const guidedNeedle = doc.needlePlacement && doc.technique === 'imaging' && doc.modality === 'fluoroscopy';
    for (const { line } of claim.standaloneImaging) {
      if (claim.guidance.length > 0) {
        const guidance = [...new Set(claim.guidance.map((g) => g.code))].join(', ');
        report({ at: facts.anchor, messageId: 'withGuidance', data: { code: line.code, guidance }, expected: `${guidance} alone`, actual: `${line.code} and ${guidance}` });
      } else if (procedure) {
        report({ at: facts.anchor, messageId: 'withProcedure', data: { code: line.code, primary: procedure.line.code, descriptor: procedure.row!.paraphrase }, expected: `no ${line.code}`, actual: line.code });
      } else if (guidedNeedle) {
        report({ at: facts.technique.evidence[0] ?? facts.anchor, messageId: 'guidedNeedle', data: { code: line.code }, expected: `the needle procedure's code`, actual: line.code });
      }
    }
  },
});
