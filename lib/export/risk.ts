/** The `risk` export: one record per company, from one stored scoring run (the latest, or the latest as of a date). */
import type { Pool, PoolClient } from '../db/pool.js';
import type { CsvColumn } from './csv.js';
import { DEFAULT_BATCH_SIZE, keysetPages, type KeysetQuery } from './keyset.js';
import type { AsOf } from './as-of.js';
import type { Contribution } from '../../core/risk/score.js';

export interface RiskRecord {
  companyKey: string;
  name: string | null;
  country: string | null;
  ids: Array<{ type: string; id: string }>;
  score: number;
  band: string;
  rank: number;
  asOf: string;
  ruleSetVersion: string;
  contributions: Contribution[];
  counts: Record<string, number>;
  explanation: string[];
}

interface Row {
  company_key: string; name: string | null; country: string | null; ids: RiskRecord['ids']; score: number; band: string; rank: number;
  as_of: string; ruleset_version: string; contributions: Contribution[]; counts: Record<string, number>; explanation: string[];
}

function query(asOfDate: string | null): KeysetQuery<Row, number> {
  return {
    async page(client: PoolClient, after, limit) {
      const res = await client.query<Row>(
        `WITH run AS (SELECT id, as_of, ruleset_version FROM risk_runs
                       WHERE finished_at IS NOT NULL AND ($1::date IS NULL OR as_of <= $1) ORDER BY as_of DESC, id DESC LIMIT 1)
         SELECT s.company_key, s.name, s.country, s.ids, s.score, s.band, s.rank, to_char(run.as_of, 'YYYY-MM-DD') AS as_of,
                run.ruleset_version, s.contributions, s.counts, s.explanation
           FROM risk_scores s JOIN run ON run.id = s.run_id
          WHERE s.rank > $2 ORDER BY s.rank LIMIT $3`,
        [asOfDate, after ?? 0, limit],
      );
      return res.rows;
    },
    keyOf: (r) => r.rank,
  };
}

export async function* riskBatches(pool: Pool, options: { asOf: AsOf | null; batchSize?: number }): AsyncGenerator<RiskRecord[]> {
  const date = options.asOf === null ? null : options.asOf.receivedUpTo.slice(0, 10);
  for await (const rows of keysetPages(pool, query(date), options.batchSize ?? DEFAULT_BATCH_SIZE)) {
    yield rows.map((r) => ({
      companyKey: r.company_key, name: r.name, country: r.country, ids: r.ids, score: r.score, band: r.band, rank: r.rank,
      asOf: r.as_of, ruleSetVersion: r.ruleset_version, contributions: r.contributions, counts: r.counts, explanation: r.explanation,
    }));
  }
}

export const RISK_CSV_COLUMNS: ReadonlyArray<CsvColumn<RiskRecord>> = [
  { name: 'rank', value: (r) => r.rank },
  { name: 'companyKey', value: (r) => r.companyKey },
  { name: 'name', value: (r) => r.name },
  { name: 'country', value: (r) => r.country, trusted: true },
  { name: 'ids', value: (r) => r.ids.map((i) => `${i.type}:${i.id}`).join(';') },
  { name: 'score', value: (r) => r.score },
  { name: 'band', value: (r) => r.band, trusted: true },
  { name: 'asOf', value: (r) => r.asOf, trusted: true },
  { name: 'ruleSetVersion', value: (r) => r.ruleSetVersion, trusted: true },
  { name: 'contributions', value: (r) => r.contributions.map((c) => `${c.controlId}:${c.points}`).join(';') },
  { name: 'explanation', value: (r) => r.explanation.join(' | ') },
];
