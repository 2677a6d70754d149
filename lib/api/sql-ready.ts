/** Readiness: the database answers and every migration this build knows is applied. */
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from '../db/pool.js';
import { MIGRATIONS_FOLDER } from '../paths.js';

export type Readiness = { ready: true; migrations: number } | { ready: false; reason: 'database-unreachable' | 'migrations-pending' };

let expected: number | null = null;

/** Migrations in this build's journal (read once). */
export function expectedMigrations(): number {
  if (expected === null) {
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    expected = journal.entries.length;
  }
  return expected;
}

export async function checkReadiness(pool: Pool, timeoutMs = 3000): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    // The pool's search_path starts with LAC's schema, where drizzle keeps its journal table.
    const applied = await Promise.race([
      pool.query<{ n: string }>('SELECT count(*) AS n FROM __drizzle_migrations').then(
        (r) => Number(r.rows[0]?.n ?? 0),
        // 42P01: no journal table yet, so nothing is applied; anything else: the database is not there.
        (err: { code?: string }) => (err.code === '42P01' ? 0 : null),
      ),
      timeout,
    ]);
    if (applied === null) return { ready: false, reason: 'database-unreachable' };
    return applied >= expectedMigrations() ? { ready: true, migrations: applied } : { ready: false, reason: 'migrations-pending' };
  } finally {
    clearTimeout(timer);
  }
}
