/**
 * SQL for flags: the current control hits, replaced per scope key (person or company).
 * The new hits of some scope keys are compared in Node with the flags stored for them, and only
 * the difference is written: vanished hits deleted, new or changed ones upserted (one multi-row
 * statement each). An unchanged hit is neither rewritten nor locked, and keeps the time it was
 * first raised, so a second run over unchanged data writes nothing.
 */
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

/** A stored flag, as far as deciding whether a new hit changes it. */
export interface StoredFlag {
  control_id: string;
  subject_type: string;
  subject_ref: string;
  scope_key: string;
  control_version: number;
  severity: string;
  company_key: string | null;
  person_key: string | null;
  evidence: string[];
  detail: string;
}

/** Columns of StoredFlag, over `flags`. */
export const STORED_FLAG_COLUMNS = 'control_id, subject_type, subject_ref, scope_key, control_version, severity, company_key, person_key, evidence, detail';

export async function readFlags(client: PoolClient, scope: 'person' | 'company', scopeKeys: readonly string[]): Promise<StoredFlag[]> {
  if (scopeKeys.length === 0) return [];
  const r = await client.query<StoredFlag>(`SELECT ${STORED_FLAG_COLUMNS} FROM flags WHERE scope = $1 AND scope_key = ANY($2::text[])`, [scope, [...scopeKeys]]);
  return r.rows;
}

/**
 * Makes the flags of these scope keys exactly `rows`: hits that disappeared are deleted, new ones
 * inserted, and a hit that is still there keeps the time it was first raised.
 */
export async function replaceFlags(client: PoolClient, scope: 'person' | 'company', scopeKeys: readonly string[], all: FlagRow[]): Promise<{ raised: number; cleared: number }> {
  if (scopeKeys.length === 0) return { raised: 0, cleared: 0 };
  return writeFlagChanges(client, scope, all, await readFlags(client, scope, scopeKeys), []);
}

const pk = (controlId: string, subjectType: string, subjectRef: string): string => `${controlId}\u0000${subjectType}\u0000${subjectRef}`;

/**
 * Writes the difference between `all` (every new hit of some scope keys) and `stored` (every
 * stored flag of the same keys); `gone` are further stored flags to delete (keys that no longer
 * exist). A deletion only removes a flag still filed under the scope key it was read with: a hit
 * that moved to another person or company meanwhile is that one's.
 */
export async function writeFlagChanges(
  client: PoolClient,
  scope: 'person' | 'company',
  all: FlagRow[],
  stored: readonly StoredFlag[],
  gone: readonly StoredFlag[],
): Promise<{ raised: number; cleared: number }> {
  const rows = mergeSameSubject(all);
  const before = new Map<string, StoredFlag>();
  for (const f of stored) before.set(pk(f.control_id, f.subject_type, f.subject_ref), f);
  const changed: Array<{ row: FlagRow; evidence: string[] }> = [];
  for (const row of rows) {
    const key = pk(row.controlId, row.hit.subjectType, row.hit.subjectRef);
    const evidence = [...new Set(row.hit.evidence)].sort();
    const old = before.get(key);
    before.delete(key);
    if (old === undefined || !same(old, row, evidence)) changed.push({ row, evidence });
  }
  const deletions = [...before.values(), ...gone];
  let cleared = 0;
  if (deletions.length > 0) {
    const r = await client.query(
      `DELETE FROM flags f USING unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS d(c, t, r, k)
        WHERE f.control_id = d.c AND f.subject_type = d.t AND f.subject_ref = d.r AND f.scope = $1 AND f.scope_key = d.k`,
      [scope, deletions.map((f) => f.control_id), deletions.map((f) => f.subject_type), deletions.map((f) => f.subject_ref), deletions.map((f) => f.scope_key)],
    );
    cleared = r.rowCount ?? 0;
  }
  return { raised: await upsertFlags(client, scope, changed), cleared };
}

/** The comparison the upsert's WHERE makes (IS DISTINCT FROM on these columns). */
function same(old: StoredFlag, row: FlagRow, evidence: string[]): boolean {
  return (
    old.control_version === row.controlVersion && old.severity === row.severity && old.scope_key === row.scopeKey &&
    old.company_key === row.hit.companyKey && old.person_key === row.personKey && old.detail === row.hit.detail &&
    old.evidence.length === evidence.length && old.evidence.every((e, i) => e === evidence[i])
  );
}

async function upsertFlags(client: PoolClient, scope: 'person' | 'company', changed: Array<{ row: FlagRow; evidence: string[] }>): Promise<number> {
  if (changed.length === 0) return 0;
  // Legal basis and message are the control's: sent once per control, not once per row.
  const controls = new Map<string, { legalBasis: string; message: string }>();
  for (const { row } of changed) if (!controls.has(row.controlId)) controls.set(row.controlId, { legalBasis: row.legalBasis, message: row.message });
  const r = await client.query(
    `INSERT INTO flags (control_id, control_version, severity, scope, scope_key, subject_type, subject_ref, company_key, person_key,
                        evidence, legal_basis, message, detail)
     SELECT u.c, u.v, u.s, $1, u.k, u.t, u.r, u.ck, u.pk, ARRAY(SELECT jsonb_array_elements_text(u.e)), ctl.lb, ctl.m, u.d
       FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[], $11::text[])
              AS u(c, v, s, k, t, r, ck, pk, e, d)
       JOIN unnest($12::text[], $13::text[], $14::text[]) AS ctl(id, lb, m) ON ctl.id = u.c
     ON CONFLICT (control_id, subject_type, subject_ref) DO UPDATE SET
       control_version = EXCLUDED.control_version, severity = EXCLUDED.severity, scope = EXCLUDED.scope, scope_key = EXCLUDED.scope_key,
       company_key = EXCLUDED.company_key, person_key = EXCLUDED.person_key, evidence = EXCLUDED.evidence,
       legal_basis = EXCLUDED.legal_basis, message = EXCLUDED.message, detail = EXCLUDED.detail
     WHERE (flags.control_version, flags.severity, flags.scope_key, flags.company_key, flags.person_key, flags.evidence, flags.detail)
           IS DISTINCT FROM (EXCLUDED.control_version, EXCLUDED.severity, EXCLUDED.scope_key, EXCLUDED.company_key, EXCLUDED.person_key,
                             EXCLUDED.evidence, EXCLUDED.detail)`,
    [
      scope,
      changed.map((x) => x.row.controlId),
      changed.map((x) => x.row.controlVersion),
      changed.map((x) => x.row.severity),
      changed.map((x) => x.row.scopeKey),
      changed.map((x) => x.row.hit.subjectType),
      changed.map((x) => x.row.hit.subjectRef),
      changed.map((x) => x.row.hit.companyKey),
      changed.map((x) => x.row.personKey),
      changed.map((x) => JSON.stringify(x.evidence)),
      changed.map((x) => x.row.hit.detail),
      [...controls.keys()],
      [...controls.values()].map((c) => c.legalBasis),
      [...controls.values()].map((c) => c.message),
    ],
  );
  return r.rowCount ?? 0;
}

/** One flag per control and subject: several hits on the same subject pool their evidence. */
function mergeSameSubject(rows: FlagRow[]): FlagRow[] {
  const byKey = new Map<string, FlagRow>();
  for (const r of rows) {
    const key = pk(r.controlId, r.hit.subjectType, r.hit.subjectRef);
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
