import { defineRule } from './define.js';
import { guidanceInclusion } from './inclusion.js';

const MODALITY_WORDS = { fluoroscopy: 'fluoroscopic', ultrasound: 'ultrasound', ct: 'CT', mri: 'MR' } as const;

export default defineRule({
  id: 'procedure-includes-guidance',
  kind: 'documentation',
  check(ctx, report) {
    // a guidance line billed beside the including primary is guidance-included-in-primary's finding
    if (ctx.claim?.included.length) return;
    const inclusion = guidanceInclusion(ctx);
    if (!inclusion || !ctx.doc.modality) return;
    const guidance = `${MODALITY_WORDS[ctx.doc.modality]} guidance`;
    if (inclusion.by === 'claim') {
      if (inclusion.certainty !== 'certain') return;
      const named = ctx.facts.inclusiveProcedures[0];
      report({
        at: named?.span ?? ctx.facts.technique.evidence[0] ?? ctx.facts.anchor,
        messageId: 'billedPrimary',
        data: { primary: inclusion.primary.line.code, descriptor: inclusion.primary.row!.paraphrase, guidance },
        expected: `no separate guidance code with ${inclusion.primary.line.code}`,
      });
      return;
    }
    const { procedure, span } = inclusion.named;
    report({
      at: span,
      messageId: 'namedProcedure',
      data: { words: span.text, procedure: withArticle(procedure.label), codes: procedure.codes, guidance },
      expected: `no separate guidance code with ${procedure.codes}`,
    });
  },
});

/** "an interlaminar … injection", "a facet joint … injection" */
function withArticle(label: string): string {
  return `${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label}`;
}
