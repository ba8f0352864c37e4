// Lint time grows linearly with note length on adversarial notes: generated notes of 10 KB and
// of 1 MB (the most a note may be) of the same make-up — runs of spaces, repeated trigger words,
// long single lines, deep Markdown nesting — and the time per KB of the large one compared with
// the small one's in the same run (a ratio, not a timer: a quadratic path makes it ~100×).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { lint } from '../src/lint.js';

const SMALL = 10_000;
const LARGE = 1_000_000;
// a linear engine stays near 1× (and often below it: fixed costs spread); quadratic is ~100×
const SLACK = 8;

const word = fc.constantFrom('no', 'not', 'without', 'denies', 'history of', 'if needed', 'fluoroscopy', 'fluoro time 1 min', 'ultrasound', 'CT', 'needle', 'injected', 'knee', 'images saved', 'was', 'confirmed', '***', '[ ]', 'PROCEDURE:', 'FINDINGS:', '...', ',', '.');
const spaces = fc.integer({ min: 1, max: 3000 }).map((n) => ' '.repeat(n));
const markdown = fc.tuple(fc.constantFrom('> ', '- ', '  ', '1. ', '#', '**'), fc.integer({ min: 1, max: 200 })).map(([mark, depth]) => mark.repeat(depth));
const breakOrNot = fc.constantFrom(' ', ' ', ' ', '\n', '\n\n');

/** One repeating unit of an adversarial note: what it is made of, never quadratic on its own. */
const unit = fc.array(fc.oneof({ weight: 6, arbitrary: word }, { weight: 1, arbitrary: spaces }, { weight: 1, arbitrary: markdown }, { weight: 2, arbitrary: breakOrNot }), { minLength: 4, maxLength: 40 }).map((parts) => parts.join(' '));
/** a long single line: no line breaks at all */
const oneLine = unit.map((u) => u.replace(/\n/g, ' '));

function noteOf(u: string, size: number): string {
  return u.repeat(Math.ceil(size / u.length)).slice(0, size);
}

function msPerKb(text: string, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    lint(text);
    best = Math.min(best, performance.now() - t0);
  }
  return best / (text.length / 1000);
}

describe('lint time is linear in note length', () => {
  lint('Procedure: knee injection under fluoroscopy.'); // grammars compiled before any timing

  it.each([
    ['mixed adversarial units', unit],
    ['long single lines', oneLine],
  ])('%s: time per KB at 1 MB stays within 8× of 10 KB', (_name, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, (u) => {
        const small = msPerKb(noteOf(u, SMALL), 3);
        const large = msPerKb(noteOf(u, LARGE), 1);
        // a floor for the small figure, so a note that lints in no time cannot fail on noise
        expect(large).toBeLessThan(SLACK * Math.max(small, 0.05));
      }),
      { numRuns: 2, seed: 13 },
    );
  }, 600_000);

  it('the comparison would catch a quadratic path', () => {
    const quadratic = (text: string) => {
      const t0 = performance.now();
      let sum = 0;
      // rescans the rest each time, in JavaScript (a native indexOf is fast enough to hide the square)
      for (let i = 0; i < text.length; i += 500) for (let j = i; j < text.length; j++) sum += text.charCodeAt(j);
      if (sum < 0) throw new Error('unreachable');
      return (performance.now() - t0) / (text.length / 1000);
    };
    quadratic('x'.repeat(SMALL)); // compiled before it is timed
    const small = Math.min(quadratic('x'.repeat(SMALL)), quadratic('x'.repeat(SMALL)), quadratic('x'.repeat(SMALL)));
    const large = quadratic('x'.repeat(LARGE / 2));
    expect(large).toBeGreaterThan(SLACK * Math.max(small, 0.0001));
  });
});
