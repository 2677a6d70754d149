import { describe, expect, it } from 'vitest';
import { normaliseArticle } from '../../core/sed/article.js';
import { codeOf } from './helpers.js';

describe('normaliseArticle', () => {
  it.each([
    ['12_1', '12_1'],
    ['12.1', '12_1'],
    ['12(1)', '12_1'],
    ['12 (1)', '12_1'],
    ['12-1', '12_1'],
    ['Art. 12(1)', '12_1'],
    ['art 12.1', '12_1'],
    ['Article 12(2)', '12_2'],
    ['artikkel 13.1', '13_1'],
    ['13(1)(a)', '13_1_a'],
    ['13.1.a', '13_1_a'],
    ['13_1_a', '13_1_a'],
    ['13.1a', '13_1_a'],
    ['11.3a', '11_3_a'],
    ['11(3)(b)', '11_3_b'],
    ['13(1)(b)(i)', '13_1_b_i'],
    ['13_1_b_iii', '13_1_b_iii'],
    ['11.4', '11_4'],
    ['16', '16_1'],
    ['Art. 16', '16_1'],
    ['16(2)', '16_2'],
    ['15', '15'],
    ['87(8)', '87_8'],
    ['87a', '87a'],
    ['12(1) R.883/2004', '12_1'],
    ['Art. 13(1)(a) of Regulation (EC) No 883/2004', '13_1_a'],
    ['14(1)(a) 1408/71', '14_1_a'],
    ['  12.1  ', '12_1'],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseArticle(raw, 'article')).toBe(expected);
  });

  it('empty or absent gives null', () => {
    expect(normaliseArticle('  ', 'article')).toBeNull();
    expect(normaliseArticle(null, 'article')).toBeNull();
    expect(normaliseArticle(undefined, 'article')).toBeNull();
  });

  it.each(['01', 'twelve', '12(1)(xyz)', '12abc', 'Art.', '883/2004', '12.1.2.3.4.5', '0'])(
    'refuses %s: CODE_UNKNOWN',
    (raw) => {
      expect(codeOf(() => normaliseArticle(raw, 'article'))).toBe('CODE_UNKNOWN');
    },
  );

  it('records the original spelling when it rewrote it', () => {
    const originals: Record<string, string> = {};
    normaliseArticle('Art. 12(1)', 'decision.article', originals);
    normaliseArticle('12_2', 'other', originals);
    expect(originals).toEqual({ 'article:decision.article': 'Art. 12(1)' });
  });
});
