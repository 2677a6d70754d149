/**
 * Applies the SQL migrations in migrations/ with drizzle's migrator, inside LAC's schema.
 * An advisory lock serialises concurrent starts (several services migrating at once).
 */
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { MIGRATIONS_FOLDER } from '../paths.js';


const LOCK_KEY = 0x1ac0_0001;

export interface MigrateResult {
  schema: string;
  applied: number;
  total: number;
}

export async function migrateDatabase(connectionString: string, schema: string): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString, options: `-c search_path=${schema},public`, application_name: 'lac-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    const before = await countApplied(client, schema);
    await migrate(drizzle(client), {
      migrationsFolder: MIGRATIONS_FOLDER,
      migrationsSchema: schema,
      migrationsTable: '__drizzle_migrations',
    });
    const after = await countApplied(client, schema);
    return { schema, applied: after - before, total: after };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

async function countApplied(client: pg.Client, schema: string): Promise<number> {
  const exists = await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [`${schema}.__drizzle_migrations`]);
  if (exists.rows[0]?.t == null) return 0;
  const res = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(schema)}.__drizzle_migrations`);
  return Number(res.rows[0]?.n ?? 0);
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
