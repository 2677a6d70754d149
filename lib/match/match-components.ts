/**
 * Resolution and outcomes for a set of identity components, from their person records and the
 * facts of their sources. No SQL: the caller loads and stores.
 */
import { resolvePersons } from '../../core/identity/persons.js';
import { computeOutcome } from '../../core/match/outcome.js';
import { companyKeys, type CompanyIdentity } from '../../core/match/company-keys.js';
import { dateOf, dayNumber } from '../../core/match/days.js';
import type { Evidence, Subject } from '../../core/match/types.js';
import type { PersonRecordRow, Resolution } from './sql-person-records.js';
import type { CertificateFacts, SedFacts, WorkerFacts } from './sql-subjects.js';
import type { MatchRow } from './sql-matches.js';

export interface ComponentFacts {
  seds: Map<string, SedFacts>;
  /** By `<declarationId>#<workerIdx>`. */
  workers: Map<string, WorkerFacts>;
  certificates: Map<string, CertificateFacts>;
}

export interface ComponentsResult {
  /** Resolutions that differ from what the records hold. */
  changedResolutions: Resolution[];
  rows: MatchRow[];
  /** Company keys of subjects and evidence. */
  companyKeys: Set<string>;
}

/** The source ids to load facts for. */
export function factIds(records: readonly PersonRecordRow[]): { sedIds: string[]; workers: Array<{ declarationId: string; workerIdx: number }>; certificateNumbers: string[] } {
  const sedIds: string[] = [];
  const workers: Array<{ declarationId: string; workerIdx: number }> = [];
  const certificateNumbers: string[] = [];
  for (const r of records) {
    if (r.sourceKind === 'sed') sedIds.push(r.ref.slice(4));
    else if (r.sourceKind === 'certificate') certificateNumbers.push(r.ref.slice(5));
    else {
      const body = r.ref.slice(3);
      const hash = body.lastIndexOf('#');
      workers.push({ declarationId: body.slice(0, hash), workerIdx: Number(body.slice(hash + 1)) });
    }
  }
  return { sedIds, workers, certificateNumbers };
}

/**
 * Resolves each component on its own and computes its subjects' outcomes against the evidence of
 * the same person. Links that would cross components (birth-date typos, names without birth date)
 * are left out on purpose: they would make the result depend on which components a run loads together.
 */
export function matchComponents(components: readonly (readonly PersonRecordRow[])[], facts: ComponentFacts): ComponentsResult {
  const out: ComponentsResult = { changedResolutions: [], rows: [], companyKeys: new Set() };
  for (const records of components) matchComponent(records, facts, out);
  return out;
}

function matchComponent(records: readonly PersonRecordRow[], facts: ComponentFacts, out: ComponentsResult): void {
  const resolution = resolvePersons(
    records.map((r) => ({
      ref: r.ref, familyName: r.familyName, forename: r.forename, familyNameAtBirth: r.familyNameAtBirth,
      forenameAtBirth: r.forenameAtBirth, birthDate: r.birthDate, sex: sexOf(r.sex), pins: r.pins,
    })),
    { birthDateVariants: false, nameOnly: false },
  );
  const ambiguous = new Map(resolution.ambiguous.map((a) => [a.ref, a.candidates]));
  const method = new Map<string, { method: string; confidence: number }>();
  for (const link of resolution.links) {
    for (const ref of [link.a, link.b]) {
      const prev = method.get(ref);
      if (prev === undefined || link.confidence > prev.confidence) method.set(ref, { method: link.method, confidence: link.confidence });
    }
  }

  const subjects: Subject[] = [];
  const evidenceByPerson = new Map<string, Evidence[]>();
  const addEvidence = (e: Evidence): void => {
    const list = evidenceByPerson.get(e.personKey);
    if (list) list.push(e);
    else evidenceByPerson.set(e.personKey, [e]);
    for (const k of e.companyKeys) out.companyKeys.add(k);
  };
  for (const r of records) {
    const res: Resolution = {
      ref: r.ref,
      personKey: resolution.personKey.get(r.ref) ?? r.ref,
      method: method.get(r.ref)?.method ?? 'single',
      confidence: method.get(r.ref)?.confidence ?? 1,
      ambiguous: ambiguous.has(r.ref),
      candidates: ambiguous.get(r.ref) ?? [],
    };
    if (differs(r, res)) out.changedResolutions.push(res);
    const who = res;
    if (r.sourceKind === 'sed') {
      const s = facts.seds.get(r.ref.slice(4));
      if (s === undefined) continue;
      const keys = s.employer === null ? [] : keysOf(s.employer);
      subjects.push({
        type: 'sed', ref: s.documentId, personKey: who.personKey, ambiguousIdentity: who.ambiguous, companyKeys: keys,
        expectedState: s.legislationState, startDate: s.startDate,
        // An open-ended attestation is checked over its first year.
        endDate: s.endDate ?? dateOf(dayNumber(s.startDate) + 364),
      });
      addEvidence({
        ref: `sed:${s.documentId}`, kind: 'sed', personKey: who.personKey, companyKeys: keys,
        // A provisional A003 contested by an A004 attests nothing any more: weighed like a withdrawn certificate.
        legislationState: s.legislationState, startDate: s.startDate, endDate: s.endDate, withdrawn: s.contested,
      });
    } else if (r.sourceKind === 'declaration-worker') {
      const w = facts.workers.get(r.ref.slice(3));
      if (w === undefined) continue;
      subjects.push({
        type: 'declaration-worker', ref: `${w.declarationId}#${w.workerIdx}`, personKey: who.personKey, ambiguousIdentity: who.ambiguous,
        companyKeys: keysOf(w.undertaking), expectedState: w.sendingState, startDate: w.startDate, endDate: w.endDate,
      });
    } else {
      const c = facts.certificates.get(r.ref.slice(5));
      if (c === undefined || c.startDate === null) continue;
      addEvidence({
        ref: c.certificateNumber, kind: 'certificate', personKey: who.personKey,
        companyKeys: c.employer === null ? [] : keysOf(c.employer), legislationState: c.legislationState,
        startDate: c.startDate, endDate: c.endDate, withdrawn: c.withdrawn,
      });
    }
  }
  for (const subject of subjects) {
    for (const k of subject.companyKeys) out.companyKeys.add(k);
    out.rows.push({ subject, result: computeOutcome(subject, evidenceByPerson.get(subject.personKey) ?? []) });
  }
}

/** Undertakings repeat across thousands of subjects: their keys are memoised (bounded; pure, so the same either way). */
const keysMemo = new Map<string, readonly string[]>();

function keysOf(c: CompanyIdentity): string[] {
  let id = `${c.name ?? ''}\u0001${c.country ?? ''}`;
  for (const x of c.ids) id += `\u0001${x.type}\u0002${x.id}`;
  let keys = keysMemo.get(id);
  if (keys === undefined) {
    if (keysMemo.size >= 100_000) keysMemo.clear();
    keys = companyKeys(c);
    keysMemo.set(id, keys);
  }
  // Shared between subjects: read only.
  return keys as string[];
}

function differs(r: PersonRecordRow, res: Resolution): boolean {
  return (
    r.personKey !== res.personKey || r.linkMethod !== res.method || r.ambiguous !== res.ambiguous ||
    // Stored as real: compared at that precision.
    r.linkConfidence === null || Math.fround(r.linkConfidence) !== Math.fround(res.confidence) ||
    r.candidates.length !== res.candidates.length || r.candidates.some((c, i) => c !== res.candidates[i])
  );
}

function sexOf(s: string | null): 'M' | 'F' | 'U' | null {
  return s === 'M' || s === 'F' || s === 'U' ? s : null;
}
