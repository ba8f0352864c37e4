import type { ClaimResult, Documentation } from '../types.js';
import { withImagingSiblings, type ClaimFacts } from './claim-facts.js';

/**
 * The action for the guidance line(s), the first that applies (contract, claim.action):
 * remove, query, recode, reduce-units, bill. Read from facts, not from messages, so a rule
 * switched off in the configuration does not change the decision. An UNCONFIRMED inclusion
 * does not remove the line by itself. A claim with no guidance line has no action to take
 * (null: the contract's claim object requires an action, so the whole claim result is null);
 * a guidance code the note supports but the claim lacks is the info rule
 * guidance-documented-not-billed, not an action on a line that is not there.
 */
export function decideClaim(doc: Documentation, claim: ClaimFacts): ClaimResult | null {
  if (claim.guidance.length === 0) return null;
  const recommendedCode = doc.supported ? doc.guidanceCode : null;
  // beside a "without imaging" primary the guidance line goes: the primary's with-imaging code (for
  // the modality billed or documented) includes it
  const documented = doc.technique === 'imaging' ? doc.modality : null;
  const withImaging = claim.withoutImaging.length > 0 || (documented !== null && withImagingSiblings(claim, documented).length > 0);
  // a general code (64450) for a procedure with a code of its own that includes the guidance (64454)
  // and a guidance line the sources' open question keeps off the claim either way (77001 with a PICC code)
  const open = claim.openInclusions.some((o) => claim.guidance.some((g) => o.guidance.includes(g.code)));
  const certainlyIncluded = claim.included.some((i) => i.certainty === 'certain') || withImaging || claim.specific.length > 0 || open;
  const noPrimary = claim.primaries.length === 0;
  if (noPrimary || certainlyIncluded || doc.technique === 'landmark' || !doc.needlePlacement) {
    return { action: 'remove', recommendedCode: null };
  }
  if (!doc.supported) return { action: 'query', recommendedCode };
  if (claim.guidance.some((g) => g.code !== doc.guidanceCode)) return { action: 'recode', recommendedCode };
  if (claim.excessUnits.some((x) => x.confirmed)) return { action: 'reduce-units', recommendedCode };
  return { action: 'bill', recommendedCode };
}
