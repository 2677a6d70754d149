/**
 * The outcome of one subject against the evidence of the same person. Pure and deterministic:
 * the same subject and evidence give the same result whatever their order, which is what lets
 * incremental runs equal a full rematch.
 *
 * Precedence: ambiguous-identity, no-certificate, withdrawn, conflict, state-mismatch,
 * employer-mismatch, period-partial, matched.
 */
import { coveredDays, dayNumber, overlaps, type DayRange } from './days.js';
import type { Evidence, MatchResult, Subject } from './types.js';

/** An open-ended attestation is taken to run far beyond any subject period. */
const OPEN_END = dayNumber('2999-12-31');

function range(e: { startDate: string; endDate: string | null }): DayRange {
  return { from: dayNumber(e.startDate), to: e.endDate === null ? OPEN_END : dayNumber(e.endDate) };
}

function refs(list: Evidence[]): string[] {
  return [...new Set(list.map((e) => e.ref))].sort();
}

function label(e: Evidence): string {
  return e.kind === 'sed' ? `attestation ${e.ref.slice(4)}` : `certificate ${e.ref}`;
}

export function computeOutcome(subject: Subject, evidence: Evidence[]): MatchResult {
  const period: DayRange = { from: dayNumber(subject.startDate), to: dayNumber(subject.endDate) };
  const days = period.to - period.from + 1;
  const result = (outcome: MatchResult['outcome'], coverage: number, used: Evidence[], explanation: string): MatchResult => ({
    outcome,
    coverage: Math.round(coverage * 10_000) / 10_000,
    evidenceRefs: refs(used),
    explanation,
  });

  if (subject.ambiguousIdentity) {
    return result('ambiguous-identity', 0, [], 'the person could be one of several known persons; a person decides which');
  }
  // Sorted by ref: explanations and conflict choice must not depend on the order evidence was loaded in.
  const mine = evidence
    .filter((e) => e.personKey === subject.personKey && e.ref !== `sed:${subject.ref}`)
    .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  const overlapping = mine.filter((e) => overlaps(range(e), period));
  if (overlapping.length === 0) {
    return result('no-certificate', 0, [], `no certificate or attestation for this person covers ${subject.startDate}..${subject.endDate}`);
  }
  const valid = overlapping.filter((e) => !e.withdrawn);
  if (valid.length === 0) {
    return result('withdrawn', 0, overlapping, `the only evidence for ${subject.startDate}..${subject.endDate} was withdrawn: ${overlapping.map(label).join(', ')}`);
  }
  const conflict = findConflict(valid, period);
  if (conflict !== null) {
    const [a, b] = conflict;
    return result('conflict', 0, [a, b], `${label(a)} (${a.legislationState}) and ${label(b)} (${b.legislationState}) attest different states for the same days`);
  }
  const rightState = valid.filter((e) => subject.expectedState === null || e.legislationState === subject.expectedState);
  if (rightState.length === 0) {
    const states = [...new Set(valid.map((e) => e.legislationState ?? '?'))].sort().join(', ');
    return result('state-mismatch', 0, valid, `evidence names ${states}, the expected state is ${subject.expectedState}`);
  }
  const fitting = rightState.filter((e) => sameEmployer(subject.companyKeys, e.companyKeys));
  if (fitting.length === 0) {
    return result('employer-mismatch', 0, rightState, `${rightState.map(label).join(', ')} name(s) another employer than the one declared`);
  }
  const covered = coveredDays(period, fitting.map(range));
  const coverage = covered / days;
  if (covered < days) {
    return result('period-partial', coverage, fitting, `${covered} of ${days} days covered by ${fitting.map(label).join(', ')}`);
  }
  return result('matched', 1, fitting, `all ${days} days covered by ${fitting.map(label).join(', ')}`);
}

/** Unknown on either side is no mismatch; otherwise the two must share an identity key. */
function sameEmployer(a: string[], b: string[]): boolean {
  if (a.length === 0 || b.length === 0) return true;
  return a.some((k) => b.includes(k));
}

/** Two valid pieces of evidence of different states overlapping each other inside the period. */
function findConflict(valid: Evidence[], period: DayRange): [Evidence, Evidence] | null {
  const sorted = [...valid].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i];
      const b = sorted[j];
      if (a === undefined || b === undefined) continue;
      if (a.legislationState === null || b.legislationState === null || a.legislationState === b.legislationState) continue;
      const ra = range(a);
      const rb = range(b);
      const shared = { from: Math.max(ra.from, rb.from, period.from), to: Math.min(ra.to, rb.to, period.to) };
      if (shared.from <= shared.to) return [a, b];
    }
  }
  return null;
}
