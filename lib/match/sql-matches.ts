/** SQL for the matches table. */
import type { PoolClient } from '../db/pool.js';
import type { MatchResult, Subject } from '../../core/match/types.js';

export interface MatchRow {
  subject: Subject;
  result: MatchResult;
}

/**
 * The tail of an `INSERT INTO matches (...)`: an existing match is updated only where a column
 * differs (an unchanged rematch writes nothing). Shared by incremental and full runs.
 */
export const UPSERT_CHANGED_MATCHES = `ON CONFLICT (subject_type, subject_ref) DO UPDATE SET
       outcome = EXCLUDED.outcome, coverage = EXCLUDED.coverage, certificate_numbers = EXCLUDED.certificate_numbers,
       person_key = EXCLUDED.person_key, company_key = EXCLUDED.company_key, explanation = EXCLUDED.explanation,
       start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date, computed_at = now()
     WHERE (matches.outcome, matches.coverage, matches.certificate_numbers, matches.person_key, matches.company_key, matches.explanation,
            matches.start_date, matches.end_date)
           IS DISTINCT FROM
           (EXCLUDED.outcome, EXCLUDED.coverage, EXCLUDED.certificate_numbers, EXCLUDED.person_key, EXCLUDED.company_key,
            EXCLUDED.explanation, EXCLUDED.start_date, EXCLUDED.end_date)`;

/** Writes the matches of a component's subjects; rows whose content is unchanged are left alone. */
export async function upsertMatches(client: PoolClient, rows: MatchRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const res = await client.query(
    `INSERT INTO matches (subject_type, subject_ref, outcome, coverage, certificate_numbers, person_key, company_key, explanation, start_date, end_date)
     SELECT t, r, o, c, ARRAY(SELECT jsonb_array_elements_text(n)), p, k, e, s, d
       FROM unnest($1::text[], $2::text[], $3::text[], $4::numeric[], $5::jsonb[], $6::text[], $7::text[], $8::text[], $9::date[], $10::date[])
         AS u(t, r, o, c, n, p, k, e, s, d)
     ${UPSERT_CHANGED_MATCHES}`,
    [
      rows.map((r) => r.subject.type),
      rows.map((r) => r.subject.ref),
      rows.map((r) => r.result.outcome),
      rows.map((r) => r.result.coverage),
      rows.map((r) => JSON.stringify(r.result.evidenceRefs)),
      rows.map((r) => r.subject.personKey),
      rows.map((r) => r.subject.companyKeys[0] ?? null),
      rows.map((r) => r.result.explanation),
      rows.map((r) => r.subject.startDate),
      rows.map((r) => r.subject.endDate),
    ],
  );
  return res.rowCount ?? 0;
}

/**
 * Removes the matches of subjects that no longer exist (cancelled declarations, invalidated SEDs).
 * Returns how many, and the companies they named: those lose a worker, so they must be rescored.
 */
export async function deleteOrphanMatches(client: PoolClient): Promise<RemovedMatches> {
  const res = await client.query<{ company_key: string | null }>(
    `DELETE FROM matches m WHERE NOT EXISTS (
       SELECT 1 FROM person_records r
        WHERE r.ref = CASE m.subject_type WHEN 'sed' THEN 'sed:' || m.subject_ref ELSE 'dw:' || m.subject_ref END)
     RETURNING m.company_key`,
  );
  return removedMatches(res.rows);
}

export interface RemovedMatches {
  count: number;
  /** Distinct companies named by the removed matches. */
  companyKeys: string[];
}

/** What `DELETE FROM matches ... RETURNING company_key` removed. */
export function removedMatches(rows: ReadonlyArray<{ company_key: string | null }>): RemovedMatches {
  const keys = new Set<string>();
  for (const r of rows) if (r.company_key !== null) keys.add(r.company_key);
  return { count: rows.length, companyKeys: [...keys] };
}
