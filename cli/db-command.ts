/** Shared set-up of commands that work on the database: config, migrations, a pool, and clean-up. */
import { required } from '../lib/config/config.js';
import { createPool, type Pool } from '../lib/db/pool.js';
import { migrateDatabase } from '../lib/db/migrate.js';
import { cliContext, type CliContext } from './context.js';

export async function withDatabase<T>(service: string, purpose: string, fn: (ctx: CliContext & { pool: Pool }) => Promise<T>): Promise<T> {
  const ctx = cliContext(service);
  const url = required(ctx.config.databaseUrl, 'DATABASE_URL', purpose);
  await migrateDatabase(url, ctx.config.dbSchema);
  const pool = createPool({ connectionString: url, schema: ctx.config.dbSchema, applicationName: `lac-${service}` });
  try {
    return await fn({ ...ctx, pool });
  } finally {
    await pool.end();
  }
}
