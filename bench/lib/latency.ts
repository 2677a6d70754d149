/**
 * Steady-state latency: the real services (`lac ingest`, `lac matcher`, `lac risk`, chained by
 * BullMQ on a private queue prefix) run on the loaded database while documents are produced at a
 * fixed rate to fresh topics. Produce → committed row is observed by polling raw_messages (every
 * 50 ms, so up to 50 ms is polling); produce → updated score follows the chain in the database:
 * the first match run that started after the row was committed, then the first scoring run that
 * started after that match run finished.
 */
import type { Kafka } from 'kafkajs';
import type pg from 'pg';
import { generateCorpus, type CorpusOptions, type SynthTopic } from '../../core/synth/index.js';
import { sampleRss, spawnTs, stopChild, type Child } from './children.js';
import { sleep } from './ingest-phase.js';
import { log } from './progress.js';
import type { BenchTopics } from './kafka-load.js';

export interface LatencyResult {
  rate: number;
  produced: number;
  committed: number;
  row: Quantiles;
  /** Documents followed by a scoring run (the matcher rescores only when matches changed). */
  scored: number;
  score: Quantiles;
  peakRssBytes: Record<string, number>;
}

export interface Quantiles {
  p50: number | null;
  p99: number | null;
  max: number | null;
}

export interface LatencySettings {
  kafka: Kafka;
  db: pg.Pool;
  env: Record<string, string>;
  topics: BenchTopics;
  rate: number;
  seconds: number;
  corpus: CorpusOptions;
}

export async function runLatencyPhase(s: LatencySettings): Promise<LatencyResult> {
  const services: Child[] = [
    spawnTs('lac ingest', ['cli/main.ts', 'ingest'], s.env),
    spawnTs('lac matcher', ['cli/main.ts', 'matcher'], s.env),
    spawnTs('lac risk', ['cli/main.ts', 'risk'], s.env),
  ];
  const sampler = setInterval(() => services.forEach(sampleRss), 250);
  const producer = s.kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const producedAt = new Map<string, number>();
  const committedAt = new Map<string, number>();
  let lastId = 0;
  const poll = async (): Promise<void> => {
    const r = await s.db.query<{ id: string; seq: string }>(
      `SELECT id, headers->>'x-bench-seq' AS seq FROM raw_messages WHERE id > $1 AND headers ? 'x-bench-seq' ORDER BY id`, [lastId],
    );
    const now = Date.now();
    for (const row of r.rows) {
      lastId = Math.max(lastId, Number(row.id));
      if (!committedAt.has(row.seq)) committedAt.set(row.seq, now);
    }
  };
  try {
    await settle(s.db, services);
    log(`  latency: producing ${s.rate} documents/s for ${s.seconds} s`);
    const total = Math.round(s.rate * s.seconds);
    const started = Date.now();
    let seq = 0;
    let nextPoll = 0;
    for (const m of generateCorpus(s.corpus)) {
      if (seq >= total) break;
      const due = started + (seq * 1000) / s.rate;
      for (let now = Date.now(); now < due; now = Date.now()) {
        if (now >= nextPoll) {
          await poll();
          nextPoll = Date.now() + 50;
        } else await sleep(Math.min(due - now, nextPoll - now, 10));
      }
      const id = String(seq);
      producedAt.set(id, Date.now());
      await producer.send({ topic: s.topics[m.topic as SynthTopic], acks: 1, messages: [{ key: m.key, value: m.value, headers: { ...m.headers, 'x-bench-seq': id } }] });
      seq += 1;
    }
    // Let the tail commit and the chain run to its end.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && committedAt.size < distinctExpected(producedAt, committedAt)) {
      await poll();
      await sleep(50);
    }
    await settle(s.db, services, 2);
  } finally {
    clearInterval(sampler);
    await producer.disconnect();
    await Promise.all(services.map((c) => stopChild(c)));
  }
  const rowLat: number[] = [];
  for (const [id, c] of committedAt) {
    const p = producedAt.get(id);
    if (p !== undefined) rowLat.push(c - p);
  }
  const scoreLat = await scoreLatencies(s.db, producedAt, committedAt);
  return {
    rate: s.rate,
    produced: producedAt.size,
    committed: committedAt.size,
    row: quantiles(rowLat),
    scored: scoreLat.length,
    score: quantiles(scoreLat),
    peakRssBytes: Object.fromEntries(services.map((c) => [c.name, c.peakRss])),
  };
}

/** Duplicates (same identity) are never stored again, so not every produced message gets a row of its own. */
function distinctExpected(produced: Map<string, number>, committed: Map<string, number>): number {
  return Math.max(committed.size, Math.floor(produced.size * 0.9));
}

/** Waits until no scoring run is in progress for `quiet` polls in a row (start-up scoring, the tail of the chain). */
async function settle(db: pg.Pool, services: Child[], quiet = 3): Promise<void> {
  const deadline = Date.now() + 15 * 60_000;
  let calm = 0;
  await sleep(3000);
  while (Date.now() < deadline && calm < quiet) {
    for (const c of services) if (c.proc.exitCode !== null) throw new Error(`${c.name} exited with ${c.proc.exitCode}:\n${c.stderrTail.join('\n')}`);
    const r = await db.query<{ busy: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM risk_runs WHERE finished_at IS NULL) OR EXISTS (SELECT 1 FROM match_dirty) OR EXISTS (SELECT 1 FROM risk_dirty) AS busy`,
    );
    calm = r.rows[0]?.busy === true ? 0 : calm + 1;
    await sleep(1000);
  }
}

async function scoreLatencies(db: pg.Pool, produced: Map<string, number>, committed: Map<string, number>): Promise<number[]> {
  const first = Math.min(...committed.values());
  const matches = (await db.query<{ s: string; f: string }>(
    `SELECT extract(epoch FROM started_at) * 1000 AS s, extract(epoch FROM finished_at) * 1000 AS f
       FROM stage_runs WHERE stage = 'match' AND finished_at IS NOT NULL AND started_at >= to_timestamp($1 / 1000.0) ORDER BY started_at`, [first - 1000],
  )).rows.map((r) => ({ s: Number(r.s), f: Number(r.f) }));
  const scores = (await db.query<{ s: string; f: string }>(
    `SELECT extract(epoch FROM started_at) * 1000 AS s, extract(epoch FROM finished_at) * 1000 AS f
       FROM risk_runs WHERE finished_at IS NOT NULL AND started_at >= to_timestamp($1 / 1000.0) ORDER BY started_at`, [first - 1000],
  )).rows.map((r) => ({ s: Number(r.s), f: Number(r.f) }));
  const out: number[] = [];
  for (const [id, c] of committed) {
    const m = matches.find((x) => x.s >= c);
    if (m === undefined) continue;
    const r = scores.find((x) => x.s >= m.f);
    const p = produced.get(id);
    if (r !== undefined && p !== undefined) out.push(r.f - p);
  }
  return out;
}

function quantiles(values: number[]): Quantiles {
  if (values.length === 0) return { p50: null, p99: null, max: null };
  const v = [...values].sort((a, b) => a - b);
  const at = (q: number): number => v[Math.min(v.length - 1, Math.floor(q * v.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: v[v.length - 1] ?? null };
}
