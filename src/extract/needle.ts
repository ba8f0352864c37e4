import type { Span } from '../types.js';
import type { SectionCategory } from '../grammar/index.js';
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
 * part of the note that narrates the procedure, outside phrases about skin/wound local
 * anesthetic, a Veress needle, or a device passed through an incision or scope.
 */
const REPORTING_SECTIONS = new Set<SectionCategory>(['plan', 'impression', 'diagnosis']);
const PROCEDURE_SECTIONS = new Set<SectionCategory>(['procedure', 'technique', 'findings', 'imaging-guidance']);

export function findNeedle(sc: Scanner): NeedleFact {
  const excluded = sc.scan(sc.g.needle.exclude);
  const inExcluded = (h: Hit) => excluded.some((x) => x.start < h.end && h.start < x.end);
  // a plan or assessment that reports a done procedure in the past tense ("Injected shoulder joint")
  const reportedDone = (h: Hit) => REPORTING_SECTIONS.has(sc.category(h)) && /ed$/i.test(sc.note.text.slice(h.start, h.end));
  // a consult, H&P or discharge summary narrates earlier procedures: only its procedure
  // sections, and procedures it reports as done, count
  const categories = new Set(sc.note.sections.map((s) => s.category));
  const summary = categories.has('history') && ![...PROCEDURE_SECTIONS].some((c) => categories.has(c));
  const inPart = (h: Hit) => (summary ? PROCEDURE_SECTIONS.has(sc.category(h)) : sc.inProcedurePart(h)) || reportedDone(h);
  const counts = (h: Hit) => inPart(h) && !inExcluded(h) && isAffirmed(sc.assess(h));
  const hits = sc.scan(sc.g.needle.placement).filter(counts);
  // a central venous device placed here (named in the title or beside a placement), not an
  // existing port mentioned in passing
  const placedIn = new Set(hits.map((h) => h.sentence));
  const cv = hits.length
    ? sc.scan(sc.g.needle.centralVenous).filter((h) => (placedIn.has(h.sentence) || sc.category(h) === 'procedure' || (h.sentence <= 1 && sc.category(h) === 'preamble')) && isAffirmed(sc.assess(h)))
    : [];
  return {
    present: hits.length > 0,
    evidence: hits.map((h) => sc.span(h)),
    hits,
    centralVenous: cv.length > 0,
    centralVenousEvidence: cv.map((h) => sc.span(h)),
  };
}
