/**
 * Right after a bulk ingest autovacuum may not have analysed the tables yet, and the planner then
 * takes a table for a handful of rows: hash tables sized for a few rows, or a sequential scan and
 * hash aggregate where an index range scan was meant (an export page took 3 s instead of 15 ms
 * at 1.2 M SEDs). Long readers analyse first the tables changed by more than a fifth since their
 * last analysis, on the columns they join and filter on only (statistics of the JSON documents
 * cost most of an analysis). A role that does not own a table gets a warning, not an error.
 */
import type { Pool, PoolClient } from './pool.js';

/** `tables`: table name -> comma-separated columns to analyse. */
export async function analyzeIfStale(db: Pool | PoolClient, tables: Readonly<Record<string, string>>): Promise<void> {
  const stale = await db.query<{ relname: string }>(
    `SELECT relname FROM pg_stat_user_tables
      WHERE schemaname = current_schema() AND relname = ANY($1::text[])
        AND n_mod_since_analyze > greatest(1000, 0.2 * n_live_tup)`,
    [Object.keys(tables)],
  );
  for (const { relname } of stale.rows) await db.query(`ANALYZE ${relname} (${tables[relname] ?? ''})`);
}
