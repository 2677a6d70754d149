import { describe, expect, it } from 'vitest';
import { precisionRecall } from '../../core/identity/evaluate.js';

describe('precisionRecall (pairwise)', () => {
  const truth = { a: 'P1', b: 'P1', c: 'P1', d: 'P2', e: 'P2', f: 'P3' };

  it('is perfect for the truth itself, in any of the accepted shapes', () => {
    const asMap = new Map(Object.entries(truth));
    const asLists = [['a', 'b', 'c'], ['d', 'e'], ['f']];
    for (const p of [truth, asMap, asLists]) {
      const s = precisionRecall(p, truth);
      expect(s).toMatchObject({ precision: 1, recall: 1, f1: 1, predictedPairs: 4, truePairs: 4, correctPairs: 4, records: 6 });
    }
  });

  it('counts pairs: splitting costs recall, merging costs precision', () => {
    // {a,b} {c} {d,e} {f}: 2 of 4 true pairs found, nothing wrong.
    const split = precisionRecall([['a', 'b'], ['c'], ['d', 'e'], ['f']], truth);
    expect(split.precision).toBe(1);
    expect(split.recall).toBe(0.5);
    // {a,b,c,d,e,f}: 15 pairs predicted, 4 right.
    const merged = precisionRecall([['a', 'b', 'c', 'd', 'e', 'f']], truth);
    expect(merged.precision).toBeCloseTo(4 / 15, 10);
    expect(merged.recall).toBe(1);
    expect(merged.f1).toBeCloseTo((2 * (4 / 15)) / (4 / 15 + 1), 10);
  });

  it('treats refs the prediction does not mention as singletons and ignores refs outside the truth', () => {
    const s = precisionRecall({ a: 'x', b: 'x', zz: 'x' }, truth);
    expect(s.predictedPairs).toBe(1);
    expect(s.correctPairs).toBe(1);
    expect(s.recall).toBe(0.25);
  });

  it('is 1/1 on empty input', () => {
    expect(precisionRecall({}, {})).toMatchObject({ precision: 1, recall: 1, predictedPairs: 0, truePairs: 0 });
  });
});
