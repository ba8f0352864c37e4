// The element registry's phrase banks (grammars/elements/*.yaml `phrases`): phrasings that must
// be found and near misses that must not, written blind from the contract. Each is linted inside
// the same short imaging-guided note. The floors are the share read right on 2026-12-07 after this
// round's tuning (first look, before it: corpus/README.md); they may only go up.
import { describe, it, expect } from 'vitest';
import { grammars } from '../src/grammar/index.js';
import { lint } from '../src/lint.js';

const CONTEXT = 'PROCEDURE: Right knee injection.\nUnder fluoroscopic guidance a 22-gauge spinal needle was used.\n\n';
const FLOORS: Record<string, { found: number; rejected: number }> = {
  imagesSaved: { found: 0.97, rejected: 1 },
  interpretation: { found: 0.87, rejected: 0.92 },
  needleConfirmation: { found: 0.95, rejected: 0.94 },
  guidanceSection: { found: 0.89, rejected: 0.97 },
  fluoroscopyTime: { found: 1, rejected: 1 },
};

describe('phrase banks', () => {
  for (const spec of grammars().elements) {
    const { found, notFound } = spec.phrases;
    if (!found.length && !notFound.length) continue;
    const floor = FLOORS[spec.name] ?? { found: 1, rejected: 1 };
    const read = (text: string) => lint(CONTEXT + text).documentation.elements[spec.name];

    it(`${spec.name}: at least ${floor.found * 100} % of ${found.length} phrasings are found`, () => {
      const missed = found.filter((p) => {
        const e = typeof p === 'string' ? read(p) : read(p.text);
        return typeof p === 'string' ? !e.present : e.seconds == null || Math.abs(e.seconds - p.seconds) >= 0.5;
      });
      expect(1 - missed.length / found.length, missed.map((p) => (typeof p === 'string' ? p : p.text)).join('\n')).toBeGreaterThanOrEqual(floor.found);
    });

    it(`${spec.name}: at least ${floor.rejected * 100} % of ${notFound.length} near misses are not`, () => {
      const taken = notFound.filter((p) => (spec.kind === 'duration' ? read(p).seconds != null : read(p).present));
      expect(1 - taken.length / notFound.length, taken.join('\n')).toBeGreaterThanOrEqual(floor.rejected);
    });
  }
});
