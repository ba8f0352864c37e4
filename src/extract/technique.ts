import type { Modality, Span, Technique } from '../types.js';
import { countsAsGuidance, type ModalityMention } from './modality.js';
import { SpanIndex, isAffirmed, type Hit, type Scanner } from './scan.js';
import type { NeedleFact } from './needle.js';

export interface TechniqueFact {
  technique: Technique;
  modality: Modality | null;
  /** the mentions that made the technique imaging, or the landmark language */
  evidence: Span[];
  /** modality mentions that did not count, each with the reason (for messages) */
  discounted: ModalityMention[];
}


const PRIORITY: Modality[] = ['fluoroscopy', 'ultrasound', 'ct', 'mri'];

/**
 * imaging: an affirmed modality guided this procedure. landmark: landmark/palpation/blind
 * language, or a statement that no imaging was used. Otherwise unstated.
 */
export function decideTechnique(sc: Scanner, mentions: ModalityMention[], needle: NeedleFact, timeRecords: Span[]): TechniqueFact {
  const centralVenous = needle.centralVenous;
  const needleSentences = new Set(needle.hits.map((h) => h.sentence));
  // imaging that positions leads, hardware or catheters does not guide a needle, and a
  // fluoroscopy-time record does not say what the fluoroscopy guided
  const records = new SpanIndex(timeRecords.map((t) => ({ start: t.offset, end: t.endOffset })));
  const asked = mentions.filter((m) => countsAsGuidance(m) && !needleSentences.has(m.hit.sentence));
  // devices are looked for only in the sentences of the mentions they may discount
  const askedSentences = new Set(asked.map((m) => m.hit.sentence));
  const deviceSentences = new Set(centralVenous || !asked.length ? [] : sc.scan(sc.g.needle.devices, sc.sentencesWhere((i) => askedSentences.has(i))).map((h) => h.sentence));
  for (const m of asked) {
    if (records.contains(m.span.offset, m.span.endOffset)) m.discountedBy = 'record';
    else if (deviceSentences.has(m.hit.sentence)) m.discountedBy = 'device';
  }
  const guiding = mentions.filter(countsAsGuidance);
  const discounted = mentions.filter((m) => !countsAsGuidance(m));
  const named = guiding.filter((m) => m.modality !== 'generic');
  if (named.length > 0) {
    const counts = new Map<Modality, number>();
    for (const m of named) counts.set(m.modality as Modality, (counts.get(m.modality as Modality) ?? 0) + 1);
    let modality: Modality;
    if (centralVenous && counts.has('fluoroscopy')) modality = 'fluoroscopy'; // the catheter tip is placed under fluoroscopy
    else modality = [...counts.entries()].sort((a, b) => b[1] - a[1] || PRIORITY.indexOf(a[0]) - PRIORITY.indexOf(b[0]))[0][0];
    return { technique: 'imaging', modality, evidence: named.filter((m) => m.modality === modality).map((m) => m.span), discounted };
  }
  if (guiding.length > 0) return { technique: 'imaging', modality: null, evidence: guiding.map((m) => m.span), discounted };

  // palpation counts as technique when it finds the needle's way — in the needle's section (or a
  // template's field of its own, "Level: L3-4 by Tuffier's line"), up to six sentences before it or
  // two after — not a surgeon feeling a cavity; the technique named as such counts anywhere
  const sectionOf = (sentence: number) => sc.note.sentences[sentence]?.section;
  const field = (h: Hit) => sc.category(h) === 'other';
  const nearNeedle = (h: Hit) => [-2, -1, 0, 1, 2, 3, 4, 5, 6].some((d) => needleSentences.has(h.sentence + d) && (field(h) || sectionOf(h.sentence + d) === sectionOf(h.sentence)));
  const affirmed = (h: Hit) => !sc.isUnticked(h) && isAffirmed(sc.assess(h));
  const landmark = [
    ...sc.scan(sc.g.landmark.stated, sc.procedureSentences).filter(affirmed),
    ...sc.scan(sc.g.landmark.nearNeedle, sc.procedureSentences).filter((h) => affirmed(h) && nearNeedle(h)),
  ].sort((a, b) => a.start - b.start);
  // "no fluoroscopy was used", "without imaging": the negation governs the modality itself, not a
  // finding the modality's study did not show ("did not suggest ... on the abdominal CT")
  const statedNone = discounted.filter((m) => m.discountedBy === 'negated' && sc.inProcedurePart(m.hit) && triggerGap(m) <= NEGATION_REACH);
  if (landmark.length > 0 || statedNone.length > 0) {
    return { technique: 'landmark', modality: null, evidence: [...landmark.map((h) => sc.span(h)), ...statedNone.map((m) => m.span)].sort((a, b) => a.offset - b.offset), discounted };
  }
  return { technique: 'unstated', modality: null, evidence: [], discounted };
}

/** Characters between a negation and the modality it says was not used ("fluoroscopy was not needed"). */
const NEGATION_REACH = 40;

function triggerGap(m: ModalityMention): number {
  const t = m.assertion.trigger;
  if (!t) return 0;
  return Math.max(0, t.start - m.hit.end, m.hit.start - t.end);
}
