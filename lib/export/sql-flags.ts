/**
 * Stored control hits (flags) as they are published: by `lac export flags` in key order, and by
 * the API dossier per company. One column list and one row shape, so both say the same of a flag.
 */
import type { Pool, PoolClient } from '../db/pool.js';

export interface StoredFlag {
  controlId: string;
  controlVersion: number;
  severity: string;
  scope: string;
  subjectType: string;
  subjectRef: string;
  companyKey: string | null;
  personKey: string | null;
  evidence: string[];
  legalBasis: string;
  message: string;
  detail: string;
  /** ISO 8601, UTC. */
  raisedAt: string;
}

/** A flag's key: flags are unique and exported in this order. */
export type FlagKey = [controlId: string, subjectType: string, subjectRef: string];

interface Row {
  control_id: string; control_version: number; severity: string; scope: string; subject_type: string; subject_ref: string;
  company_key: string | null; person_key: string | null; evidence: string[]; legal_basis: string; message: string; detail: string; raised_at: Date;
}

const COLUMNS = `f.control_id, f.control_version, f.severity, f.scope, f.subject_type, f.subject_ref, f.company_key, f.person_key, f.evidence,
                 f.legal_basis, f.message, f.detail, f.raised_at`;

/** Up to `limit` flags after `after` (from the first when null) in key order, raised at or before `raisedUpTo` (a timestamptz; all when null). */
export async function flagsAfter(db: Pool | PoolClient, after: FlagKey | null, limit: number, raisedUpTo: string | null): Promise<StoredFlag[]> {
  const res = await db.query<Row>(
    `SELECT ${COLUMNS}
       FROM flags f
      WHERE ($1::text IS NULL OR (f.control_id, f.subject_type, f.subject_ref) > ($1, $2, $3))
        AND ($5::timestamptz IS NULL OR f.raised_at <= $5)
      ORDER BY f.control_id, f.subject_type, f.subject_ref LIMIT $4`,
    [after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, limit, raisedUpTo],
  );
  return res.rows.map(storedFlag);
}

/**
 * Up to `limit` flags of the company, red first, then warnings, then the rest, each in key order.
 * Red ones carry what a person should do about them (the flag_reviews view), e.g. request
 * reconsideration from the issuer; others have a null proposal.
 */
export async function companyFlags(db: Pool | PoolClient, companyKey: string, limit: number): Promise<Array<StoredFlag & { proposal: string | null }>> {
  const res = await db.query<Row & { proposal: string | null }>(
    `SELECT ${COLUMNS}, r.proposal
       FROM flags f
       LEFT JOIN flag_reviews r ON f.severity = 'red' AND r.control_id = f.control_id AND r.subject_type = f.subject_type AND r.subject_ref = f.subject_ref
      WHERE f.company_key = $1
      ORDER BY CASE f.severity WHEN 'red' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, f.control_id, f.subject_type, f.subject_ref
      LIMIT $2`,
    [companyKey, limit],
  );
  return res.rows.map((r) => ({ ...storedFlag(r), proposal: r.proposal }));
}

// The key order is the published order (export JSONL, API JSON): keep it.
function storedFlag(r: Row): StoredFlag {
  return {
    controlId: r.control_id, controlVersion: r.control_version, severity: r.severity, scope: r.scope, subjectType: r.subject_type, subjectRef: r.subject_ref,
    companyKey: r.company_key, personKey: r.person_key, evidence: r.evidence, legalBasis: r.legal_basis, message: r.message, detail: r.detail,
    raisedAt: r.raised_at.toISOString(),
  };
}
