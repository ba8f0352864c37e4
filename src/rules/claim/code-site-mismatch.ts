import { defineRule } from '../define.js';

export default defineRule({
  id: 'code-site-mismatch',
  kind: 'claim',
  severity: 'error',
  docs: {
    what: '77002 billed for a spinal/paraspinal target or with a spinal primary, 77003 billed for a non-spinal target, or 77002 billed for central venous access (77001).',
    why: '77003 is only for spine and paraspinous injections, 77002 for everything else, and 77001 for central venous access devices. Payers edit these against the primary code and site.',
    fix: 'Bill the guidance code that matches the documented target (77003 spinal, 77002 non-spinal, 77001 central venous access). Where the sources conflict (sympathetic blocks such as 64520) follow payer policy.',
    sources: ['facts.md §2.1, §2.4, §6 (S1, S40, S19, S20, S33)'],
  },
  check({ claim, doc, facts }, report) {
    if (!claim || !doc.needlePlacement) return;
    const at = doc.site?.span ?? facts.anchor;
    for (const g of claim.guidance) {
      if (g.code === '77002') {
        if (doc.guidanceCode === '77001' || (facts.needle.centralVenous && doc.modality === 'fluoroscopy')) {
          report({ at, message: '77002 is billed for central venous access: the fluoroscopic guidance code is 77001', expected: '77001', actual: '77002' });
          continue;
        }
        if (doc.site?.spinal === true) {
          report({ at, message: `77002 is billed for a spinal/paraspinal target ('${doc.site.text}'): the code is 77003`, expected: '77003', actual: '77002' });
          continue;
        }
        const spinalPrimary = claim.primaries.find((p) => p.row && (p.row.region === 'spine' || p.row.relation77002 === 'use-77003'));
        if (spinalPrimary) {
          const conflict = spinalPrimary.row!.conflict === true;
          report({
            at,
            severity: conflict ? 'warning' : undefined,
            message: conflict
              ? `77002 with ${spinalPrimary.line.code}: the sources conflict (CPT Assistant 7/2008 points to 77002, 12/2010 to 77003); follow payer policy`
              : `77002 is billed with the spinal primary ${spinalPrimary.line.code}: the spinal guidance code is 77003`,
            expected: '77003',
            actual: '77002',
          });
        }
      } else if (g.code === '77003' && doc.site?.spinal === false) {
        report({ at, message: `77003 is billed for a non-spinal target ('${doc.site.text}'): the code is ${doc.guidanceCode === '77001' ? '77001' : '77002'}`, expected: doc.guidanceCode === '77001' ? '77001' : '77002', actual: '77003' });
      }
    }
  },
  examples: {
    ok: [{ note: 'Right knee injection under fluoroscopy.', claim: { lines: [{ code: '20610', modifiers: [], units: 1 }, { code: '77002', modifiers: [], units: 1 }], diagnoses: [] } }],
    notOk: [{ note: 'Right knee injection under fluoroscopy.', claim: { lines: [{ code: '20610', modifiers: [], units: 1 }, { code: '77003', modifiers: [], units: 1 }], diagnoses: [] }, messages: ['1:7-1:11'] }],
  },
});
