/**
 * Keyset pagination for exports: each page is `... WHERE key > $after ORDER BY key LIMIT $n`, so
 * every page costs an index range scan whatever its position (unlike OFFSET) and memory holds one
 * page. All pages are read in one REPEATABLE READ, READ ONLY transaction: the export is one
 * consistent snapshot even while ingestion keeps writing.
 */
import type { Pool, PoolClient } from '../db/pool.js';

export const DEFAULT_BATCH_SIZE = 2000;

export interface KeysetQuery<Row, Key> {
  /** Rows after `after` (all when null) in key order, at most `limit`. */
  page(client: PoolClient, after: Key | null, limit: number): Promise<Row[]>;
  /** The key of a row: the next page starts after the last row's key. */
  keyOf(row: Row): Key;
}

/** Pages of rows of `query`, read from one snapshot. The connection is released when iteration ends. */
export async function* keysetPages<Row, Key>(pool: Pool, query: KeysetQuery<Row, Key>, batchSize = DEFAULT_BATCH_SIZE): AsyncGenerator<Row[]> {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  const client = await pool.connect();
  let inTransaction = false;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    inTransaction = true;
    let after: Key | null = null;
    for (;;) {
      const rows = await query.page(client, after, batchSize);
      if (rows.length === 0) break;
      yield rows;
      if (rows.length < batchSize) break;
      const last = rows[rows.length - 1];
      if (last === undefined) break;
      after = query.keyOf(last);
    }
    await client.query('COMMIT');
    inTransaction = false;
  } finally {
    // Stopped early (the consumer broke off) or failed: end the snapshot; a broken connection is discarded.
    let discard = false;
    if (inTransaction) discard = await client.query('ROLLBACK').then(() => false, () => true);
    client.release(discard);
  }
}
