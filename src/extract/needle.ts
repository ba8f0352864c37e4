import type { Span } from '../types.js';
import type { SectionCategory } from '../grammar/index.js';
import { SpanIndex, isAffirmed, type Hit, type Scanner } from './scan.js';

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
  const reportsOrPlans = sc.note.sections.some((s) => sc.g.needle.staySummary.has(s.category)) || (sc.note.sentences.length > 0 && sc.sentenceMatches(sc.g.needle.planningTitle, 0));
  if (reportsOrPlans) return { present: false, evidence: [], hits: [], centralVenous: false, centralVenousEvidence: [] };
  const placements = sc.scan(sc.g.needle.placement);
  // an excluding phrase matters only where it may hold a placement (hits stay in their sentence)
  const placementSentences = new Set(placements.map((h) => h.sentence));
  const excluded = new SpanIndex(sc.scan(sc.g.needle.exclude, sc.sentencesWhere((i) => placementSentences.has(i))));
  const inExcluded = (h: Hit) => excluded.overlaps(h.start, h.end);
  // a plan or assessment that reports a done procedure in the past tense ("Injected shoulder joint")
  const reportedDone = (h: Hit) => REPORTING_SECTIONS.has(sc.category(h)) && /ed$/i.test(sc.note.text.slice(h.start, h.end));
  // a consult, H&P or discharge summary narrates earlier procedures: only its procedure
  // sections, and procedures it reports as done, count
  const categories = new Set(sc.note.sections.map((s) => s.category));
  const summary = categories.has('history') && ![...PROCEDURE_SECTIONS].some((c) => categories.has(c));
  // ... and a clinic note narrates today's procedure without a header: after its consent or prep
  // ("Verbal consent ... prepped with chlorhexidine ... 40 mg Kenalog injected"), in that section
  const narrated = summary ? narrationStarts(sc) : null;
  // a history section opens the summary: what comes before it is the note's own narration
  const firstHistory = sc.note.sections.findIndex((sec) => sec.category === 'history');
  const narratedHere = (h: Hit) => {
    const from = narrated?.get(sc.note.sentences[h.sentence].section);
    return from !== undefined && from <= h.sentence && sc.inProcedurePart(h);
  };
  const beforeHistory = (h: Hit) => sc.note.sentences[h.sentence].section < firstHistory;
  const inPart = (h: Hit) => (summary && !beforeHistory(h) ? PROCEDURE_SECTIONS.has(sc.category(h)) || narratedHere(h) : sc.inProcedurePart(h)) || reportedDone(h);
  // an operation (an incision narrated): some words need more there to mean a needle
  let surgery: boolean | undefined;
  const inSurgery = () => (surgery ??= sc.scan(sc.g.needle.surgery, sc.procedureSentences).length > 0);
  // the pattern's sense: what its sentence must (and must not) name for the word to mean a needle
  const sensed = (h: Hit) => {
    const { needs, unless, inSurgeryNeeds } = sc.g.needle.senses[h.pattern];
    if ((needs.length && !sc.sentenceMatches(needs, h.sentence)) || sc.sentenceMatches(unless, h.sentence)) return false;
    return !inSurgeryNeeds.length || sc.sentenceMatches(inSurgeryNeeds, h.sentence) || !inSurgery();
  };
  const inSections = (h: Hit) => {
    const { alsoIn, onlyIn } = sc.g.needle.senses[h.pattern];
    return onlyIn ? onlyIn.has(sc.category(h)) : inPart(h) || alsoIn.has(sc.category(h));
  };
  const counts = (h: Hit) => inSections(h) && !inExcluded(h) && sensed(h) && isAffirmed(sc.assess(h));
  const hits = placements.filter(counts);
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

/** For each section, the first sentence that narrates a procedure's consent or preparation. */
function narrationStarts(sc: Scanner): Map<number, number> {
  const starts = new Map<number, number>();
  for (const h of sc.scan(sc.g.needle.narration)) {
    const section = sc.note.sentences[h.sentence].section;
    if (!starts.has(section) && isAffirmed(sc.assess(h))) starts.set(section, h.sentence);
  }
  return starts;
}
