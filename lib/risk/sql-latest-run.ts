/**
 * Which stored scoring run a reader uses. "Latest" is by the date scored (as_of), then by id, so a
 * run made later for an earlier date (`lac score --as-of` in the past) does not replace the
 * current one. Shared by the API (list, dossier) and `lac export risk`, which must agree.
 */
import type { Pool, PoolClient } from '../db/pool.js';

export interface RunRef {
  id: number;
  asOf: string;
  ruleSetVersion: string;
  catalogueVersion: string;
}

/** The run named (`runId`, when finished), else the latest finished one as of `asOf` (YYYY-MM-DD), else the latest; null when none fits. */
export async function findScoringRun(db: Pool | PoolClient, by: { runId?: number; asOf?: string | null }): Promise<RunRef | null> {
  const res = await db.query<{ id: string; as_of: string; ruleset_version: string; catalogue_version: string }>(
    `SELECT id, to_char(as_of, 'YYYY-MM-DD') AS as_of, ruleset_version, catalogue_version FROM risk_runs
      WHERE finished_at IS NOT NULL AND ($1::bigint IS NULL OR id = $1) AND ($2::date IS NULL OR as_of <= $2)
      ORDER BY as_of DESC, id DESC LIMIT 1`,
    [by.runId ?? null, by.asOf ?? null],
  );
  const r = res.rows[0];
  return r === undefined ? null : { id: Number(r.id), asOf: r.as_of, ruleSetVersion: r.ruleset_version, catalogueVersion: r.catalogue_version };
}
