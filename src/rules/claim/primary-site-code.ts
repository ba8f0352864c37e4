import { defineRule } from '../define.js';

/** A primary billed for a site that has a code of its own (20610 at the sacroiliac joint: 27096). */
export default defineRule({
  id: 'primary-site-code',
  kind: 'claim',
  check({ claim, doc, facts }, report) {
    const region = doc.site?.region;
    if (!claim || !doc.needlePlacement || !region) return;
    for (const p of claim.primaries) {
      const code = p.row?.siteCode?.[region];
      if (!code) continue;
      const descriptor = claim.table.codes[code]?.paraphrase ?? code;
      report({ at: doc.site!.span ?? facts.anchor, messageId: 'siteCode', data: { primary: p.line.code, site: doc.site!.text, code, descriptor }, expected: code, actual: p.line.code });
    }
  },
});
