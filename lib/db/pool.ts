/**
 * PostgreSQL connection pool. Every connection gets LAC's schema on its search path,
 * so SQL stays unqualified and tests can isolate themselves in a schema of their own.
 */
import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface PoolSettings {
  connectionString: string;
  schema: string;
  max?: number;
  applicationName?: string;
}

export function createPool(settings: PoolSettings): pg.Pool {
  const pool = new pg.Pool({
    connectionString: settings.connectionString,
    max: settings.max ?? 10,
    application_name: settings.applicationName ?? 'lac',
    options: `-c search_path=${settings.schema},public`,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client losing its server (restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // pg-pool listens for errors only on idle clients: a checked-out client whose server goes away
  // between two queries would emit an unhandled 'error' and kill the process. Its pending or next
  // query fails instead, the transaction is retried, and release() discards the dead client.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Run `fn` in one transaction; commit on success, roll back and rethrow on failure. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
