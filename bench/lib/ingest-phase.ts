/**
 * Ingest throughput: N ingest processes in one consumer group drain the run's topics into a
 * fresh schema. The processes start consuming together once all are loaded; timed from the first
 * committed row to zero lag (process start-up, tsx compile and the group join are left out; they
 * do not grow with the backlog).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
  /**
   * CPU time spent during the timed span by the ingest processes (all their threads) and by their
   * PostgreSQL backends, per 1,000 documents: what the work costs, less sensitive than docs/s to
   * other load on the machine (the broker's share is not counted).
   */
  cpuMsPer1000Docs: { ingest: number; postgres: number };
}

/** User + system CPU of a process (all threads) in ms, from /proc; 0 when it is gone. */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS);
  } catch {
    return 0;
  }
}

/** USER_HZ: 100 on Linux. */
const CLOCK_TICKS = 100;

/** CPU so far of the ingest processes and of their PostgreSQL backends (by application name). */
async function cpuSample(db: pg.Pool, children: Child[], backends: Map<number, number>): Promise<{ ingest: number; postgres: number }> {
  const r = await db.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = 'lac-bench-ingest'");
  for (const { pid } of r.rows) backends.set(pid, Math.max(backends.get(pid) ?? 0, cpuMs(pid)));
  return { ingest: children.reduce((n, c) => n + cpuMs(c.proc.pid), 0), postgres: [...backends.values()].reduce((a, b) => a + b, 0) };
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
  const goFile = path.join(os.tmpdir(), `${s.groupId}.go`);
  const env = {
    ...s.env, BENCH_TOPICS: s.topics.join(','), BENCH_GROUP: s.groupId, BENCH_WORKERS: String(s.workers), BENCH_CONCURRENCY: String(s.concurrency), BENCH_GO_FILE: goFile,
  };
  const children: Child[] = [];
  for (let i = 0; i < s.processes; i++) children.push(spawnTs(`ingest-${i + 1}`, ['bench/ingest-proc.ts'], env, s.cpuProfDir));
  // Every process loaded (its first memory report) before any starts consuming: the start-up of
  // one (compiling TypeScript takes seconds of CPU) must not fall inside the others' timed span.
  try {
    while (children.some((c) => c.samples.length === 0)) {
      for (const c of children) {
        if (failed(c)) throw new Error(`${c.name} exited with ${c.proc.exitCode}:\n${c.stderrTail.join('\n')}`);
      }
      await sleep(100);
    }
    fs.writeFileSync(goFile, '');
  } catch (err) {
    await Promise.all(children.map((c) => stopChild(c)));
    throw err;
  }
  const admin = s.kafka.admin();
  await admin.connect();
  const progress = new Progress(`ingest x${s.processes}`, s.total);
  let t0: number | null = null;
  let t1 = 0;
  // Backend CPU by pid, last seen (backends of a finished pool disappear from pg_stat_activity).
  const backends = new Map<number, number>();
  let cpu0 = { ingest: 0, postgres: 0 };
  let cpu1 = { ingest: 0, postgres: 0 };
  try {
    for (;;) {
      await sleep(250);
      for (const c of children) {
        if (failed(c)) throw new Error(`${c.name} exited with ${c.proc.exitCode}:\n${c.stderrTail.join('\n')}`);
      }
      const lag = await groupLag(admin, s.groupId, s.topics);
      if (lag === null) continue;
      const consumed = s.total - lag;
      const cpu = await cpuSample(s.db, children, backends);
      if (t0 === null) {
        const r = await s.db.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM raw_messages) AS any');
        if (r.rows[0]?.any === true) t0 = performance.now();
        cpu0 = cpu;
      }
      progress.update(consumed);
      if (lag === 0 && t0 !== null) {
        t1 = performance.now();
        cpu1 = cpu;
        break;
      }
    }
  } finally {
    await admin.disconnect();
    await Promise.all(children.map((c) => stopChild(c)));
    fs.rmSync(goFile, { force: true });
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
    cpuMsPer1000Docs: {
      ingest: Math.round(((cpu1.ingest - cpu0.ingest) * 1000) / s.total),
      postgres: Math.round(((cpu1.postgres - cpu0.postgres) * 1000) / s.total),
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
