import { LineIndex } from './locate.js';
import { findSections, type Section } from './sections.js';
import { Stops, splitSentences, spokenStops, type Sentence } from './sentences.js';
import type { Grammars } from '../grammar/index.js';

/** A located note: the text as given, its sections and sentences, offsets exact. */
export class Note {
  readonly index: LineIndex;
  readonly sections: Section[];
  readonly sentences: Sentence[];

  constructor(readonly text: string, g: Grammars, markdown?: boolean) {
    this.index = new LineIndex(text);
    this.sections = findSections(text, g, markdown);
    const sentences: Sentence[] = [];
    // a dictation that speaks its punctuation ("period")
    const spoken = spokenStops(text);
    const stops = new Stops(text);
    this.sections.forEach((sec, i) => {
      // the header label is a sentence of its own, so "Fluoroscopy:" can be a mention
      if (sec.labelStart !== null && sec.labelEnd !== null) sentences.push({ start: sec.labelStart, end: sec.labelEnd, section: i });
      splitSentences(text, sec.contentStart, sec.end, i, sentences, spoken, stops);
    });
    this.sentences = sentences;
  }

  sectionOf(sentence: number): Section {
    return this.sections[this.sentences[sentence].section];
  }

  isHeaderSentence(sentence: number): boolean {
    const s = this.sentences[sentence];
    return this.sections[s.section].labelStart === s.start;
  }
}
