/** What incremental-vs-full rescoring tests compare: flags by content and one scoring run's scores. */
import type { Pool } from '../../lib/db/pool.js';

/** Flags by content (raised_at left out: a full run keeps it anyway), sorted. */
export async function flagContents(pool: Pool): Promise<string[]> {
  const r = await pool.query<{ f: string }>(
    `SELECT row(control_id, control_version, severity, scope, scope_key, subject_type, subject_ref, company_key, person_key, evidence, detail)::text AS f
       FROM flags ORDER BY 1`,
  );
  return r.rows.map((x) => x.f);
}

const SCORE_COLUMNS = ['company_key', 'score', 'band', 'red_flag', 'contributions', 'counts', 'explanation'];

/** One scoring run's rows by company key; `withRank` also compares the rank. */
export async function runScores(pool: Pool, runId: number, options: { withRank?: boolean } = {}): Promise<Map<string, unknown>> {
  const columns = options.withRank === true ? [...SCORE_COLUMNS.slice(0, 3), 'rank', ...SCORE_COLUMNS.slice(3)] : SCORE_COLUMNS;
  const r = await pool.query<{ company_key: string }>(`SELECT ${columns.join(', ')} FROM lac_run_scores($1)`, [runId]);
  return new Map(r.rows.map((x) => [x.company_key, x]));
}
