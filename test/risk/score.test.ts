import { expect, test } from 'vitest';
import { scoreCompany, band, controlPoints, FULL_SHARE, MIN_WORKERS, WORKER_WEIGHT, COMPANY_WEIGHT, type CompanyFlag } from '../../core/risk/score.js';

const flag = (controlId: string, severity: CompanyFlag['severity'], subject: string, evidence = [subject]): CompanyFlag => ({
  controlId, controlVersion: 1, severity, evidence, subject, companyWide: false,
});
const signal = (controlId: string, severity: CompanyFlag['severity']): CompanyFlag => ({
  controlId, controlVersion: 2, severity, evidence: ['CO'], subject: 'CO', companyWide: true,
});

test('no flags, no points', () => {
  expect(scoreCompany([], 10)).toEqual({ score: 0, band: 'low', contributions: [], explanation: [], redFlag: false });
});

test('points follow the share of workers concerned, not the number of hits', () => {
  // 2 of 40 workers: 5 % of the workers, a tenth of the full share.
  const few = scoreCompany([flag('LAC-P021', 'red', 'p1'), flag('LAC-P021', 'red', 'p2')], 40);
  expect(few.score).toBe(Math.round(WORKER_WEIGHT.red * (2 / 40 / FULL_SHARE)));
  // 20 of 40 workers: the full weight.
  const many = scoreCompany(Array.from({ length: 20 }, (_, i) => flag('LAC-P021', 'red', `p${i}`)), 40);
  expect(many.score).toBe(WORKER_WEIGHT.red);
  expect(many.explanation[0]).toContain('20 of 40 workers (50%)');
  // Several hits on one worker count once.
  expect(scoreCompany([flag('LAC-P021', 'red', 'p1', ['a']), flag('LAC-P021', 'red', 'p1', ['b'])], 40).score).toBe(few.score / 2);
});

test('a large honest company with a few isolated hits stays low; a small one with the same hits is high', () => {
  const hits = [flag('LAC-P021', 'red', 'p1'), flag('LAC-P001', 'red', 'p2'), flag('LAC-P022', 'warning', 'p3')];
  expect(scoreCompany(hits, 200).score).toBeLessThan(5);
  expect(scoreCompany(hits, 3).score).toBeGreaterThan(scoreCompany(hits, 200).score * 10);
});

test('small companies are measured against at least MIN_WORKERS', () => {
  const s = scoreCompany([flag('LAC-P021', 'red', 'p1')], 1);
  expect(s.contributions[0]?.points).toBe(Math.round(WORKER_WEIGHT.red * Math.min(1, 1 / MIN_WORKERS / FULL_SHARE)));
  expect(s.explanation[0]).toContain(`1 of ${MIN_WORKERS} workers`);
  expect(s.explanation[0]).toContain('small company');
});

test('company-wide signals give their fixed weight', () => {
  expect(controlPoints([signal('LAC-C004', 'warning')], 100).points).toBe(COMPANY_WEIGHT.warning);
  expect(scoreCompany([signal('LAC-C002', 'red')], 100).explanation[0]).toContain('company signal');
});

test('the score is the exact sum of its contributions, each naming control, version, hits and evidence', () => {
  const s = scoreCompany([signal('LAC-C001', 'warning'), flag('LAC-P021', 'red', 'p1', ['b']), flag('LAC-P021', 'red', 'p2', ['c']), flag('LAC-P028', 'info', 'p3', ['X'])], 10);
  expect(s.contributions).toEqual([
    { controlId: 'LAC-P021', controlVersion: 1, points: 16, hits: 2, evidence: ['b', 'c'] },
    { controlId: 'LAC-C001', controlVersion: 2, points: COMPANY_WEIGHT.warning, hits: 1, evidence: ['CO'] },
    { controlId: 'LAC-P028', controlVersion: 1, points: 1, hits: 1, evidence: ['X'] },
  ]);
  expect(s.score).toBe(s.contributions.reduce((a, c) => a + c.points, 0));
  expect(s.redFlag).toBe(true);
  expect(s.explanation).toHaveLength(3);
});

test('the total is capped at 100 and still equals the sum', () => {
  const flags = ['A', 'B', 'C', 'D'].flatMap((c) => [1, 2, 3].map((i) => flag(`LAC-P0${c}`, 'red', `p${i}`)));
  const s = scoreCompany(flags, 3);
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
  const flags = [signal('LAC-C001', 'warning'), flag('LAC-P021', 'red', 'p1'), flag('LAC-P021', 'red', 'p2')];
  expect(scoreCompany([...flags].reverse(), 12)).toEqual(scoreCompany(flags, 12));
});
