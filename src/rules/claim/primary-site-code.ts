import { defineRule } from '../define.js';

/** A primary billed for a site that has a code of its own (20610 at the sacroiliac joint: 27096). */
export default defineRule({
  id: 'primary-site-code',
  kind: 'claim',
  check({ claim, doc, facts }, report) {
    if (!claim) return;
    for (const { primary: p, code } of claim.specific) {
      const guidance = claim.guidance.length ? ` and no separate guidance code (${[...new Set(claim.guidance.map((g) => g.code))].join(', ')})` : '';
      report({ at: facts.inclusiveProcedures[0]?.span ?? facts.anchor, messageId: 'specificCode', data: { primary: p.line.code, code, descriptor: claim.table.codes[code]?.paraphrase ?? code, guidance }, expected: code, actual: p.line.code });
    }
    const region = doc.site?.region;
    if (!doc.needlePlacement || !region) return;
    for (const p of claim.primaries) {
      const code = p.row?.siteCode?.[region];
      if (!code) continue;
      const descriptor = claim.table.codes[code]?.paraphrase ?? code;
      report({ at: doc.site!.span ?? facts.anchor, messageId: 'siteCode', data: { primary: p.line.code, site: doc.site!.text, code, descriptor }, expected: code, actual: p.line.code });
    }
  },
});
