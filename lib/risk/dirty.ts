/**
 * The set of companies whose evidence changed since they were last scored (table risk_dirty).
 * The matcher marks them; the risk worker takes a snapshot, rescores those companies and then
 * removes exactly the marks it read: a company marked again meanwhile keeps its newer mark.
 */
import type { Pool, PoolClient } from '../db/pool.js';

export interface DirtySnapshot {
  companyKeys: string[];
  /** marked_at of each key as read, as text (exact microseconds). */
  markedAt: string[];
}

export async function markCompaniesDirty(pool: Pool | PoolClient, companyKeys: readonly string[]): Promise<number> {
  if (companyKeys.length === 0) return 0;
  const r = await pool.query(
    `INSERT INTO risk_dirty (company_key) SELECT DISTINCT k FROM unnest($1::text[]) AS k
     ON CONFLICT (company_key) DO UPDATE SET marked_at = clock_timestamp()`,
    [[...companyKeys]],
  );
  return r.rowCount ?? 0;
}

export async function readDirty(pool: Pool | PoolClient): Promise<DirtySnapshot> {
  const r = await pool.query<{ company_key: string; marked_at: string }>(
    'SELECT company_key, marked_at::text AS marked_at FROM risk_dirty ORDER BY company_key',
  );
  return { companyKeys: r.rows.map((x) => x.company_key), markedAt: r.rows.map((x) => x.marked_at) };
}

/** Removes the marks of a snapshot once its companies are rescored (not marks set after it was read). */
export async function clearDirty(pool: Pool | PoolClient, snapshot: DirtySnapshot): Promise<number> {
  if (snapshot.companyKeys.length === 0) return 0;
  const r = await pool.query(
    `DELETE FROM risk_dirty d USING unnest($1::text[], $2::timestamptz[]) AS s(k, t)
      WHERE d.company_key = s.k AND d.marked_at = s.t`,
    [snapshot.companyKeys, snapshot.markedAt],
  );
  return r.rowCount ?? 0;
}
