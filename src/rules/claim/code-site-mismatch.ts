import { defineRule, type Report } from '../define.js';

export default defineRule({
  id: 'code-site-mismatch',
  kind: 'claim',
  check({ claim, doc, facts }, report) {
    if (!claim || !doc.needlePlacement) return;
    const at = doc.site?.span ?? facts.anchor;
    const site = doc.site?.text ?? '';
    // beside a spinal procedure that is not an injection (a vertebral body biopsy, discography) the
    // 77002/77003 split is UNCONFIRMED: a warning that says so instead of a spinal/non-spinal error
    const unconfirmed = claim.primaries.find((p) => p.row?.spinalSplitUnconfirmed);
    const split = (r: Report): void =>
      report(unconfirmed ? { at, severity: 'warning', messageId: 'splitUnconfirmed', data: { code: r.actual!, primary: unconfirmed.line.code, descriptor: unconfirmed.row!.paraphrase } } : r);
    for (const g of claim.guidance) {
      if (g.code === '77002') {
        if (doc.guidanceCode === '77001' || (facts.needle.centralVenous && doc.modality === 'fluoroscopy')) {
          report({ at, messageId: 'centralVenous', expected: '77001', actual: '77002' });
          continue;
        }
        if (doc.site?.spinal === true) {
          split({ at, messageId: 'spinalTarget', data: { site }, expected: '77003', actual: '77002' });
          continue;
        }
        const spinalPrimary = claim.primaries.find((p) => p.row && (p.row.region === 'spine' || p.row.relation77002 === 'use-77003'));
        if (spinalPrimary) {
          const conflict = spinalPrimary.row!.conflict === true;
          split({
            at,
            severity: conflict ? 'warning' : undefined,
            messageId: conflict ? 'sourcesConflict' : 'spinalPrimary',
            data: { primary: spinalPrimary.line.code },
            expected: '77003',
            actual: '77002',
          });
        }
      } else if (g.code === '77001' && doc.modality === 'fluoroscopy' && (doc.guidanceCode === '77002' || doc.guidanceCode === '77003')) {
        report({ at, messageId: 'notCentralVenous', data: { site, code: doc.guidanceCode }, expected: doc.guidanceCode, actual: '77001' });
      } else if (g.code === '77003' && doc.site?.spinal === false) {
        const code = doc.guidanceCode === '77001' ? '77001' : '77002';
        split({ at, messageId: 'nonSpinalTarget', data: { site, code }, expected: code, actual: '77003' });
      }
    }
  },
});
