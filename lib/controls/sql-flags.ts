/** SQL for flags: the current control hits, replaced per scope key (person or company). */
import type { PoolClient } from '../db/pool.js';
import type { ControlHit, Severity } from '../../core/controls/types.js';

export interface FlagRow {
  controlId: string;
  controlVersion: number;
  severity: Severity;
  scope: 'person' | 'company';
  scopeKey: string;
  hit: ControlHit;
  personKey: string | null;
  legalBasis: string;
  message: string;
}

/**
 * Makes the flags of these scope keys exactly `rows`: hits that disappeared are deleted, new ones
 * inserted, and a hit that is still there keeps the time it was first raised.
 */
export async function replaceFlags(client: PoolClient, scope: 'person' | 'company', scopeKeys: string[], all: FlagRow[]): Promise<{ raised: number; cleared: number }> {
  if (scopeKeys.length === 0) return { raised: 0, cleared: 0 };
  const rows = mergeSameSubject(all);
  const cleared = await client.query(
    `DELETE FROM flags f WHERE f.scope = $1 AND f.scope_key = ANY($2::text[])
        AND NOT EXISTS (SELECT 1 FROM unnest($3::text[], $4::text[], $5::text[]) AS n(c, t, r)
                         WHERE n.c = f.control_id AND n.t = f.subject_type AND n.r = f.subject_ref)`,
    [scope, scopeKeys, rows.map((r) => r.controlId), rows.map((r) => r.hit.subjectType), rows.map((r) => r.hit.subjectRef)],
  );
  if (rows.length === 0) return { raised: 0, cleared: cleared.rowCount ?? 0 };
  const raised = await client.query(
    `INSERT INTO flags (control_id, control_version, severity, scope, scope_key, subject_type, subject_ref, company_key, person_key,
                        evidence, legal_basis, message, detail)
     SELECT c, v, s, $1, k, t, r, ck, pk, ARRAY(SELECT jsonb_array_elements_text(e)), lb, m, d
       FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[],
                   $11::text[], $12::text[], $13::text[]) AS u(c, v, s, k, t, r, ck, pk, e, lb, m, d)
     ON CONFLICT (control_id, subject_type, subject_ref) DO UPDATE SET
       control_version = EXCLUDED.control_version, severity = EXCLUDED.severity, scope = EXCLUDED.scope, scope_key = EXCLUDED.scope_key,
       company_key = EXCLUDED.company_key, person_key = EXCLUDED.person_key, evidence = EXCLUDED.evidence,
       legal_basis = EXCLUDED.legal_basis, message = EXCLUDED.message, detail = EXCLUDED.detail
     WHERE (flags.control_version, flags.severity, flags.scope_key, flags.company_key, flags.person_key, flags.evidence, flags.detail)
           IS DISTINCT FROM (EXCLUDED.control_version, EXCLUDED.severity, EXCLUDED.scope_key, EXCLUDED.company_key, EXCLUDED.person_key,
                             EXCLUDED.evidence, EXCLUDED.detail)`,
    [
      scope,
      rows.map((r) => r.controlId),
      rows.map((r) => r.controlVersion),
      rows.map((r) => r.severity),
      rows.map((r) => r.scopeKey),
      rows.map((r) => r.hit.subjectType),
      rows.map((r) => r.hit.subjectRef),
      rows.map((r) => r.hit.companyKey),
      rows.map((r) => r.personKey),
      rows.map((r) => JSON.stringify([...new Set(r.hit.evidence)].sort())),
      rows.map((r) => r.legalBasis),
      rows.map((r) => r.message),
      rows.map((r) => r.hit.detail),
    ],
  );
  return { raised: raised.rowCount ?? 0, cleared: cleared.rowCount ?? 0 };
}

/** One flag per control and subject: several hits on the same subject pool their evidence. */
function mergeSameSubject(rows: FlagRow[]): FlagRow[] {
  const byKey = new Map<string, FlagRow>();
  for (const r of rows) {
    const key = `${r.controlId}\u0000${r.hit.subjectType}\u0000${r.hit.subjectRef}`;
    const prev = byKey.get(key);
    if (prev === undefined) byKey.set(key, r);
    else {
      const details = prev.hit.detail === r.hit.detail ? prev.hit.detail : `${prev.hit.detail}; ${r.hit.detail}`;
      byKey.set(key, { ...prev, hit: { ...prev.hit, evidence: [...prev.hit.evidence, ...r.hit.evidence], detail: details } });
    }
  }
  return [...byKey.values()];
}

/**
 * Deletes person flags whose person key no longer exists: identity resolution can merge or
 * re-key a person, and nothing else would ever replace the old key's flags. It checks every
 * person flag, also in incremental runs: the old key is in no list of changed persons.
 */
export async function clearOrphanPersonFlags(client: PoolClient): Promise<number> {
  const res = await client.query(
    `DELETE FROM flags f WHERE f.scope = 'person'
        AND NOT EXISTS (SELECT 1 FROM person_records p WHERE p.person_key = f.scope_key)`,
  );
  return res.rowCount ?? 0;
}
