/**
 * Stored match outcomes (matches) as they are published: by `lac export matches` in key order,
 * and by the API dossier per company (its postings). One column list and one row shape.
 */
import type { Pool, PoolClient } from '../db/pool.js';
import type { SubjectType } from '../../core/match/types.js';

export interface StoredMatch {
  subjectType: SubjectType;
  subjectRef: string;
  outcome: string;
  coverage: number;
  certificateNumbers: string[];
  personKey: string | null;
  companyKey: string | null;
  explanation: string;
  /** YYYY-MM-DD. */
  startDate: string | null;
  endDate: string | null;
}

/** A match's key: one match per subject. */
export type MatchKey = [subjectType: string, subjectRef: string];

interface Row {
  subject_type: SubjectType; subject_ref: string; outcome: string; coverage: string; certificate_numbers: string[]; person_key: string | null;
  company_key: string | null; explanation: string; start_date: string | null; end_date: string | null;
}

const COLUMNS = `subject_type, subject_ref, outcome, coverage, certificate_numbers, person_key, company_key, explanation,
                 to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date`;

/** Up to `limit` matches after `after` (from the first when null), in key order. */
export async function matchesAfter(db: Pool | PoolClient, after: MatchKey | null, limit: number): Promise<StoredMatch[]> {
  const res = await db.query<Row>(
    `SELECT ${COLUMNS}
       FROM matches
      WHERE $1::text IS NULL OR (subject_type, subject_ref) > ($1, $2)
      ORDER BY subject_type, subject_ref LIMIT $3`,
    [after?.[0] ?? null, after?.[1] ?? null, limit],
  );
  return res.rows.map(storedMatch);
}

/** Up to `limit` matches the matcher attributed to the company (declared workers and SED attestations), by start date. */
export async function companyMatches(db: Pool | PoolClient, companyKey: string, limit: number): Promise<StoredMatch[]> {
  const res = await db.query<Row>(
    `SELECT ${COLUMNS}
       FROM matches WHERE company_key = $1
      ORDER BY start_date NULLS LAST, subject_type, subject_ref LIMIT $2`,
    [companyKey, limit],
  );
  return res.rows.map(storedMatch);
}

// The key order is the published order (export JSONL, API JSON): keep it.
function storedMatch(r: Row): StoredMatch {
  return {
    subjectType: r.subject_type, subjectRef: r.subject_ref, outcome: r.outcome, coverage: Number(r.coverage), certificateNumbers: r.certificate_numbers,
    personKey: r.person_key, companyKey: r.company_key, explanation: r.explanation, startDate: r.start_date, endDate: r.end_date,
  };
}
