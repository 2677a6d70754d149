/**
 * Applies the SQL migrations in migrations/ with drizzle's migrator, inside LAC's schema.
 * An advisory lock serialises concurrent starts (several services migrating at once).
 */
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { MIGRATIONS_FOLDER } from '../paths.js';
import type { Logger } from '../log/logger.js';
import { retryAtStartup } from '../ops/startup-retry.js';

const LOCK_KEY = 0x1ac0_0001;

export interface MigrateResult {
  schema: string;
  applied: number;
  total: number;
}

/** `folder`: another migrations folder (tests that stop at an earlier migration to check a data migration). */
export async function migrateDatabase(connectionString: string, schema: string, folder = MIGRATIONS_FOLDER): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString, options: `-c search_path=${schema},public`, application_name: 'lac-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    const before = await countApplied(client, schema);
    await migrate(drizzle(client), {
      migrationsFolder: folder,
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

/**
 * migrateDatabase for a service starting up: while PostgreSQL cannot be reached (down, starting,
 * out of connections) it retries with capped exponential backoff for `timeoutMs`
 * (LAC_STARTUP_TIMEOUT_MS), logging each attempt at warn; then StartupTimeoutError. Other
 * errors (authentication, a missing database, a failing migration) stop it at once.
 */
export async function migrateAtStartup(
  connectionString: string,
  schema: string,
  settings: { timeoutMs: number; logger: Logger },
): Promise<MigrateResult> {
  return retryAtStartup({ dependency: 'postgres', timeoutMs: settings.timeoutMs, isTransient: isTransientConnectionError, logger: settings.logger }, () =>
    migrateDatabase(connectionString, schema),
  );
}

/** Node socket errors that a server coming up can cure. */
const TRANSIENT_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED']);

/**
 * True for failures to reach PostgreSQL or to be served by it yet: socket errors, SQLSTATE class
 * 08 (connection exception), 57P01-57P03 (shutting down, crashed, starting up), 53300 (too many
 * connections), and pg's code-less "Connection terminated" / timeouts. A SQLSTATE otherwise
 * (28P01 bad password, 3D000 no such database, a migration's SQL error) is not.
 */
export function isTransientConnectionError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; errors?: unknown; message?: unknown };
  if (Array.isArray(e.errors) && e.errors.length > 0 && typeof e.code !== 'string') return e.errors.every(isTransientConnectionError);
  if (typeof e.code === 'string') {
    if (TRANSIENT_SOCKET_CODES.has(e.code)) return true;
    if (/^[0-9A-Z]{5}$/.test(e.code)) return e.code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(e.code);
    return false;
  }
  return typeof e.message === 'string' && /Connection terminated|timeout expired|connection timeout/i.test(e.message);
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
