/** Counts per stage from the database, for `lac status` and the health endpoints. */
import type pg from 'pg';

export interface DatabaseStatus {
  migrationsApplied: number;
  messages: Record<string, number>;
  deadLetters: Record<string, number>;
  lastRuns: Array<{ stage: string; startedAt: string; finishedAt: string | null; items: number }>;
}

export async function databaseStatus(pool: pg.Pool): Promise<DatabaseStatus> {
  const migrations = await pool.query<{ n: string }>('SELECT count(*) AS n FROM __drizzle_migrations');
  const messages = await pool.query<{ outcome: string; n: string }>(
    'SELECT outcome, count(*) AS n FROM raw_messages GROUP BY outcome ORDER BY outcome',
  );
  const dead = await pool.query<{ error_code: string; n: string }>(
    "SELECT error_code, count(*) AS n FROM dead_letters WHERE status = 'open' GROUP BY error_code ORDER BY error_code",
  );
  const runs = await pool.query<{ stage: string; started_at: Date; finished_at: Date | null; items: string }>(
    `SELECT DISTINCT ON (stage) stage, started_at, finished_at, items
       FROM stage_runs ORDER BY stage, started_at DESC`,
  );
  return {
    migrationsApplied: Number(migrations.rows[0]?.n ?? 0),
    messages: Object.fromEntries(messages.rows.map((r) => [r.outcome, Number(r.n)])),
    deadLetters: Object.fromEntries(dead.rows.map((r) => [r.error_code, Number(r.n)])),
    lastRuns: runs.rows.map((r) => ({
      stage: r.stage,
      startedAt: r.started_at.toISOString(),
      finishedAt: r.finished_at?.toISOString() ?? null,
      items: Number(r.items),
    })),
  };
}
