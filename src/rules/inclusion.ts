import type { RuleContext } from './define.js';
import type { PrimaryLine } from '../claim/claim-facts.js';
import { rowIncludes } from '../claim/claim-facts.js';
import type { NamedProcedure } from '../extract/inclusive-procedure.js';

/** What includes the guidance that guided this needle: a primary on the claim, or the procedure the note names. */
export type Inclusion =
  | { by: 'claim'; primary: PrimaryLine; certainty: 'certain' | 'unconfirmed' }
  | { by: 'note'; named: NamedProcedure };

/**
 * The procedure whose own code includes the documented guidance, if any. A claim's known primary
 * codes say which procedure is billed, so they decide when there are any; otherwise the
 * procedure the note names (inclusive-procedures.yaml) does. Read by procedure-includes-guidance
 * (which says so) and guidance-documented-not-billed (which then has nothing to say).
 */
export function guidanceInclusion({ doc, facts, claim }: RuleContext): Inclusion | null {
  if (!doc.needlePlacement || doc.technique !== 'imaging' || !doc.modality) return null;
  const modality = doc.modality;
  const known = claim?.primaries.filter((p) => p.row) ?? [];
  if (known.length > 0) {
    for (const primary of known) {
      const certainty = rowIncludes(primary.row, modality, doc.guidanceCode);
      if (certainty) return { by: 'claim', primary, certainty };
    }
    return null;
  }
  const named = facts.inclusiveProcedures.find((n) => n.procedure.modalities.includes(modality));
  return named ? { by: 'note', named } : null;
}
