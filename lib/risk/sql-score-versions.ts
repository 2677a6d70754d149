/**
 * Writing a scoring run into risk_score_versions (migration 0019): the run's computed scores go to
 * a staging table, then one merge closes the current versions that changed or went away and adds
 * the new ones. A company whose score did not change keeps its version, so a run writes only what
 * moved. Readers get a run with ranks from lac_run_scores(run).
 */
import type { PoolClient } from '../db/pool.js';

export interface StagedScore {
  key: string;
  name: string | null;
  country: string | null;
  ids: unknown[];
  score: number;
  band: string;
  redFlag: boolean;
  contributions: unknown[];
  counts: Record<string, number>;
  explanation: string[];
}

const CONTENT_COLUMNS = ['name', 'country', 'ids', 'score', 'band', 'red_flag', 'contributions', 'counts', 'explanation'];
const CONTENT = CONTENT_COLUMNS.join(', ');
const content = (alias: string): string => CONTENT_COLUMNS.map((c) => `${alias}.${c}`).join(', ');

/** The run's staging table (dropped at commit). */
export async function createScoreStage(client: PoolClient): Promise<void> {
  await client.query(`CREATE TEMP TABLE risk_run_scored (company_key text PRIMARY KEY, name text, country text, ids jsonb, score integer,
    band text, red_flag boolean, contributions jsonb, counts jsonb, explanation text[]) ON COMMIT DROP`);
}

export async function stageScores(client: PoolClient, scored: readonly StagedScore[]): Promise<void> {
  if (scored.length === 0) return;
  await client.query(
    `INSERT INTO risk_run_scored (company_key, ${CONTENT})
     SELECT k, n, c, i, s, b, rf, co, cn, ARRAY(SELECT jsonb_array_elements_text(e))
       FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::int[], $6::text[], $7::bool[], $8::jsonb[], $9::jsonb[], $10::jsonb[])
         AS u(k, n, c, i, s, b, rf, co, cn, e)`,
    [
      scored.map((x) => x.key),
      scored.map((x) => x.name),
      scored.map((x) => x.country),
      scored.map((x) => JSON.stringify(x.ids)),
      scored.map((x) => x.score),
      scored.map((x) => x.band),
      scored.map((x) => x.redFlag),
      scored.map((x) => JSON.stringify(x.contributions)),
      scored.map((x) => JSON.stringify(x.counts)),
      scored.map((x) => JSON.stringify(x.explanation)),
    ],
  );
}

/**
 * Makes the staged scores run `runId`'s state. `scope`: the companies the run was asked for (an
 * incremental run: only their versions can close, and one not staged is dropped); null for a full
 * run (every current version not staged is dropped). Returns the versions written.
 */
export async function mergeScoreVersions(client: PoolClient, runId: number, scope: readonly string[] | null): Promise<number> {
  await client.query('ANALYZE risk_run_scored');
  await client.query(
    `UPDATE risk_score_versions v SET to_run = $1
      WHERE v.to_run IS NULL AND v.from_run < $1 AND ($2::text[] IS NULL OR v.company_key = ANY($2::text[]))
        AND NOT EXISTS (SELECT 1 FROM risk_run_scored s
                         WHERE s.company_key = v.company_key AND (${content('s')}) IS NOT DISTINCT FROM (${content('v')}))`,
    [runId, scope === null ? null : [...scope]],
  );
  const added = await client.query(
    `INSERT INTO risk_score_versions (company_key, from_run, ${CONTENT})
     SELECT s.company_key, $1, ${content('s')} FROM risk_run_scored s
      WHERE NOT EXISTS (SELECT 1 FROM risk_score_versions v WHERE v.company_key = s.company_key AND v.to_run IS NULL)
      ORDER BY s.company_key`,
    [runId],
  );
  return added.rowCount ?? 0;
}

/** Companies per band of the current state (the run just merged, inside its transaction). */
export async function currentBands(client: PoolClient): Promise<{ companies: number; bands: Record<string, number> }> {
  const b = await client.query<{ band: string; n: string }>(
    'SELECT band, count(*) AS n FROM risk_score_versions WHERE to_run IS NULL GROUP BY band ORDER BY band',
  );
  const bands: Record<string, number> = {};
  let companies = 0;
  for (const r of b.rows) {
    bands[r.band] = Number(r.n);
    companies += Number(r.n);
  }
  return { companies, bands };
}
