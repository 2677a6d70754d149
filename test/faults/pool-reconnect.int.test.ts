/**
 * A pooled connection that loses its server while checked out (a PostgreSQL restart between two
 * queries of a transaction) must not kill the process: its next query fails, and the pool hands
 * out a working connection afterwards. Only this test's own backend is terminated.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  await db.drop();
});

test('a checked-out client whose backend dies fails its query; the process and the pool carry on', async () => {
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown): void => void uncaught.push(err);
  process.on('uncaughtException', onUncaught);
  try {
    const client = await db.pool.connect();
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    await client.query('BEGIN');
    // Another connection ends ours while it sits idle in its transaction, as a server restart does.
    const killer = await db.pool.connect();
    await killer.query('SELECT pg_terminate_backend($1)', [pid]);
    killer.release();
    await new Promise((r) => setTimeout(r, 500));
    await expect(client.query('SELECT 1')).rejects.toThrow();
    client.release(true);
    const r = await db.pool.query<{ one: number }>('SELECT 1 AS one');
    expect(r.rows[0]?.one).toBe(1);
    expect(uncaught).toEqual([]);
  } finally {
    process.off('uncaughtException', onUncaught);
  }
});
