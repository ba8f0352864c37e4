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
  it('rule F1 >= 0.93', () => expect(e.rulesMicro.f1, show()).toBeGreaterThanOrEqual(0.93));
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
  it('needle-placement accuracy >= 0.95', () => expect(e.accuracy.needlePlacement.accuracy, show()).toBeGreaterThanOrEqual(0.95));
  it('technique accuracy >= 0.90', () => expect(e.accuracy.technique.accuracy, show()).toBeGreaterThanOrEqual(0.9));
  it('modality accuracy >= 0.90', () => expect(e.accuracy.modality.accuracy, show()).toBeGreaterThanOrEqual(0.9));
});

describe('NegEx/ConText annotated test set', () => {
  it('negation F1 >= 0.94 on all 2,376 rows', () => {
    const s = scoreNegex(readNegex(`${SHARED}external/negex/rsAnnotations-1-120-random.txt`));
    expect(s.rows).toBe(2376);
    expect(s.f1).toBeGreaterThanOrEqual(0.94);
  });
});
