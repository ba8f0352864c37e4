import { describe, it, expect } from 'vitest';
import { lint } from '../src/lint.js';

const seconds = (line: string) => lint(`Right knee injected under fluoroscopy with a 22-gauge needle.\n${line}`).documentation.elements.fluoroscopyTime;

describe('fluoroscopy time', () => {
  const cases: [string, number][] = [
    ['Fluoroscopy time: 0.4 minutes', 24],
    ['fluoro time 1 min 5 sec', 65],
    ['fluoroscopy time 00:45', 45],
    ['Fluoroscopy time 12.3 s', 12.3],
    ['Total fluoroscopy time was 18 seconds.', 18],
    ['FLUOROSCOPY TIME: 1:02:03', 3723],
    ['Fluoroscopy time (sec): 21', 21],
    ['The procedure used 30 seconds of fluoroscopy.', 30],
  ];
  for (const [line, want] of cases) it(`"${line}" is ${want} s`, () => expect(seconds(line).seconds).toBe(want));

  it('a dose is not a time', () => {
    for (const line of ['DAP 1.2 Gy·cm2', 'Air kerma 3 mGy', 'Fluoroscopy dose: 12 mGy']) {
      expect(seconds(line).present, line).toBe(false);
    }
  });
  it('a number without a unit is flagged, not guessed', () => {
    const r = lint('Right knee injected under fluoroscopy with a 22-gauge needle.\nFluoro time: 12');
    expect(r.documentation.elements.fluoroscopyTime.seconds).toBeNull();
    expect(r.messages.map((m) => m.ruleId)).toContain('fluoroscopy-time-unitless');
    expect(r.messages.map((m) => m.ruleId)).not.toContain('fluoroscopy-time-missing');
  });
});
