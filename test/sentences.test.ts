import { describe, expect, it } from 'vitest';
import { splitSentences, spokenStops } from '../src/note/sentences.js';

const split = (text: string) => splitSentences(text, 0, text.length, 0, [], spokenStops(text)).map((s) => text.slice(s.start, s.end));

describe('sentences of a dictation that speaks its punctuation', () => {
  it('end at the spoken "period" and "new paragraph" when nothing is punctuated', () => {
    const text = 'the knee was prepped with betadine period a 22 gauge needle was advanced into the joint period new paragraph no complications period';
    expect(split(text)).toEqual(['the knee was prepped with betadine period', 'a 22 gauge needle was advanced into the joint period', 'new paragraph', 'no complications period']);
  });

  it('do not end at the noun ("a period of observation") or in written prose', () => {
    const noun = 'she was observed for a period of thirty minutes with no complications and a period of rest was advised';
    expect(split(noun)).toEqual([noun]);
    const written = 'The joint was entered. In the recovery period she was comfortable period was not dictated here, nor period then.';
    expect(split(written)).toEqual(['The joint was entered.', 'In the recovery period she was comfortable period was not dictated here, nor period then.']);
  });
});
