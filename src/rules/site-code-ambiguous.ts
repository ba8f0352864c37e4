import { defineRule } from './define.js';

export default defineRule({
  id: 'site-code-ambiguous',
  kind: 'documentation',
  severity: 'warning',
  docs: {
    what: 'Fluoroscopy guided a sympathetic or visceral-plexus block (stellate ganglion, celiac plexus, superior hypogastric plexus, lumbar or thoracic sympathetic chain, ganglion impar), where 77002 vs 77003 is the payer\'s call.',
    why: 'CPT Assistant July 2008 pointed the 64505-64530 range to 77002, while CPT Assistant December 2010 directed 77003 for 64520 (lumbar/thoracic sympathetic). The sources conflict, so guidelint does not choose.',
    fix: 'Choose 77002 or 77003 by the payer\'s written policy, and keep that policy with the claim.',
    sources: ['facts.md §2.4 and §6 (S19, S20): CPT Assistant 7/2008 vs 12/2010'],
  },
  check({ doc }, report) {
    if (doc.technique !== 'imaging' || doc.modality !== 'fluoroscopy' || !doc.site || doc.site.spinal !== null || !doc.site.span) return;
    report({
      at: doc.site.span,
      message: `Fluoroscopy at '${doc.site.text}': 77002 or 77003 depends on payer policy (CPT Assistant 7/2008 points to 77002, 12/2010 to 77003 for 64520)`,
      expected: 'a payer policy naming 77002 or 77003',
      suggestion: 'Payer policy for this block: ___ (77002 / 77003)',
    });
  },
  examples: {
    ok: [{ note: 'Under fluoroscopy a needle was placed into the left L4-5 facet joint.' }],
    notOk: [{ note: 'Left stellate ganglion block under fluoroscopy.', messages: ['1:6-1:23'] }],
  },
});
