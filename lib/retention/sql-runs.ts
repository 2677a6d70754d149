/** retention_runs: one row per run, with its cut-offs and counts. */
import type { PoolClient } from '../db/pool.js';
import type { RetentionCutoffs } from './settings.js';

export async function startRetentionRun(client: PoolClient, dryRun: boolean, c: RetentionCutoffs): Promise<number> {
  const res = await client.query<{ id: string }>(
    'INSERT INTO retention_runs (dry_run, raw_cutoff, personal_cutoff) VALUES ($1, $2, $3) RETURNING id',
    [dryRun, c.raw, c.personal],
  );
  return Number(res.rows[0]?.id);
}

export async function finishRetentionRun(client: PoolClient, id: number, counts: Record<string, number>): Promise<void> {
  await client.query('UPDATE retention_runs SET finished_at = now(), counts = $2 WHERE id = $1', [id, JSON.stringify(counts)]);
}

export interface RetentionRunRow {
  id: number;
  dryRun: boolean;
  rawCutoff: string;
  personalCutoff: string;
  startedAt: string;
  finishedAt: string | null;
  counts: Record<string, number>;
}

export async function recentRetentionRuns(client: PoolClient, limit: number): Promise<RetentionRunRow[]> {
  const res = await client.query<{ id: string; dry_run: boolean; raw_cutoff: Date; personal_cutoff: Date; started_at: Date; finished_at: Date | null; counts: Record<string, number> }>(
    'SELECT id, dry_run, raw_cutoff, personal_cutoff, started_at, finished_at, counts FROM retention_runs ORDER BY id DESC LIMIT $1',
    [limit],
  );
  return res.rows.map((r) => ({
    id: Number(r.id), dryRun: r.dry_run, rawCutoff: r.raw_cutoff.toISOString(), personalCutoff: r.personal_cutoff.toISOString(),
    startedAt: r.started_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null, counts: r.counts,
  }));
}
