/**
 * The service instances `lac status` lists, from their heartbeat rows (lib/ops): running
 * (fresh beat), down (no beat for three intervals: killed, hung or cut off from PostgreSQL)
 * or stopped (shut down cleanly within the last hour).
 */
import type pg from 'pg';
import type { DependencyState } from '../ops/service-health.js';
import type { MetricsSnapshot } from '../ops/snapshot.js';

export type InstanceState = 'running' | 'down' | 'stopped';

export interface ServiceInstanceStatus {
  instanceId: string;
  kind: string;
  host: string;
  pid: number;
  state: InstanceState;
  /** Ready as of the last beat; false when the instance is not running. */
  ready: boolean;
  startedAt: string;
  lastBeat: string;
  secondsSinceBeat: number;
  reconnects: number;
  lastErrorCode: string | null;
  dependencies: Record<string, DependencyState>;
  metrics: MetricsSnapshot;
}

/** Beats missed before an instance counts as down. */
export const MISSED_BEATS = 3;

export async function serviceInstances(pool: pg.Pool): Promise<ServiceInstanceStatus[]> {
  const r = await pool.query<{
    instance_id: string; kind: string; host: string; pid: number; started_at: Date; last_beat: Date;
    stopped_at: Date | null; ready: boolean; dependencies: Record<string, DependencyState>; reconnects: number;
    last_error_code: string | null; metrics: MetricsSnapshot; age: number; stale: boolean;
  }>(
    `SELECT *, extract(epoch FROM now() - last_beat)::float8 AS age,
            now() - last_beat > make_interval(secs => beat_interval_ms * $1 / 1000.0) AS stale
       FROM service_instances
      WHERE stopped_at IS NULL OR stopped_at > now() - interval '1 hour'
      ORDER BY kind, started_at, instance_id`,
    [MISSED_BEATS],
  );
  return r.rows.map((row) => {
    const state: InstanceState = row.stopped_at !== null ? 'stopped' : row.stale ? 'down' : 'running';
    return {
      instanceId: row.instance_id,
      kind: row.kind,
      host: row.host,
      pid: row.pid,
      state,
      ready: state === 'running' && row.ready,
      startedAt: row.started_at.toISOString(),
      lastBeat: row.last_beat.toISOString(),
      secondsSinceBeat: Math.max(0, Math.round(row.age)),
      reconnects: row.reconnects,
      lastErrorCode: row.last_error_code,
      dependencies: row.dependencies,
      metrics: row.metrics,
    };
  });
}
