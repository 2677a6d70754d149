/** The API's audit log (migrations/0007_api_audit.sql): one append-only row per audited request. */
import type { Pool, PoolClient } from '../db/pool.js';
import type { Role } from './keys.js';

export type AuditSubjectType = 'company' | 'company-list' | 'audit-log';
export type AuditOutcome = 'ok' | 'not-found' | 'bad-request' | 'forbidden' | 'error';

export interface AuditEntry {
  requestId: string;
  keyId: string;
  role: Role;
  method: string;
  endpoint: string;
  subjectType: AuditSubjectType;
  subjectRef: string | null;
  filters: Record<string, unknown>;
  outcome: AuditOutcome;
  status: number;
  resultCount: number;
  companyRefs: string[];
  personRefs: string[];
}

export async function insertAudit(db: Pool | PoolClient, e: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO api_audit (request_id, key_id, role, method, endpoint, subject_type, subject_ref, filters, outcome, status, result_count, company_refs, person_refs)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [e.requestId, e.keyId, e.role, e.method, e.endpoint, e.subjectType, e.subjectRef, JSON.stringify(e.filters), e.outcome, e.status, e.resultCount, e.companyRefs, e.personRefs],
  );
}

export interface AuditFilters {
  keyId: string | null;
  subjectType: AuditSubjectType[] | null;
  /** Rows whose response carried this company key (dossier or list). */
  companyKey: string | null;
  personKey: string | null;
  outcome: AuditOutcome[] | null;
  from: string | null;
  to: string | null;
}

export interface AuditRecord {
  id: number;
  at: string;
  requestId: string;
  keyId: string;
  role: string;
  method: string;
  endpoint: string;
  subjectType: string;
  subjectRef: string | null;
  filters: unknown;
  outcome: string;
  status: number;
  resultCount: number;
  companyRefs: string[];
  personRefs: string[];
}

/** Newest first, strictly before `beforeId` (keyset on the identity column). */
export async function listAudit(client: PoolClient, f: AuditFilters, beforeId: number | null, limit: number): Promise<AuditRecord[]> {
  const res = await client.query<{
    id: string; at: Date; request_id: string; key_id: string; role: string; method: string; endpoint: string; subject_type: string; subject_ref: string | null;
    filters: unknown; outcome: string; status: number; result_count: number; company_refs: string[]; person_refs: string[];
  }>(
    `SELECT id, at, request_id, key_id, role, method, endpoint, subject_type, subject_ref, filters, outcome, status, result_count, company_refs, person_refs
       FROM api_audit
      WHERE ($1::bigint IS NULL OR id < $1)
        AND ($3::text IS NULL OR key_id = $3)
        AND ($4::text[] IS NULL OR subject_type = ANY($4))
        AND ($5::text IS NULL OR company_refs @> ARRAY[$5::text])
        AND ($6::text IS NULL OR person_refs @> ARRAY[$6::text])
        AND ($7::text[] IS NULL OR outcome = ANY($7))
        AND ($8::timestamptz IS NULL OR at >= $8)
        AND ($9::timestamptz IS NULL OR at <= $9)
      ORDER BY id DESC LIMIT $2`,
    [beforeId, limit, f.keyId, f.subjectType, f.companyKey, f.personKey, f.outcome, f.from, f.to],
  );
  return res.rows.map((r) => ({
    id: Number(r.id), at: r.at.toISOString(), requestId: r.request_id, keyId: r.key_id, role: r.role, method: r.method, endpoint: r.endpoint,
    subjectType: r.subject_type, subjectRef: r.subject_ref, filters: r.filters, outcome: r.outcome, status: r.status, resultCount: r.result_count,
    companyRefs: r.company_refs, personRefs: r.person_refs,
  }));
}
