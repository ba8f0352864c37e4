import { describe, it, expect } from 'vitest';
import { classifyMention } from '../src/context/context.js';

describe('classifyMention', () => {
  const cases: [string, string, 'negated' | 'hypothetical' | 'historical' | 'affirmed'][] = [
    ['Fluoroscopy was not needed for this injection.', 'fluoroscopy', 'negated'],
    ['No fluoroscopy was used.', 'fluoroscopy', 'negated'],
    ['The injection was performed without fluoroscopic guidance.', 'fluoroscopic', 'negated'],
    ['Contrast was injected under fluoroscopy without evidence of intravascular uptake.', 'fluoroscopy', 'affirmed'],
    ['No intravascular uptake was seen on fluoroscopy.', 'fluoroscopy', 'affirmed'],
    ['Will use fluoroscopy if aspiration fails.', 'fluoroscopy', 'hypothetical'],
    ['We will use fluoroscopy next time.', 'fluoroscopy', 'hypothetical'],
    ['Prior CT showed a 2 cm lesion.', 'CT', 'historical'],
    ['The chest x-ray is negative for pneumothorax.', 'pneumothorax', 'negated'],
    ['Patient denies fever but reports chills.', 'chills', 'affirmed'],
    ['Patient denies fever but reports chills.', 'fever', 'negated'],
    ['Under live fluoroscopy the needle was advanced.', 'fluoroscopy', 'affirmed'],
  ];
  for (const [sentence, target, expected] of cases) {
    it(`${expected}: "${target}" in "${sentence}"`, () => {
      const a = classifyMention(sentence, target);
      const got = a.negated ? 'negated' : a.hypothetical ? 'hypothetical' : a.historical ? 'historical' : 'affirmed';
      expect(got).toBe(expected);
      if (expected !== 'affirmed') expect(a.trigger?.text).toBeTruthy();
    });
  }
});

describe('other-procedure mentions', () => {
  it('a device placed by another team is not this procedure', () => {
    const a = classifyMention('The localization needle was placed earlier by radiology.', 'needle');
    expect(a.historical).toBe(true);
    expect(a.trigger?.category).toBe('other-procedure');
  });
});
