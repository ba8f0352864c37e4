import { describe, it, expect } from 'vitest';
import { lint } from '../src/lint.js';

const placeholders = (line: string) =>
  lint(`Left knee injection under fluoroscopy with a 22-gauge needle.\n${line}`).messages.filter((m) => m.ruleId === 'template-placeholder').map((m) => m.message);

describe('template placeholders', () => {
  const unfilled: [string, string][] = [
    ['Needle advanced to the level at * under AP view.', "'*'"],
    ['Selective nerve root block at C# on the left.', "'C#'"],
    ['Date of prior study: mm/dd/yy.', "'mm/dd/yy'"],
    ['Fluoroscopy time: *** seconds.', "'***'"],
    ['Images saved to: ______', "'______'"],
    ['Modality: {MODALITY}', "'{MODALITY}'"],
    ['Guidance: <select modality>', "'<select modality>'"],
  ];
  for (const [line, quoted] of unfilled) it(`flags ${quoted} in "${line}"`, () => expect(placeholders(line).join(' ')).toContain(quoted));

  it('leaves Markdown bullets, emphasis and filled fields alone', () => {
    // "XXX" and "MM/DD/YYYY" are a de-identifier's marks in real transcriptions, not template text
    for (const line of ['* Needle tip in the joint.', 'A XXX Gomco clamp was used.', 'Seen on MM/DD/YYYY.', 'The **final** position was confirmed.', 'Level: C5-6.', '[x] Images saved [ ] Not saved']) {
      expect(placeholders(line), line).toEqual([]);
    }
  });
});
