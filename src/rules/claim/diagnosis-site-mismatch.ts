import { defineRule } from '../define.js';
import { lookupIcd } from '../../claim/codes.js';
import { siteWords } from '../../grammar/site-words.js';

export default defineRule({
  id: 'diagnosis-site-mismatch',
  kind: 'claim',
  check({ claim, doc, facts }, report) {
    // a central line's or port's diagnosis is its indication (a cancer, sepsis), not its site
    if (!claim || !doc.site?.span || doc.guidanceCode === '77001' || facts.needle.centralVenous) return;
    const site = doc.site;
    for (const dx of claim.claim.diagnoses) {
      const row = lookupIcd(dx);
      if (!row || row.areas.length === 0) continue;
      const wrongSite = !row.areas.includes(site.area);
      const wrongSide = (row.side === 'left' || row.side === 'right') && (site.laterality === 'left' || site.laterality === 'right') && row.side !== site.laterality;
      if (!wrongSite && !wrongSide) continue;
      report({
        at: site.span!,
        messageId: 'mismatch',
        data: { dx, label: row.label, site: site.text, side: site.laterality ? ` (${site.laterality})` : '' },
        expected: `a diagnosis for the ${site.laterality ? site.laterality + ' ' : ''}${siteWords(site.area)}`,
        actual: dx,
      });
    }
  },
});
