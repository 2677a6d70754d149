/**
 * Ingest throughput: N ingest processes in one consumer group drain the run's topics into a
 * fresh schema. Timed from the first committed row to zero lag (process start-up, tsx compile
 * and the group join are left out; they do not grow with the backlog).
 */
import type { Kafka } from 'kafkajs';
import type pg from 'pg';
import { failed, sampleRss, spawnTs, stopChild, type Child } from './children.js';
import { groupLag } from './lag.js';
import { Progress } from './progress.js';

export interface IngestPhaseResult {
  processes: number;
  workersPerProcess: number;
  messages: number;
  seconds: number;
  docsPerSecond: number;
  peakRssBytes: number[];
  /** Max RSS in the first and the second half of the run, per process: flat memory keeps them close. */
  rssHalvesBytes: Array<[number, number]>;
}

export interface IngestPhaseSettings {
  kafka: Kafka;
  db: pg.Pool;
  env: Record<string, string>;
  topics: string[];
  groupId: string;
  processes: number;
  workers: number;
  concurrency: number;
  total: number;
  cpuProfDir?: string;
}

export async function runIngestPhase(s: IngestPhaseSettings): Promise<IngestPhaseResult> {
  const env = { ...s.env, BENCH_TOPICS: s.topics.join(','), BENCH_GROUP: s.groupId, BENCH_WORKERS: String(s.workers), BENCH_CONCURRENCY: String(s.concurrency) };
  const children: Child[] = [];
  for (let i = 0; i < s.processes; i++) children.push(spawnTs(`ingest-${i + 1}`, ['bench/ingest-proc.ts'], env, s.cpuProfDir));
  const admin = s.kafka.admin();
  await admin.connect();
  const progress = new Progress(`ingest x${s.processes}`, s.total);
  let t0: number | null = null;
  let t1 = 0;
  try {
    for (;;) {
      await sleep(250);
      for (const c of children) {
        if (failed(c)) throw new Error(`${c.name} exited with ${c.proc.exitCode}:\n${c.stderrTail.join('\n')}`);
      }
      const lag = await groupLag(admin, s.groupId, s.topics);
      if (lag === null) continue;
      const consumed = s.total - lag;
      if (t0 === null) {
        const r = await s.db.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM raw_messages) AS any');
        if (r.rows[0]?.any === true) t0 = performance.now();
      }
      progress.update(consumed);
      if (lag === 0 && t0 !== null) {
        t1 = performance.now();
        break;
      }
    }
  } finally {
    await admin.disconnect();
    await Promise.all(children.map((c) => stopChild(c)));
  }
  const seconds = (t1 - (t0 ?? t1)) / 1000;
  progress.done(s.total);
  for (const c of children) sampleRss(c);
  return {
    processes: s.processes,
    workersPerProcess: s.workers,
    messages: s.total,
    seconds,
    docsPerSecond: s.total / Math.max(seconds, 0.001),
    peakRssBytes: children.map((c) => c.peakRss),
    rssHalvesBytes: children.map((c) => {
      const half = Math.floor(c.samples.length / 2);
      return [Math.max(0, ...c.samples.slice(0, half)), Math.max(0, ...c.samples.slice(half))];
    }),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
