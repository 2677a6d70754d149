/**
 * `lac matcher` and `lac risk` with their ops endpoint on the real Redis and PostgreSQL:
 * jobs show in /metrics (processed, run durations, queue counts) and in `lac status`; Redis
 * lost (a closed proxy, or a port nothing listens on) makes /ready 503 while /health stays
 * 200, and the matcher reconnects by itself when Redis is back.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { BullQueue } from '../../lib/queue/bullmq.js';
import { MATCH_QUEUE, requestMatch, type MatchJob } from '../../services/matcher/matcher-service.js';
import { RISK_QUEUE, requestRescore, type RiskJob } from '../../services/risk/risk-service.js';
import { createTestDatabase, uniqueName, type TestDatabase } from '../support/db.js';
import { startLac, type LacProcess } from '../support/lac-process.js';
import { runLac } from '../support/cli.js';
import { waitFor } from '../support/wait.js';
import type { ServiceInstanceStatus } from '../../lib/status/service-instances.js';
import { closedPort, get, metric, opsPort, TcpProxy } from './helpers.js';

let db: TestDatabase;
const prefix = uniqueName('lac-ops');
const redisUrl = (): string => inject('services').REDIS_URL;
const procs: LacProcess[] = [];
const queues: Array<BullQueue<unknown>> = [];

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const p of procs) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill('SIGKILL');
      await p.exited;
    }
  }
  for (const q of queues) {
    await q.queue.obliterate({ force: true }).catch(() => undefined);
    await q.close();
  }
  await db.drop();
});

function start(args: string[], env: Record<string, string>): LacProcess {
  const p = startLac([...args, '--metrics-port', '0'], { ...db.env, LAC_QUEUE_PREFIX: prefix, LAC_HEARTBEAT_MS: '500', ...env });
  procs.push(p);
  return p;
}

async function instance(pid: number | undefined): Promise<ServiceInstanceStatus | undefined> {
  const r = await runLac(['status', '--json'], db.env);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { services: ServiceInstanceStatus[] }).services.find((s) => s.pid === pid);
}

async function metricsOf(port: number): Promise<string> {
  return (await get(port, '/metrics')).body;
}

test('matcher: jobs in /metrics and lac status; Redis lost then back through a proxy', { timeout: 400_000 }, async () => {
  const url = new URL(redisUrl());
  const proxy = new TcpProxy(url.hostname, Number(url.port || 6379));
  await proxy.open();
  try {
    const proc = start(['matcher'], { REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
    const port = await opsPort(proc);
    await waitFor(async () => (await get(port, '/ready')).status === 200, 120_000, 300);

    const queue = new BullQueue<MatchJob>(MATCH_QUEUE, { redisUrl: redisUrl(), prefix });
    queues.push(queue as BullQueue<unknown>);
    await requestMatch(queue, 'ops test');
    let text = '';
    await waitFor(async () => {
      text = await metricsOf(port);
      return metric(text, 'lac_jobs_processed_total', { queue: MATCH_QUEUE, outcome: 'completed' }) === 1
        && (metric(text, 'lac_queue_jobs', { queue: MATCH_QUEUE, state: 'completed' }) ?? 0) >= 1;
    }, 60_000, 300);
    expect(metric(text, 'lac_run_duration_seconds_count', { stage: 'match' })).toBe(1);
    expect(metric(text, 'lac_jobs_processed_total', { queue: MATCH_QUEUE, outcome: 'failed' })).toBe(0);
    expect(metric(text, 'lac_queue_jobs', { queue: MATCH_QUEUE, state: 'waiting' })).toBe(0);
    await waitFor(async () => (await instance(proc.child.pid))?.metrics.jobsProcessed.completed === 1, 30_000, 500);
    const s = await instance(proc.child.pid);
    expect(s).toMatchObject({ kind: 'matcher', state: 'running', ready: true });
    expect(s?.metrics.jobs[MATCH_QUEUE]?.completed).toBeGreaterThanOrEqual(1);
    expect(s?.metrics.runs.match?.count).toBe(1);

    await proxy.close();
    await waitFor(async () => (await get(port, '/ready')).status === 503, 60_000, 300);
    const body = JSON.parse((await get(port, '/ready')).body) as { dependencies: Record<string, { up: boolean }> };
    expect(body.dependencies.redis?.up).toBe(false);
    expect(body.dependencies.postgres?.up).toBe(true);
    expect((await get(port, '/health')).status).toBe(200);
    // The heartbeat (PostgreSQL) still runs: status shows the instance running but not ready.
    await waitFor(async () => {
      const i = await instance(proc.child.pid);
      return i?.state === 'running' && !i.ready && i.dependencies.redis?.up === false;
    }, 30_000, 500);

    await proxy.open();
    await waitFor(async () => (await get(port, '/ready')).status === 200, 120_000, 500);
    // At least once: on a loaded machine a slow health probe can see Redis down and back again
    // more than once around the outage (CI saw 2 and 3 at load average 16).
    expect(metric(await metricsOf(port), 'lac_dependency_reconnects_total', { dependency: 'redis' })).toBeGreaterThanOrEqual(1);
    // The worker works again after the reconnect.
    await requestMatch(queue, 'after reconnect');
    await waitFor(async () => metric(await metricsOf(port), 'lac_jobs_processed_total', { queue: MATCH_QUEUE, outcome: 'completed' }) === 2, 120_000, 500);
    await waitFor(async () => (await instance(proc.child.pid))?.reconnects === 1, 30_000, 500);

    proc.child.kill('SIGTERM');
    expect((await proc.exited).code).toBe(0);
    expect((await instance(proc.child.pid))?.state).toBe('stopped');
  } finally {
    await proxy.close();
  }
});

test('risk: scoring runs are timed and counted', { timeout: 300_000 }, async () => {
  const proc = start(['risk'], { REDIS_URL: redisUrl() });
  const port = await opsPort(proc);
  await waitFor(async () => (await get(port, '/ready')).status === 200, 120_000, 300);
  const queue = new BullQueue<RiskJob>(RISK_QUEUE, { redisUrl: redisUrl(), prefix });
  queues.push(queue as BullQueue<unknown>);
  // The scheduler adds the first full rescore at start; one more on request.
  await requestRescore(queue, 'ops test');
  let text = '';
  await waitFor(async () => {
    text = await metricsOf(port);
    return (metric(text, 'lac_jobs_processed_total', { queue: RISK_QUEUE, outcome: 'completed' }) ?? 0) >= 2;
  }, 120_000, 500);
  const completed = metric(text, 'lac_jobs_processed_total', { queue: RISK_QUEUE, outcome: 'completed' });
  expect(metric(text, 'lac_run_duration_seconds_count', { stage: 'score' })).toBe(completed);
  expect(metric(text, 'lac_run_duration_seconds_sum', { stage: 'score' })).toBeGreaterThan(0);
  const runs = await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM stage_runs WHERE stage = 'score'");
  expect(Number(runs.rows[0]?.n)).toBeGreaterThanOrEqual(1);
  proc.child.kill('SIGTERM');
  expect((await proc.exited).code).toBe(0);
});

test('risk pointed at a port nothing listens on: alive, not ready, listed as such', { timeout: 300_000 }, async () => {
  const proc = start(['risk'], { REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
  const port = await opsPort(proc);
  expect((await get(port, '/health')).status).toBe(200);
  let body: { ready: boolean; dependencies: Record<string, { up: boolean | null; lastErrorCode: string | null }> } | undefined;
  await waitFor(async () => {
    const r = await get(port, '/ready');
    body = JSON.parse(r.body) as typeof body;
    return r.status === 503 && body?.dependencies.redis?.lastErrorCode === 'ECONNREFUSED' && body.dependencies.postgres?.up === true;
  }, 60_000, 300);
  expect(body?.dependencies.redis?.up).toBe(false);
  await waitFor(async () => (await instance(proc.child.pid))?.lastErrorCode === 'ECONNREFUSED', 30_000, 500);
  const i = await instance(proc.child.pid);
  expect(i).toMatchObject({ kind: 'risk', state: 'running', ready: false });
  const table = await runLac(['status'], db.env);
  expect(table.stdout).toMatch(new RegExp(`risk\\s+\\S+:${proc.child.pid}\\s+running\\s+no\\s+\\S+ ago\\s+postgres up, redis down \\(ECONNREFUSED\\)`));
  proc.child.kill('SIGKILL');
  await proc.exited;
});
