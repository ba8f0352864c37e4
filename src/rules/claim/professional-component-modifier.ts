import { defineRule } from '../define.js';

export default defineRule({
  id: 'professional-component-modifier',
  kind: 'claim',
  severity: 'warning',
  docs: {
    what: 'The place of service is a facility (19, 21, 22, 23, 24) and a guidance line lacks modifier 26.',
    why: 'In a facility the physician bills only the professional component (-26); the technical component belongs to the facility (and is packaged under OPPS).',
    fix: 'Append 26 to the guidance line when the physician does not own the equipment (facility setting).',
    sources: ['facts.md §4 OPPS/ASC (S31, S4b, S54); exact POS rules UNCONFIRMED'],
  },
  check({ claim, facts }, report) {
    if (!claim || !claim.facility) return;
    for (const g of claim.guidance) {
      if (g.line.modifiers.includes('26')) continue;
      report({ at: facts.anchor, message: `${g.code} at place of service ${claim.claim.placeOfService} lacks modifier 26 (professional component)`, expected: `${g.code}-26`, actual: g.code });
    }
  },
  examples: {
    ok: [{ note: 'Right knee injection under fluoroscopy.', claim: { placeOfService: '22', lines: [{ code: '20610', modifiers: [], units: 1 }, { code: '77002', modifiers: ['26'], units: 1 }], diagnoses: [] } }],
    notOk: [{ note: 'Right knee injection under fluoroscopy.', claim: { placeOfService: '22', lines: [{ code: '20610', modifiers: [], units: 1 }, { code: '77002', modifiers: [], units: 1 }], diagnoses: [] }, messages: ['1:1-1:40'] }],
  },
});
