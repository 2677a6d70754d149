/**
 * Subjects (what must be covered) and evidence (what may cover it) for person records, read from
 * the source tables: by id for the components of an incremental run, or for every source at once
 * in a full run's snapshot (`lib/match/sql-full-run.ts`), from the same column expressions.
 */
import type { PoolClient } from '../db/pool.js';
import type { CompanyIdentity } from '../../core/match/company-keys.js';

/** SED types that attest applicable legislation for a period (subjects and evidence). */
export const ATTESTATION_TYPES = ['A003', 'A009', 'A010'];

export interface SedFacts {
  documentId: string;
  legislationState: string | null;
  startDate: string;
  endDate: string | null;
  employer: CompanyIdentity | null;
  /**
   * A provisional A003 the other state disagreed with (an A004 in the same case): it no longer
   * attests anything. Without an A004 it becomes definitive after two months (LA_BUC_02) and
   * counts meanwhile.
   */
  contested: boolean;
}

export interface WorkerFacts {
  declarationId: string;
  workerIdx: number;
  sendingState: string;
  startDate: string;
  endDate: string;
  undertaking: CompanyIdentity;
}

export interface CertificateFacts {
  certificateNumber: string;
  legislationState: string | null;
  startDate: string | null;
  endDate: string | null;
  withdrawn: boolean;
  employer: CompanyIdentity | null;
}

/** Which SEDs are subjects and evidence (on alias `s`). */
export const SED_ATTESTS_SQL = `s.status = 'active' AND s.sed_type IN (${ATTESTATION_TYPES.map((t) => `'${t}'`).join(', ')}) AND s.start_date IS NOT NULL`;

/** Whether SED `s` is a provisional A003 contested by an A004 of its case. */
export const SED_CONTESTED_SQL = `(s.sed_type = 'A003' AND coalesce(s.provisional, false) AND s.case_id IS NOT NULL AND EXISTS (
  SELECT 1 FROM seds o WHERE o.case_id = s.case_id AND o.sed_type = 'A004' AND o.status = 'active'))`;

/** The employer of SED `s` as a company identity: its first employer or self-employment (from `e`, one sed_employers row). */
export const SED_EMPLOYER_SQL = "jsonb_build_object('name', e.name, 'country', e.country, 'ids', e.ids)";
export const SED_EMPLOYER_ROLES_SQL = "e.role IN ('employer', 'self-employment')";

/**
 * The same first employer or self-employment of SED `s`, from its record (whose `employers` the
 * sed_employers rows are made from, in order): what the identity hash covers, without a join.
 */
export const SED_FIRST_EMPLOYER_JSON_SQL = `jsonb_path_query_first(s.record, '$.employers[*] ? (@.role == "employer" || @.role == "self-employment")')`;

/** The posting undertaking of declaration `d`. */
export const WORKER_UNDERTAKING_SQL = `jsonb_build_object('name', d.record->'postingUndertaking'->>'name', 'country', d.record->'postingUndertaking'->>'country',
  'ids', coalesce(d.record->'postingUndertaking'->'ids', '[]'::jsonb))`;

/** The employer of certificate `c`, if it names one. */
export const CERTIFICATE_EMPLOYER_SQL = `CASE WHEN c.record->'employer' IS NULL OR c.record->'employer' = 'null'::jsonb THEN NULL
  ELSE jsonb_build_object('name', c.record->'employer'->>'name', 'country', c.record->'employer'->>'country',
                          'ids', coalesce(c.record->'employer'->'ids', '[]'::jsonb)) END`;

export async function sedFacts(client: PoolClient, documentIds: string[]): Promise<SedFacts[]> {
  if (documentIds.length === 0) return [];
  const res = await client.query<{
    document_id: string; legislation_state: string | null; start_date: string; end_date: string | null;
    employer: CompanyIdentity | null; contested: boolean;
  }>(
    `SELECT s.document_id, s.legislation_state, to_char(s.start_date, 'YYYY-MM-DD') AS start_date,
            to_char(s.end_date, 'YYYY-MM-DD') AS end_date,
            (SELECT ${SED_EMPLOYER_SQL} FROM sed_employers e WHERE e.sed_id = s.id AND ${SED_EMPLOYER_ROLES_SQL}
              ORDER BY e.idx LIMIT 1) AS employer,
            ${SED_CONTESTED_SQL} AS contested
       FROM seds s
      WHERE s.document_id = ANY($1::text[]) AND ${SED_ATTESTS_SQL}`,
    [documentIds],
  );
  return res.rows.map((r) => ({
    documentId: r.document_id, legislationState: r.legislation_state,
    startDate: r.start_date, endDate: r.end_date, employer: r.employer, contested: r.contested,
  }));
}

export async function workerFacts(client: PoolClient, refs: Array<{ declarationId: string; workerIdx: number }>): Promise<WorkerFacts[]> {
  if (refs.length === 0) return [];
  const res = await client.query<{ declaration_id: string; worker_idx: number; undertaking_country: string; start_date: string; end_date: string; undertaking: CompanyIdentity }>(
    `SELECT d.declaration_id, w.worker_idx, d.undertaking_country, to_char(d.start_date, 'YYYY-MM-DD') AS start_date,
            to_char(d.end_date, 'YYYY-MM-DD') AS end_date, ${WORKER_UNDERTAKING_SQL} AS undertaking
       FROM declarations d JOIN declaration_workers w ON w.declaration_row_id = d.id
       JOIN unnest($1::text[], $2::int[]) AS q(declaration_id, worker_idx) ON q.declaration_id = d.declaration_id AND q.worker_idx = w.worker_idx
      WHERE d.is_current AND d.status <> 'cancelled'`,
    [refs.map((r) => r.declarationId), refs.map((r) => r.workerIdx)],
  );
  return res.rows.map((r) => ({
    declarationId: r.declaration_id, workerIdx: r.worker_idx, sendingState: r.undertaking_country,
    startDate: r.start_date, endDate: r.end_date, undertaking: r.undertaking,
  }));
}

export async function certificateFacts(client: PoolClient, numbers: string[]): Promise<CertificateFacts[]> {
  if (numbers.length === 0) return [];
  const res = await client.query<{ certificate_number: string; legislation_state: string | null; start_date: string | null; end_date: string | null; status: string; employer: CompanyIdentity | null }>(
    `SELECT c.certificate_number, c.legislation_state, to_char(c.start_date, 'YYYY-MM-DD') AS start_date,
            to_char(c.end_date, 'YYYY-MM-DD') AS end_date, c.status, ${CERTIFICATE_EMPLOYER_SQL} AS employer
       FROM certificates c WHERE c.certificate_number = ANY($1::text[])`,
    [numbers],
  );
  return res.rows.map((r) => ({
    certificateNumber: r.certificate_number, legislationState: r.legislation_state, startDate: r.start_date,
    endDate: r.end_date, withdrawn: r.status === 'withdrawn', employer: r.employer,
  }));
}
