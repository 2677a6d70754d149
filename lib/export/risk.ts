/** The `risk` export: one record per company, from one stored scoring run (the latest, or the latest as of a date). */
import type { Pool, PoolClient } from '../db/pool.js';
import type { CsvColumn } from './csv.js';
import { DEFAULT_BATCH_SIZE, keysetPages, type KeysetQuery } from './keyset.js';
import type { AsOf } from './as-of.js';
import { findScoringRun, type RunRef } from '../risk/sql-latest-run.js';
import { runScoresAfterRank, type StoredScore } from '../risk/sql-run-scores.js';

/** A company's stored score with its run's date and rule set (red flags are in the flags export). */
export interface RiskRecord extends Omit<StoredScore, 'redFlag'> {
  asOf: string;
  ruleSetVersion: string;
}

/** Pages of the run's scores by rank; the run is found on the first page, inside the export's snapshot. */
function query(asOfDate: string | null): KeysetQuery<RiskRecord, number> {
  let run: Promise<RunRef | null> | undefined;
  return {
    async page(client: PoolClient, after, limit) {
      run ??= findScoringRun(client, { asOf: asOfDate });
      const r = await run;
      if (r === null) return [];
      const scores = await runScoresAfterRank(client, r.id, after ?? 0, limit);
      return scores.map((s) => ({
        companyKey: s.companyKey, name: s.name, country: s.country, ids: s.ids, score: s.score, band: s.band, rank: s.rank,
        asOf: r.asOf, ruleSetVersion: r.ruleSetVersion, contributions: s.contributions, counts: s.counts, explanation: s.explanation,
      }));
    },
    keyOf: (r) => r.rank,
  };
}

export function riskBatches(pool: Pool, options: { asOf: AsOf | null; batchSize?: number }): AsyncGenerator<RiskRecord[]> {
  const date = options.asOf === null ? null : options.asOf.receivedUpTo.slice(0, 10);
  return keysetPages(pool, query(date), options.batchSize ?? DEFAULT_BATCH_SIZE);
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
