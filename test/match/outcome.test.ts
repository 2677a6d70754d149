/** One subject against its evidence: each outcome of the contract, and order independence. */
import { describe, expect, test } from 'vitest';
import { computeOutcome } from '../../core/match/outcome.js';
import type { Evidence, Subject } from '../../core/match/types.js';

const subject: Subject = {
  type: 'declaration-worker', ref: 'SIPSI-1#0', personKey: 'P1', ambiguousIdentity: false,
  companyKeys: ['vat:DE1', 'name:DE:bau'], expectedState: 'DE', startDate: '2024-04-01', endDate: '2024-09-30',
};
const cert = (ref: string, over: Partial<Evidence> = {}): Evidence => ({
  ref, kind: 'certificate', personKey: 'P1', companyKeys: ['name:DE:bau'], legislationState: 'DE',
  startDate: '2024-01-01', endDate: '2024-12-31', withdrawn: false, ...over,
});

describe('computeOutcome', () => {
  test('matched: one certificate covers every day', () => {
    const r = computeOutcome(subject, [cert('A1-1')]);
    expect(r).toMatchObject({ outcome: 'matched', coverage: 1, evidenceRefs: ['A1-1'] });
    expect(r.explanation).toContain('183 days');
  });

  test('matched: two successive certificates together cover the period', () => {
    const r = computeOutcome(subject, [cert('A1-1', { endDate: '2024-06-30' }), cert('A1-2', { startDate: '2024-07-01' })]);
    expect(r).toMatchObject({ outcome: 'matched', coverage: 1, evidenceRefs: ['A1-1', 'A1-2'] });
  });

  test('period-partial with the share of declared days covered', () => {
    const r = computeOutcome(subject, [cert('A1-1', { endDate: '2024-06-30' })]);
    expect(r.outcome).toBe('period-partial');
    expect(r.coverage).toBeCloseTo(91 / 183, 4);
  });

  test('no-certificate: nothing for this person, or nothing overlapping', () => {
    expect(computeOutcome(subject, []).outcome).toBe('no-certificate');
    expect(computeOutcome(subject, [cert('A1-9', { personKey: 'P2' })]).outcome).toBe('no-certificate');
    expect(computeOutcome(subject, [cert('A1-1', { endDate: '2024-03-31' })]).outcome).toBe('no-certificate');
  });

  test('withdrawn: the only covering certificate was withdrawn', () => {
    expect(computeOutcome(subject, [cert('A1-1', { withdrawn: true })])).toMatchObject({ outcome: 'withdrawn', evidenceRefs: ['A1-1'] });
  });

  test('a withdrawn certificate next to a valid one does not count', () => {
    expect(computeOutcome(subject, [cert('A1-1', { withdrawn: true }), cert('A1-2')]).outcome).toBe('matched');
  });

  test('conflict: two valid certificates of different states over the same days', () => {
    const r = computeOutcome(subject, [cert('A1-1'), cert('A1-2', { legislationState: 'PL', startDate: '2024-09-01' })]);
    expect(r).toMatchObject({ outcome: 'conflict', evidenceRefs: ['A1-1', 'A1-2'] });
  });

  test('no conflict when the other state only overlaps outside the declared period', () => {
    const r = computeOutcome(subject, [cert('A1-1'), cert('A1-2', { legislationState: 'PL', startDate: '2024-11-01' })]);
    expect(r.outcome).toBe('matched');
  });

  test('state-mismatch: the certificate is of another state than the sending state', () => {
    expect(computeOutcome(subject, [cert('A1-1', { legislationState: 'PL' })]).outcome).toBe('state-mismatch');
  });

  test('employer-mismatch: the certificate names another employer', () => {
    expect(computeOutcome(subject, [cert('A1-1', { companyKeys: ['vat:DE2', 'name:DE:other'] })]).outcome).toBe('employer-mismatch');
  });

  test('ambiguous-identity wins over everything', () => {
    expect(computeOutcome({ ...subject, ambiguousIdentity: true }, [cert('A1-1')]).outcome).toBe('ambiguous-identity');
  });

  test('a SED subject is not its own evidence; an open-ended attestation covers to the end', () => {
    const sedSubject: Subject = { ...subject, type: 'sed', ref: 'abc' };
    const own: Evidence = { ...cert('sed:abc'), kind: 'sed' };
    expect(computeOutcome(sedSubject, [own]).outcome).toBe('no-certificate');
    const open: Evidence = { ...cert('sed:def'), kind: 'sed', endDate: null, startDate: '2024-04-01' };
    expect(computeOutcome(sedSubject, [open]).outcome).toBe('matched');
  });

  test('the order of the evidence does not matter, explanations included', () => {
    const list = [cert('A1-3', { legislationState: 'PL', startDate: '2024-08-01' }), cert('A1-1'), cert('A1-2', { withdrawn: true })];
    expect(computeOutcome(subject, [...list].reverse())).toEqual(computeOutcome(subject, list));
    const two = [cert('A1-2', { startDate: '2024-07-01' }), cert('A1-1', { endDate: '2024-06-30' })];
    expect(computeOutcome(subject, [...two].reverse())).toEqual(computeOutcome(subject, two));
  });
});
