import { defineRule } from '../define.js';
import { lookupIcd } from '../../claim/codes.js';

export default defineRule({
  id: 'diagnosis-site-mismatch',
  kind: 'claim',
  severity: 'warning',
  docs: {
    what: "A diagnosis' side (ICD-10-CM final character 1 right, 2 left) or body site contradicts the documented needle target.",
    why: 'Laterality and site must agree across the note, the CPT line and the ICD-10 code; a right-knee diagnosis does not support a left-shoulder injection.',
    fix: 'Correct the diagnosis to the documented site and side, or correct the note if the side is wrong there.',
    sources: ['facts.md §5.6 and §7 (S13, S16, S53)'],
  },
  check({ claim, doc }, report) {
    if (!claim || !doc.site?.span) return;
    const site = doc.site;
    for (const dx of claim.claim.diagnoses) {
      const row = lookupIcd(dx);
      if (!row || row.areas.length === 0) continue;
      const wrongSite = !row.areas.includes(site.area);
      const wrongSide = (row.side === 'left' || row.side === 'right') && (site.laterality === 'left' || site.laterality === 'right') && row.side !== site.laterality;
      if (!wrongSite && !wrongSide) continue;
      report({
        at: site.span!,
        message: `Diagnosis ${dx} (${row.label}) does not match the documented target '${site.text}'${site.laterality ? ` (${site.laterality})` : ''}`,
        expected: `a diagnosis for the ${site.laterality ? site.laterality + ' ' : ''}${site.area}`,
        actual: dx,
      });
    }
  },
  examples: {
    ok: [{ note: 'Right knee injection under fluoroscopy.', claim: { lines: [{ code: '20610', modifiers: [], units: 1 }, { code: '77002', modifiers: [], units: 1 }], diagnoses: ['M17.11'] } }],
    notOk: [{ note: 'Left knee injection under fluoroscopy.', claim: { lines: [{ code: '20610', modifiers: [], units: 1 }, { code: '77002', modifiers: [], units: 1 }], diagnoses: ['M17.11'] }, messages: ['1:6-1:10'] }],
  },
});
