import { expect, test } from 'vitest';
import { scoreCompany, band, type CompanyFlag } from '../../core/risk/score.js';

const flag = (controlId: string, severity: CompanyFlag['severity'], evidence = ['X']): CompanyFlag => ({ controlId, controlVersion: 1, severity, evidence });

test('no flags, no points', () => {
  expect(scoreCompany([])).toEqual({ score: 0, band: 'low', contributions: [], explanation: [], redFlag: false });
});

test('the score is the exact sum of its contributions, each naming control, version, hits and evidence', () => {
  const s = scoreCompany([flag('LAC-C001', 'warning', ['a']), flag('LAC-P021', 'red', ['b']), flag('LAC-P021', 'red', ['c']), flag('LAC-P028', 'info')]);
  expect(s.contributions).toEqual([
    { controlId: 'LAC-P021', controlVersion: 1, points: 30, hits: 2, evidence: ['b', 'c'] },
    { controlId: 'LAC-C001', controlVersion: 1, points: 8, hits: 1, evidence: ['a'] },
    { controlId: 'LAC-P028', controlVersion: 1, points: 2, hits: 1, evidence: ['X'] },
  ]);
  expect(s.score).toBe(40);
  expect(s.redFlag).toBe(true);
  expect(s.band).toBe('red');
  expect(s.explanation).toHaveLength(3);
});

test('one control cannot dominate: its points are capped', () => {
  const many = Array.from({ length: 50 }, (_, i) => flag('LAC-P021', 'red', [`e${i}`]));
  expect(scoreCompany(many).contributions[0]?.points).toBe(40);
});

test('the total is capped at 100 and still equals the sum', () => {
  const flags = ['A', 'B', 'C', 'D'].flatMap((c) => [flag(`LAC-P0${c}`, 'red'), flag(`LAC-P0${c}`, 'red'), flag(`LAC-P0${c}`, 'red')]);
  const s = scoreCompany(flags);
  expect(s.score).toBe(100);
  expect(s.contributions.reduce((a, c) => a + c.points, 0)).toBe(100);
});

test('bands', () => {
  expect(band(10, false)).toBe('low');
  expect(band(30, false)).toBe('medium');
  expect(band(70, false)).toBe('high');
  expect(band(70, true)).toBe('red');
  expect(band(20, true)).toBe('low');
});

test('order of flags does not matter', () => {
  const flags = [flag('LAC-C001', 'warning', ['a']), flag('LAC-P021', 'red', ['b']), flag('LAC-P021', 'red', ['c'])];
  expect(scoreCompany([...flags].reverse())).toEqual(scoreCompany(flags));
});
