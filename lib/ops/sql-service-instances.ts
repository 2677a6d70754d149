/** service_instances: the heartbeat row of each running service process (migrations/0011). */
import type { Pool } from '../db/pool.js';
import type { HealthSnapshot } from './service-health.js';
import type { MetricsSnapshot } from './snapshot.js';

export interface InstanceIdentity {
  instanceId: string;
  kind: string;
  host: string;
  pid: number;
  startedAt: Date;
  beatIntervalMs: number;
}

/** Insert or refresh the row; `last_beat` is the database's clock, so hosts' clocks do not matter. */
export async function upsertHeartbeat(pool: Pool, id: InstanceIdentity, health: HealthSnapshot, metrics: MetricsSnapshot, stopped: boolean): Promise<void> {
  await pool.query(
    `INSERT INTO service_instances (instance_id, kind, host, pid, started_at, last_beat, beat_interval_ms, stopped_at, ready, dependencies, reconnects, last_error_code, metrics)
     VALUES ($1, $2, $3, $4, $5, now(), $6, CASE WHEN $7 THEN now() END, $8, $9, $10, $11, $12)
     ON CONFLICT (instance_id) DO UPDATE SET
       last_beat = now(), beat_interval_ms = EXCLUDED.beat_interval_ms, stopped_at = EXCLUDED.stopped_at,
       ready = EXCLUDED.ready, dependencies = EXCLUDED.dependencies, reconnects = EXCLUDED.reconnects,
       last_error_code = EXCLUDED.last_error_code, metrics = EXCLUDED.metrics`,
    [
      id.instanceId, id.kind, id.host, id.pid, id.startedAt, id.beatIntervalMs, stopped,
      health.ready && !stopped, JSON.stringify(health.dependencies), health.reconnects, health.lastErrorCode, JSON.stringify(metrics),
    ],
  );
}

/** Rows of instances gone for a week are noise in `lac status`. */
export async function pruneOldInstances(pool: Pool, olderThanDays = 7): Promise<number> {
  const r = await pool.query("DELETE FROM service_instances WHERE last_beat < now() - make_interval(days => $1)", [olderThanDays]);
  return r.rowCount ?? 0;
}
