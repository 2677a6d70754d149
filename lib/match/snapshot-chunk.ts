/**
 * One chunk of a full run, from the snapshot's JSON to the JSON of its staged results: parse the
 * records and their facts, resolve each component, compute the outcomes. Pure (no I/O), so it
 * runs the same in the main thread or in a worker (`component-pool.ts`). JSON both ways: one
 * native parse per chunk instead of a driver's per-column parsing, one string to send back.
 */
import { connectedComponents } from '../../core/match/components.js';
import type { CompanyIdentity } from '../../core/match/company-keys.js';
import { matchComponents, type ComponentFacts } from './match-components.js';
import type { PersonRecordRow } from './sql-person-records.js';

/**
 * A snapshot row as `sql-full-run.ts` aggregates it: ref, source kind, family name, forename,
 * family name at birth, forename at birth, birth date, sex, pins, PIN keys, then the facts
 * (attests, state, start, end, company, flag).
 */
export type SnapshotRowJson = [
  string, PersonRecordRow['sourceKind'], string | null, string | null, string | null, string | null, string | null, string | null,
  PersonRecordRow['pins'], string[], boolean, string | null, string | null, string | null, CompanyIdentity | null, boolean,
];

export interface ChunkResult {
  /** `match_full_keys` rows, as a JSON array of objects. */
  keysJson: string;
  /** `match_full_out` rows, as a JSON array of objects. */
  rowsJson: string;
  companyKeys: string[];
  records: number;
  subjects: number;
}

export function parseSnapshotChunk(json: string): { records: PersonRecordRow[]; facts: ComponentFacts } {
  const rows = JSON.parse(json) as SnapshotRowJson[];
  const facts: ComponentFacts = { seds: new Map(), workers: new Map(), certificates: new Map() };
  const records = rows.map(([ref, sourceKind, familyName, forename, familyNameAtBirth, forenameAtBirth, birthDate, sex, pins, pinKeys, ok, state, start, end, company, flag]): PersonRecordRow => {
    if (ok) {
      if (sourceKind === 'sed') {
        const id = ref.slice(4);
        facts.seds.set(id, { documentId: id, legislationState: state, startDate: start as string, endDate: end, employer: company, contested: flag });
      } else if (sourceKind === 'declaration-worker') {
        const body = ref.slice(3);
        const hash = body.lastIndexOf('#');
        facts.workers.set(body, {
          declarationId: body.slice(0, hash), workerIdx: Number(body.slice(hash + 1)), sendingState: state as string,
          startDate: start as string, endDate: end as string, undertaking: company as CompanyIdentity,
        });
      } else {
        const number = ref.slice(5);
        facts.certificates.set(number, { certificateNumber: number, legislationState: state, startDate: start, endDate: end, withdrawn: flag, employer: company });
      }
    }
    // No stored resolution: every one is staged, and the merge writes those that differ.
    return {
      ref, sourceKind, familyName, forename, familyNameAtBirth, forenameAtBirth, birthDate, sex, pins, pinKeys,
      personKey: null, linkMethod: null, linkConfidence: null, ambiguous: false, candidates: [],
    };
  });
  return { records, facts };
}

export function runSnapshotChunk(json: string): ChunkResult {
  const { records, facts } = parseSnapshotChunk(json);
  const out = matchComponents(connectedComponents(records), facts);
  return {
    keysJson: JSON.stringify(
      out.changedResolutions.map((k) => ({ ref: k.ref, person_key: k.personKey, method: k.method, confidence: k.confidence, ambiguous: k.ambiguous, candidates: k.candidates })),
    ),
    rowsJson: JSON.stringify(
      out.rows.map((r) => ({
        subject_type: r.subject.type, subject_ref: r.subject.ref, outcome: r.result.outcome, coverage: r.result.coverage,
        certificate_numbers: r.result.evidenceRefs, person_key: r.subject.personKey, company_key: r.subject.companyKeys[0] ?? null,
        explanation: r.result.explanation, start_date: r.subject.startDate, end_date: r.subject.endDate,
      })),
    ),
    companyKeys: [...out.companyKeys],
    records: records.length,
    subjects: out.rows.length,
  };
}
