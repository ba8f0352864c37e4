import { describe, it, expect } from 'vitest';
import { loadLabeled } from '../src/eval/corpus.js';
import { evaluate, formatEvaluation, scoredElements } from '../src/eval/evaluate.js';
import { readNegex, scoreNegex } from '../src/eval/negex.js';
import { SHARED } from './helpers.js';

// The project's accuracy line, measured by its own evaluation (guidelint eval).
describe('held-out corpus (corpus/test) floors', async () => {
  const e = evaluate(await loadLabeled(['corpus/test']));
  const show = () => formatEvaluation(e, 'corpus/test');
  it('no note passes that should fail (zero false supported)', () => expect(e.falseSupported, show()).toEqual([]));
  it('supported accuracy >= 0.97', () => expect(e.accuracy.supported.accuracy, show()).toBeGreaterThanOrEqual(0.97));
  it('guidanceCode accuracy >= 0.97', () => expect(e.accuracy.guidanceCode.accuracy, show()).toBeGreaterThanOrEqual(0.97));
  for (const { name } of scoredElements()) it(`${name} F1 >= 0.95`, () => expect(e.elements[name].f1, show()).toBeGreaterThanOrEqual(0.95));
  it('rule precision >= 0.93, recall >= 0.90', () => {
    expect(e.rulesMicro.precision, show()).toBeGreaterThanOrEqual(0.93);
    expect(e.rulesMicro.recall, show()).toBeGreaterThanOrEqual(0.9);
  });
  it('needle-placement accuracy >= 0.97, technique >= 0.93', () => {
    expect(e.accuracy.needlePlacement.accuracy, show()).toBeGreaterThanOrEqual(0.97);
    expect(e.accuracy.technique.accuracy, show()).toBeGreaterThanOrEqual(0.93);
  });
  it('claim-action accuracy >= 0.95', () => {
    expect(e.accuracy.claimAction.total).toBeGreaterThanOrEqual(30);
    expect(e.accuracy.claimAction.accuracy, show()).toBeGreaterThanOrEqual(0.95);
  });
});

describe('real published transcriptions (../shared/corpus-real) floors', async () => {
  const e = evaluate(await loadLabeled([`${SHARED}corpus-real`]));
  const show = () => formatEvaluation(e, 'corpus-real');
  it('reads all of them', () => expect(e.notes).toBeGreaterThanOrEqual(100));
  it('zero false supported', () => expect(e.falseSupported, show()).toEqual([]));
  it('needle-placement accuracy >= 0.97', () => expect(e.accuracy.needlePlacement.accuracy, show()).toBeGreaterThanOrEqual(0.97));
  it('technique accuracy >= 0.97', () => expect(e.accuracy.technique.accuracy, show()).toBeGreaterThanOrEqual(0.97));
  it('modality accuracy >= 0.90', () => expect(e.accuracy.modality.accuracy, show()).toBeGreaterThanOrEqual(0.9));
  it('rule recall >= 0.93, precision >= 0.93', () => {
    expect(e.rulesMicro.recall, show()).toBeGreaterThanOrEqual(0.93);
    expect(e.rulesMicro.precision, show()).toBeGreaterThanOrEqual(0.93);
  });
});

describe('NegEx/ConText annotated test set', () => {
  const s = scoreNegex(readNegex(`${SHARED}external/negex/rsAnnotations-1-120-random.txt`));
  // aggregate figures only: the held-out half's mistakes are never listed
  const heldOut = s.halves.heldOut;
  const show = () => JSON.stringify({ negated: heldOut.negated, historical: heldOut.historical, hypothetical: heldOut.hypothetical });
  it('negation F1 >= 0.94 on all 2,376 rows', () => {
    expect(s.rows).toBe(2376);
    expect(s.f1).toBeGreaterThanOrEqual(0.94);
  });
  it('splits odd rows (tuning) from even rows (held out), 1,188 each', () => {
    expect(s.halves.tuning.rows).toBe(1188);
    expect(heldOut.rows).toBe(1188);
    expect(s.errors.every((e) => e.line % 2 === 1)).toBe(true);
  });
  it('held-out half: negation F1 >= 0.95', () => expect(heldOut.negated.f1, show()).toBeGreaterThanOrEqual(0.95));
  it('held-out half: historical F1 >= 0.70', () => expect(heldOut.historical!.f1, show()).toBeGreaterThanOrEqual(0.7));
  it('held-out half: hypothetical recall >= 0.85', () => expect(heldOut.hypothetical!.recall, show()).toBeGreaterThanOrEqual(0.85));
  it('reads all four copies, with temporality where the copy has it', () => {
    const dir = `${SHARED}external/negex/`;
    for (const [file, temporal] of [
      ['rsAnnotations-1-120-random.txt', true],
      ['genConText/rsAnnotations-1-120-random.txt', true],
      ['negex.python/Annotations-1-120.txt', false],
      ['GeneralNegEx.Java.v.1.2.05092009/Annotations-1-120-random.txt', false],
    ] as const) {
      const rows = readNegex(dir + file);
      expect(rows.length, file).toBe(2376);
      expect(rows.filter((r) => r.negated).length, file).toBe(491);
      if (temporal) {
        expect(rows.filter((r) => r.historical).length, file).toBe(257);
        expect(rows.filter((r) => r.hypothetical).length, file).toBe(56);
      } else expect(rows.every((r) => r.historical === undefined && r.hypothetical === undefined), file).toBe(true);
    }
  });
});

// The blind sets (corpus/README.md). The issue "Right on notes nobody here wrote" sets needle
// placement >= 0.97, technique >= 0.93, rule precision >= 0.93 and recall >= 0.90, <= 1 % of
// not-needle real notes flagged. The sets meet them; where a set reached more, its floor is
// what it reached, so nothing slips back.
describe('blind-written notes (corpus/blind) floors', async () => {
  const notes = await loadLabeled(['corpus/blind']);
  const e = evaluate(notes);
  const show = () => formatEvaluation(e, 'corpus/blind');
  it('reads all 200', () => expect(e.notes).toBe(200));
  it('zero false supported', () => expect(e.falseSupported, show()).toEqual([]));
  it('needle-placement accuracy >= 0.98', () => expect(e.accuracy.needlePlacement.accuracy, show()).toBeGreaterThanOrEqual(0.98));
  it('technique accuracy >= 0.98', () => expect(e.accuracy.technique.accuracy, show()).toBeGreaterThanOrEqual(0.98));
  it('rule recall >= 0.93, precision >= 0.93', () => {
    expect(e.rulesMicro.recall, show()).toBeGreaterThanOrEqual(0.93);
    expect(e.rulesMicro.precision, show()).toBeGreaterThanOrEqual(0.93);
  });
  it('fluoroscopy seconds agree on all 64 notes that state them', () => expect(e.durations.fluoroscopyTime.agree).toBeGreaterThanOrEqual(64));
});

describe('the second blind batch (corpus/blind2) floors', async () => {
  const e = evaluate(await loadLabeled(['corpus/blind2']));
  const show = () => formatEvaluation(e, 'corpus/blind2');
  it('reads all 100', () => expect(e.notes).toBe(100));
  it('zero false supported', () => expect(e.falseSupported, show()).toEqual([]));
  it('needle-placement accuracy >= 0.98, technique >= 0.98', () => {
    expect(e.accuracy.needlePlacement.accuracy, show()).toBeGreaterThanOrEqual(0.98);
    expect(e.accuracy.technique.accuracy, show()).toBeGreaterThanOrEqual(0.98);
  });
  it('rule precision >= 0.93, recall >= 0.93', () => {
    expect(e.rulesMicro.precision, show()).toBeGreaterThanOrEqual(0.93);
    expect(e.rulesMicro.recall, show()).toBeGreaterThanOrEqual(0.93);
  });
  it('fluoroscopy seconds agree on all 22 notes that state them', () => expect(e.durations.fluoroscopyTime.agree).toBeGreaterThanOrEqual(22));
  it('no note without a needle placement carries a warning or an error', () => expect(e.notNeedleFlagged.flagged, show()).toBe(0));
});

describe('the third blind batch (corpus/blind3) floors', async () => {
  const e = evaluate(await loadLabeled(['corpus/blind3']));
  const show = () => formatEvaluation(e, 'corpus/blind3');
  it('reads all 100', () => expect(e.notes).toBe(100));
  it('zero false supported', () => expect(e.falseSupported, show()).toEqual([]));
  it('needle-placement accuracy >= 0.99, technique >= 0.99', () => {
    expect(e.accuracy.needlePlacement.accuracy, show()).toBeGreaterThanOrEqual(0.99);
    expect(e.accuracy.technique.accuracy, show()).toBeGreaterThanOrEqual(0.99);
  });
  it('rule precision >= 0.95, recall >= 0.95', () => {
    expect(e.rulesMicro.precision, show()).toBeGreaterThanOrEqual(0.95);
    expect(e.rulesMicro.recall, show()).toBeGreaterThanOrEqual(0.95);
  });
  it('fluoroscopy seconds agree on 19 of the 20 notes that state them', () => expect(e.durations.fluoroscopyTime.agree).toBeGreaterThanOrEqual(19));
  it('no note without a needle placement carries a warning or an error', () => expect(e.notNeedleFlagged.flagged, show()).toBe(0));
});

describe('real notes of every kind (corpus/mtsamples labels, texts in ../shared) floors', async () => {
  const notes = await loadLabeled(['corpus/mtsamples']);
  const e = evaluate(notes);
  const show = () => formatEvaluation({ ...e, wrong: [] }, 'corpus/mtsamples');
  it('reads all 1,035', () => expect(e.notes).toBe(1035));
  it('zero false supported', () => expect(e.falseSupported).toEqual([]));
  it('needle-placement accuracy >= 0.98', () => expect(e.accuracy.needlePlacement.accuracy, show()).toBeGreaterThanOrEqual(0.98));
  it('technique accuracy >= 0.99', () => expect(e.accuracy.technique.accuracy, show()).toBeGreaterThanOrEqual(0.99));
  it('rule precision >= 0.93, recall >= 0.95', () => {
    expect(e.rulesMicro.precision, show()).toBeGreaterThanOrEqual(0.93);
    expect(e.rulesMicro.recall, show()).toBeGreaterThanOrEqual(0.95);
  });
  it('at most 1 % of the notes with no needle placement carry a warning or an error', () => {
    const { flagged, total } = e.notNeedleFlagged;
    expect(total, show()).toBe(883);
    expect(flagged / total, show()).toBeLessThanOrEqual(0.01);
  });
});
