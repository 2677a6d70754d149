/**
 * Each test file works in a PostgreSQL schema of its own, migrated from scratch and dropped
 * afterwards, so files run in parallel and twice in a row without seeing each other.
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import pg from 'pg';
import { createPool } from '../../lib/db/pool.js';
import { migrateDatabase, quoteIdent } from '../../lib/db/migrate.js';

export interface TestDatabase {
  url: string;
  schema: string;
  pool: pg.Pool;
  /** Environment for a child process (the `lac` CLI) that should use this schema. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const url = inject('services').DATABASE_URL;
  const schema = uniqueName('t');
  if (options.migrate ?? true) {
    await migrateDatabase(url, schema);
  } else {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
    await c.end();
  }
  const pool = createPool({ connectionString: url, schema, max: 5, applicationName: 'lac-test' });
  return {
    url,
    schema,
    pool,
    // Development keys for verification, generated into this schema (opt-in, see vitest.config.ts).
    env: { DATABASE_URL: url, LAC_DB_SCHEMA: schema, LAC_ALLOW_GENERATED_SECRETS: '1' },
    async drop() {
      await pool.end();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
      await c.end();
    },
  };
}
