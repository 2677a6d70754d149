/** Pooled connections for the batch loops of controls and scoring. */
import type { Pool, PoolClient } from '../db/pool.js';

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
 * Reads for a loop that holds `held` for its writes: on another connection when the pool has one
 * to spare (the reads then overlap the writes), else on `held` itself, in turn.
 */
export function readerBeside(pool: Pool, held: PoolClient): <T>(fn: (client: PoolClient) => Promise<T>) => Promise<T> {
  return (pool.options.max ?? 10) >= 2 ? (fn) => withClient(pool, fn) : (fn) => fn(held);
}
