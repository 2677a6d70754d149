/** stage_runs: when each stage last ran and how much it did (`lac status`). */
import type { PoolClient } from '../db/pool.js';

export async function recordStageRun(client: PoolClient, stage: string, items: number, details: Record<string, unknown>, startedAt = new Date()): Promise<void> {
  await client.query(
    'INSERT INTO stage_runs (stage, started_at, finished_at, items, details) VALUES ($1, $2, now(), $3, $4)',
    [stage, startedAt, items, JSON.stringify(details)],
  );
}
