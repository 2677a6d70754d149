/** Pooled connections for the batch loops of controls and scoring. */
import { withTransaction, type Pool, type PoolClient } from '../db/pool.js';

/** Runs `fn` on a pooled connection, released after (so a pool of one connection still works, in turn). */
export async function withClient<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

/**
 * Settings for the reads of controls and scoring, local to the caller's open transaction: these
 * queries scan and sort whole sources, so plan for all rows (not the first ones, as for a
 * cursor), sort in memory where it fits, and skip JIT compilation, which cost seconds per query
 * (inlining and optimising large plans) and saved less.
 */
export async function readSettings(client: PoolClient): Promise<void> {
  await client.query("SET LOCAL work_mem = '64MB'");
  await client.query('SET LOCAL cursor_tuple_fraction = 1');
  await client.query('SET LOCAL jit = off');
}

/**
 * `readSettings` for the full-run streams, which join whole sources: hash joins and sorts only.
 * Right after a large load the planner may have no statistics yet, take a table for a few rows,
 * and choose a nested loop that rescans an index for every row (minutes instead of seconds).
 */
export async function streamSettings(client: PoolClient): Promise<void> {
  await readSettings(client);
  await client.query('SET LOCAL enable_nestloop = off');
}

/** Runs `fn` in a read transaction with `readSettings` (committed after; nothing is written). */
export async function withReadTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  return withTransaction(pool, async (client) => {
    await readSettings(client);
    return fn(client);
  });
}

/**
 * Reads for a loop that holds `held` for its writes: on another connection when the pool has one
 * to spare (the reads then overlap the writes), else on `held` itself, in turn.
 */
export function readerBeside(pool: Pool, held: PoolClient): <T>(fn: (client: PoolClient) => Promise<T>) => Promise<T> {
  return (pool.options.max ?? 10) >= 2 ? (fn) => withReadTransaction(pool, fn) : (fn) => fn(held);
}
