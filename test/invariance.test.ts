// Invariance tests (CheckList's INV, Ribeiro et al. 2020): rewriting a note in a way that does not
// change what it documents must not change any fact guidelint reads from it. Each transformation
// runs over every labeled note of corpus/test and corpus/blind.
import { describe, it, expect } from 'vitest';
import { loadLabeled } from '../src/eval/corpus.js';
import { lint } from '../src/lint.js';

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const inWords = (n: number) => (n < 20 ? WORDS[n] : `${TENS[Math.floor(n / 10)]}${n % 10 ? ` ${WORDS[n % 10]}` : ''}`);

/** What a note documents, as guidelint reads it. */
function facts(text: string) {
  const d = lint(text).documentation;
  return {
    needlePlacement: d.needlePlacement,
    technique: d.technique,
    modality: d.modality,
    guidanceCode: d.guidanceCode,
    supported: d.supported,
    elements: Object.fromEntries(Object.entries(d.elements).map(([k, e]) => [k, e.seconds ?? e.present])),
  };
}

const TRANSFORMS: Record<string, (t: string) => string> = {
  'a fluoroscopy time in words ("42 seconds" -> "forty two seconds")': (t) =>
    t.replace(/(?<![\d.:]|min |mins |minutes? )\b([1-9]\d?) (seconds|secs?)\b/g, (_, n: string, unit: string) => `${inWords(Number(n))} ${unit}`),
  'unit spellings ("seconds" -> "sec", "minutes" -> "min")': (t) => t.replace(/\b(\d+(?:\.\d+)?) seconds\b/g, '$1 sec').replace(/\b(\d+(?:\.\d+)?) minutes\b/g, '$1 min'),
  'a blank line doubled': (t) => t.replace(/\n\n/g, '\n\n\n'),
  'a header line upper-cased ("Fluoroscopy time:" -> "FLUOROSCOPY TIME:")': (t) => t.replace(/^([A-Z][a-z]+(?: [a-z]+){0,2}):/gm, (_, label: string) => `${label.toUpperCase()}:`),
  'a history line about another study added at the end': (t) => `${t.trimEnd()}\n\nHISTORY: An outside MRI last year showed degenerative changes.\n`,
  'a reviewed study named in the narrative ("After evaluation of the neck CT, consent was obtained.")': (t) =>
    t.replace(/^(?=[A-Z][a-z]+ [a-z][^:\n]*\bneedle\b)/m, 'After evaluation of the neck CT, consent was obtained. '),
  'a heading alone on its line without its colon ("IMAGING GUIDANCE:" -> "IMAGING GUIDANCE")': (t) => t.replace(/^([A-Z][A-Z /&-]{2,40}):[ \t]*$/gm, '$1'),
  'bullets to prose lines (the "- " or "* " dropped)': (t) => t.replace(/^[ \t]*[-*•][ \t]+(?=\w)/gm, ''),
  'abbreviations ("under fluoroscopy" -> "under fluoro", "ultrasound-guided" -> "US-guided")': (t) => t.replace(/\bunder fluoroscopy\b/g, 'under fluoro').replace(/\bultrasound-guided\b/g, 'US-guided'),
  'speech recognition\'s hearing of "fluoroscopic" ("floor oh scopic")': (t) => t.replace(/\bfluoroscopic\b/g, 'floor oh scopic'),
  'case in the prose ("Fluoroscopy", "Contrast", "Needle" lower-cased after a word)': (t) => t.replace(/(?<=\w[,.]? )(Fluoroscopy|Ultrasound|Contrast|Needle)\b(?!:)/g, (w) => w.toLowerCase()),
};

describe('invariance: rewrites that document the same thing give the same facts', async () => {
  const notes = await loadLabeled(['corpus/test', 'corpus/blind']);
  for (const [name, transform] of Object.entries(TRANSFORMS)) {
    it(name, () => {
      const changed: string[] = [];
      let applied = 0;
      for (const n of notes) {
        const rewritten = transform(n.text);
        if (rewritten === n.text) continue;
        applied++;
        if (JSON.stringify(facts(rewritten)) !== JSON.stringify(facts(n.text))) changed.push(n.source);
      }
      expect(applied, 'the rewrite applies to some notes').toBeGreaterThan(0);
      expect(changed).toEqual([]);
    });
  }
});
