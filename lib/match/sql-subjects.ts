/**
 * Subjects (what must be covered) and evidence (what may cover it) for the person records of
 * one component, read from the source tables.
 */
import type { PoolClient } from '../db/pool.js';
import type { CompanyIdentity } from '../../core/match/company-keys.js';

/** SED types that attest applicable legislation for a period (subjects and evidence). */
export const ATTESTATION_TYPES = ['A003', 'A009', 'A010'];

export interface SedFacts {
  documentId: string;
  sedType: string;
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

export async function sedFacts(client: PoolClient, documentIds: string[]): Promise<SedFacts[]> {
  if (documentIds.length === 0) return [];
  const res = await client.query<{
    document_id: string; sed_type: string; legislation_state: string | null; start_date: string; end_date: string | null;
    employer: { name: string | null; country: string | null; ids: Array<{ type: string; id: string }> } | null;
    contested: boolean;
  }>(
    `SELECT s.document_id, s.sed_type, s.legislation_state, to_char(s.start_date, 'YYYY-MM-DD') AS start_date,
            to_char(s.end_date, 'YYYY-MM-DD') AS end_date,
            (SELECT jsonb_build_object('name', e.name, 'country', e.country, 'ids', e.ids)
               FROM sed_employers e WHERE e.sed_id = s.id AND e.role IN ('employer', 'self-employment')
              ORDER BY e.idx LIMIT 1) AS employer,
            (s.sed_type = 'A003' AND coalesce(s.provisional, false) AND s.case_id IS NOT NULL AND EXISTS (
               SELECT 1 FROM seds o WHERE o.case_id = s.case_id AND o.sed_type = 'A004' AND o.status = 'active')) AS contested
       FROM seds s
      WHERE s.document_id = ANY($1::text[]) AND s.status = 'active' AND s.sed_type = ANY($2::text[]) AND s.start_date IS NOT NULL`,
    [documentIds, ATTESTATION_TYPES],
  );
  return res.rows.map((r) => ({
    documentId: r.document_id, sedType: r.sed_type, legislationState: r.legislation_state,
    startDate: r.start_date, endDate: r.end_date, employer: r.employer, contested: r.contested,
  }));
}

export async function workerFacts(client: PoolClient, refs: Array<{ declarationId: string; workerIdx: number }>): Promise<WorkerFacts[]> {
  if (refs.length === 0) return [];
  const res = await client.query<{ declaration_id: string; worker_idx: number; undertaking_country: string; start_date: string; end_date: string; undertaking: CompanyIdentity }>(
    `SELECT d.declaration_id, w.worker_idx, d.undertaking_country, to_char(d.start_date, 'YYYY-MM-DD') AS start_date,
            to_char(d.end_date, 'YYYY-MM-DD') AS end_date,
            jsonb_build_object('name', d.record->'postingUndertaking'->>'name', 'country', d.record->'postingUndertaking'->>'country',
                               'ids', coalesce(d.record->'postingUndertaking'->'ids', '[]'::jsonb)) AS undertaking
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
    `SELECT certificate_number, legislation_state, to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date, status,
            CASE WHEN record->'employer' IS NULL OR record->'employer' = 'null'::jsonb THEN NULL
                 ELSE jsonb_build_object('name', record->'employer'->>'name', 'country', record->'employer'->>'country',
                                         'ids', coalesce(record->'employer'->'ids', '[]'::jsonb)) END AS employer
       FROM certificates WHERE certificate_number = ANY($1::text[])`,
    [numbers],
  );
  return res.rows.map((r) => ({
    certificateNumber: r.certificate_number, legislationState: r.legislation_state, startDate: r.start_date,
    endDate: r.end_date, withdrawn: r.status === 'withdrawn', employer: r.employer,
  }));
}
