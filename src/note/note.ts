import { LineIndex } from './locate.js';
import { findSections, type Section } from './sections.js';
import { splitSentences, type Sentence } from './sentences.js';
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
    this.sections.forEach((sec, i) => {
      // the header label is a sentence of its own, so "Fluoroscopy:" can be a mention
      if (sec.labelStart !== null && sec.labelEnd !== null) sentences.push({ start: sec.labelStart, end: sec.labelEnd, section: i });
      splitSentences(text, sec.contentStart, sec.end, i, sentences);
    });
    this.sentences = sentences;
  }

  /** The sentence holding an offset (the last sentence starting at or before it). */
  sentenceAt(offset: number): number {
    let lo = 0;
    let hi = this.sentences.length - 1;
    if (hi < 0) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.sentences[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  sectionOf(sentence: number): Section {
    return this.sections[this.sentences[sentence].section];
  }

  isHeaderSentence(sentence: number): boolean {
    const s = this.sentences[sentence];
    return this.sections[s.section].labelStart === s.start;
  }
}
