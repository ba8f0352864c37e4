import type { Site, Span } from '../types.js';
import type { Note } from '../note/note.js';
import type { Grammars } from '../grammar/index.js';
import { Scanner, isAffirmed } from './scan.js';
import { findModalityMentions, type ModalityMention } from './modality.js';
import { decideTechnique, type TechniqueFact } from './technique.js';
import { findNeedle, type NeedleFact } from './needle.js';
import { findSite } from './site.js';
import { findDurations, findElements } from './elements.js';
import type { ElementFact } from './element-fact.js';
import { findPlaceholders, type Placeholder } from './placeholders.js';
import { findInclusiveProcedures, type NamedProcedure } from './inclusive-procedure.js';

/** Everything the rules may know about a note, computed once; rules never re-scan the text. */
export interface Facts {
  note: Note;
  mentions: ModalityMention[];
  technique: TechniqueFact;
  needle: NeedleFact;
  site: Site | null;
  /** each element of the registry (grammars/elements/), by name */
  elements: Record<string, ElementFact>;
  placeholders: Placeholder[];
  /** procedures named whose own code includes the imaging guidance (inclusive-procedures.yaml) */
  inclusiveProcedures: NamedProcedure[];
  /** the note documents separate sessions/encounters (for guidance units) */
  distinctSessions: boolean;
  /** where a note-level message points when no better span exists */
  anchor: Span;
}

export function extractFacts(note: Note, g: Grammars): Facts {
  const sc = new Scanner(note, g);
  const mentions = findModalityMentions(sc);
  const needle = findNeedle(sc);
  const durations = findDurations(sc, g.elements);
  // decideTechnique marks mentions that position a device or only record a time; the element
  // finders below read those marks, so it runs first
  const technique = decideTechnique(sc, mentions, needle, [...durations.values()].flatMap((d) => d.evidence));
  const site = findSite(sc, needle);
  const placeholders = findPlaceholders(sc);
  const firstSentence = note.sentences[0];
  return {
    note,
    mentions,
    technique,
    needle,
    site,
    elements: findElements(sc, g.elements, durations, mentions, placeholders),
    placeholders,
    inclusiveProcedures: needle.present ? findInclusiveProcedures(sc) : [],
    distinctSessions: sc.scan(g.distinctSessions).some((h) => sc.inProcedurePart(h) && isAffirmed(sc.assess(h))),
    anchor: firstSentence ? note.index.span(firstSentence.start, firstSentence.end) : note.index.span(0, 0),
  };
}
