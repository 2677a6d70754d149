/**
 * The stored scores of one scoring run (lac_run_scores(): the score versions valid in the run,
 * ranked), as run-scoring.ts wrote them: read by `lac export risk` page by page and by the API
 * dossier one company at a time.
 */
import type { Pool, PoolClient } from '../db/pool.js';
import type { Contribution } from '../../core/risk/score.js';

export interface StoredScore {
  companyKey: string;
  name: string | null;
  country: string | null;
  ids: Array<{ type: string; id: string }>;
  score: number;
  band: string;
  rank: number;
  redFlag: boolean;
  contributions: Contribution[];
  counts: Record<string, number>;
  explanation: string[];
}

interface Row {
  company_key: string; name: string | null; country: string | null; ids: StoredScore['ids']; score: number; band: string; rank: number;
  red_flag: boolean; contributions: Contribution[]; counts: Record<string, number>; explanation: string[];
}

const COLUMNS = 's.company_key, s.name, s.country, s.ids, s.score, s.band, s.rank, s.red_flag, s.contributions, s.counts, s.explanation';

/** Up to `limit` scores of the run ranked after `afterRank` (0: from the top), by rank. */
export async function runScoresAfterRank(db: Pool | PoolClient, runId: number, afterRank: number, limit: number): Promise<StoredScore[]> {
  const res = await db.query<Row>(`SELECT ${COLUMNS} FROM lac_run_scores($1) s WHERE s.rank > $2 ORDER BY s.rank LIMIT $3`, [runId, afterRank, limit]);
  return res.rows.map(storedScore);
}

/** The company's score in the run; null when the run did not score it. */
export async function companyScoreInRun(db: Pool | PoolClient, runId: number, companyKey: string): Promise<StoredScore | null> {
  const res = await db.query<Row>(`SELECT ${COLUMNS} FROM lac_run_scores($1) s WHERE s.company_key = $2`, [runId, companyKey]);
  const r = res.rows[0];
  return r === undefined ? null : storedScore(r);
}

function storedScore(r: Row): StoredScore {
  return {
    companyKey: r.company_key, name: r.name, country: r.country, ids: r.ids, score: r.score, band: r.band, rank: r.rank, redFlag: r.red_flag,
    contributions: r.contributions, counts: r.counts, explanation: r.explanation,
  };
}
