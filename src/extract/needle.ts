import type { Span } from '../types.js';
import { isAffirmed, type Hit, type Scanner } from './scan.js';

export interface NeedleFact {
  present: boolean;
  evidence: Span[];
  hits: Hit[];
  /** central venous access device work (77001 territory) */
  centralVenous: boolean;
  centralVenousEvidence: Span[];
}

/**
 * A needle or needle-like device placed in this procedure: affirmed placement language in a
 * part of the note that narrates the procedure, in a sentence that is not only skin/wound
 * local anesthetic, a Veress needle, or a device passed through an incision or scope.
 */
export function findNeedle(sc: Scanner): NeedleFact {
  const excluded = new Set<number>();
  for (const h of sc.scan(sc.g.needle.exclude)) excluded.add(h.sentence);
  const counts = (h: Hit) => sc.inProcedurePart(h) && !excluded.has(h.sentence) && isAffirmed(sc.assess(h));
  const hits = sc.scan(sc.g.needle.placement).filter(counts);
  const cv = hits.length ? sc.scan(sc.g.needle.centralVenous).filter((h) => sc.inProcedurePart(h) && isAffirmed(sc.assess(h))) : [];
  return {
    present: hits.length > 0,
    evidence: hits.map((h) => sc.span(h)),
    hits,
    centralVenous: cv.length > 0,
    centralVenousEvidence: cv.map((h) => sc.span(h)),
  };
}
