/**
 * A compact copy of a process's counters for its heartbeat row, so `lac status` can show
 * documents in, rejected by code, lag and job counts of every instance without scraping it.
 */
import type { LacMetrics } from './metrics.js';

export interface MetricsSnapshot {
  documentsIn: number;
  stored: Record<string, number>;
  duplicates: number;
  rejected: Record<string, number>;
  /** Sum of the per-partition lag gauges; null when this process consumes nothing. */
  lag: number | null;
  /** queue -> state -> jobs */
  jobs: Record<string, Record<string, number>>;
  /** outcome (completed | failed) -> jobs finished by this process */
  jobsProcessed: Record<string, number>;
  /** stage -> runs timed and their total seconds */
  runs: Record<string, { count: number; seconds: number }>;
}

type Values = Array<{ value: number; labels: Partial<Record<string, string | number>>; metricName?: string }>;

function byLabel(values: Values, label: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) {
    const key = String(v.labels[label] ?? '');
    if (v.value !== 0) out[key] = (out[key] ?? 0) + v.value;
  }
  return out;
}

const sum = (values: Values): number => values.reduce((a, v) => a + v.value, 0);

export async function metricsSnapshot(m: LacMetrics): Promise<MetricsSnapshot> {
  const [inn, stored, dup, rej, lag, jobs, processed, runs] = await Promise.all([
    m.documentsIn.get(), m.stored.get(), m.duplicates.get(), m.rejected.get(),
    m.consumerLag.get(), m.queueJobs.get(), m.jobsProcessed.get(), m.runSeconds.get(),
  ]);
  const jobsByQueue: Record<string, Record<string, number>> = {};
  for (const v of jobs.values) {
    const q = String(v.labels.queue ?? '');
    (jobsByQueue[q] ??= {})[String(v.labels.state ?? '')] = v.value;
  }
  const runStats: Record<string, { count: number; seconds: number }> = {};
  for (const v of runs.values as Values) {
    const stage = String(v.labels.stage ?? '');
    if (v.metricName?.endsWith('_count') === true) (runStats[stage] ??= { count: 0, seconds: 0 }).count = v.value;
    else if (v.metricName?.endsWith('_sum') === true) (runStats[stage] ??= { count: 0, seconds: 0 }).seconds = Math.round(v.value * 1000) / 1000;
  }
  return {
    documentsIn: sum(inn.values),
    stored: byLabel(stored.values, 'kind'),
    duplicates: sum(dup.values),
    rejected: byLabel(rej.values, 'code'),
    lag: lag.values.length === 0 ? null : sum(lag.values),
    jobs: jobsByQueue,
    jobsProcessed: byLabel(processed.values, 'outcome'),
    runs: runStats,
  };
}
