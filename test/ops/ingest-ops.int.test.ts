/**
 * `lac ingest --metrics-port 0` on the real broker and PostgreSQL: /ready turns 200 once the
 * consumer has joined its group; /metrics counts the documents in, stored, duplicated and
 * rejected by code exactly as produced; the heartbeat row makes `lac status --json` list the
 * instance. PostgreSQL is reached through a TCP proxy, so closing the proxy is a real loss of
 * the database for this process only: /ready 503, status says down, and after reopening it
 * the service reconnects by itself and counts the reconnect.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { createKafka } from '../../lib/kafka/client.js';
import { KafkaSink } from '../../lib/kafka/kafka-sink.js';
import { createLogger } from '../../lib/log/logger.js';
import { createTestDatabase, uniqueName, type TestDatabase } from '../support/db.js';
import { createTestTopics, testKafka, type TestTopics, ingestEnv } from '../support/kafka.js';
import { corpusMessages, expectedFrom } from '../support/corpus.js';
import { startLac, type LacProcess } from '../support/lac-process.js';
import { runLac } from '../support/cli.js';
import { waitFor } from '../support/wait.js';
import type { ServiceInstanceStatus } from '../../lib/status/service-instances.js';
import { get, metric, metricSum, opsPort, TcpProxy } from './helpers.js';

const logger = createLogger({ level: 'silent' });
let db: TestDatabase;
let topics: TestTopics;
let proxy: TcpProxy;
let proc: LacProcess | null = null;

beforeAll(async () => {
  db = await createTestDatabase();
  topics = await createTestTopics(testKafka(), ['sed', 'decl', 'cert', 'dlq'], 2);
  const url = new URL(inject('services').DATABASE_URL);
  proxy = new TcpProxy(url.hostname, Number(url.port || 5432));
  await proxy.open();
});
afterAll(async () => {
  if (proc !== null && proc.child.exitCode === null) {
    proc.child.kill('SIGKILL');
    await proc.exited;
  }
  await proxy.close();
  await topics.remove();
  await db.drop();
});

async function status(): Promise<ServiceInstanceStatus[]> {
  const r = await runLac(['status', '--json'], db.env);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { services: ServiceInstanceStatus[] }).services;
}

test('metrics move with the documents, /ready and lac status follow the database', { timeout: 400_000 }, async () => {
  const [sedTopic, declTopic, certTopic, dlqTopic] = topics.names as [string, string, string, string];
  const corpus = corpusMessages({ seed: 23, seds: 80, declarations: 25, certificates: 25, badRate: 0.1, duplicateRate: 0.05, newVersionRate: 0 });
  const want = expectedFrom(corpus);
  expect(Object.keys(want.bad).length).toBeGreaterThan(0);

  const viaProxy = new URL(db.url);
  viaProxy.port = String(proxy.port);
  proc = startLac(['ingest', '--metrics-port', '0'], {
    DATABASE_URL: viaProxy.toString(),
    LAC_DB_SCHEMA: db.schema,
    LAC_ALLOW_GENERATED_SECRETS: '1', // development keys, as in db.env
    ...ingestEnv(topics, 'ops-ingest'),
    LAC_KAFKA_SESSION_TIMEOUT_MS: '10000',
    LAC_HEARTBEAT_MS: '500',
  });
  const port = await opsPort(proc);
  expect((await get(port, '/health')).status).toBe(200);
  // Ready once PostgreSQL answered the first heartbeat and the consumer joined its group.
  await waitFor(async () => (await get(port, '/ready')).status === 200, 120_000, 300);

  const kafka = createKafka({ brokers: inject('services').KAFKA_BROKERS.split(','), clientId: 'ops-test', logger });
  const sink = new KafkaSink(kafka);
  const topicOf = { sed: sedTopic, declaration: declTopic, certificate: certTopic } as const;
  const sent: Record<string, number> = {};
  for (const kind of ['sed', 'declaration', 'certificate'] as const) {
    const msgs = corpus.filter((m) => m.topic === kind).map((m) => ({ key: m.key, value: m.value, headers: m.headers }));
    await sink.send(topicOf[kind], msgs);
    sent[topicOf[kind]] = msgs.length;
  }
  await sink.close();

  let text = '';
  await waitFor(async () => {
    text = (await get(port, '/metrics')).body;
    return metricSum(text, 'lac_documents_in_total') === corpus.length;
  }, 120_000, 500);
  for (const [topic, n] of Object.entries(sent)) expect(metric(text, 'lac_documents_in_total', { topic }), topic).toBe(n);
  for (const [code, n] of Object.entries(want.bad)) expect(metric(text, 'lac_documents_rejected_total', { code }), code).toBe(n);
  expect(metricSum(text, 'lac_documents_rejected_total')).toBe(Object.values(want.bad).reduce((a, b) => a + b, 0));
  expect(metric(text, 'lac_documents_duplicate_total', { type: 'message' })).toBe(corpus.length - want.distinct);
  // Every distinct message is either stored, rejected, or a document version already present.
  const dead = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM dead_letters');
  expect(metricSum(text, 'lac_documents_rejected_total')).toBe(Number(dead.rows[0]?.n));
  const seds = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM seds');
  expect(metric(text, 'lac_documents_stored_total', { kind: 'sed' })).toBe(Number(seds.rows[0]?.n));
  expect(metricSum(text, 'lac_ingest_batch_duration_seconds_count')).toBeGreaterThan(0);
  // Caught up: every partition that delivered a batch reports no lag.
  await waitFor(async () => {
    text = (await get(port, '/metrics')).body;
    return metricSum(text, 'lac_consumer_lag') === 0 && text.includes(`lac_consumer_lag{topic="${sedTopic}"`);
  }, 30_000, 500);
  expect(metric(text, 'lac_dependency_up', { dependency: 'kafka' })).toBe(1);
  expect(metric(text, 'lac_dependency_up', { dependency: 'postgres' })).toBe(1);

  // The heartbeat carries the counters: lac status lists the instance without scraping it.
  let mine: ServiceInstanceStatus | undefined;
  await waitFor(async () => {
    mine = (await status()).find((s) => s.kind === 'ingest' && s.pid === proc?.child.pid);
    return mine?.metrics.documentsIn === corpus.length;
  }, 30_000, 500);
  expect(mine).toMatchObject({ state: 'running', ready: true, reconnects: 0 });
  expect(mine?.metrics.rejected).toEqual(want.bad);
  expect(mine?.metrics.lag).toBe(0);
  expect(mine?.dependencies.kafka?.up).toBe(true);
  const table = await runLac(['status'], db.env);
  expect(table.stdout).toMatch(/services: 1 running, 0 down/);
  expect(table.stdout).toMatch(new RegExp(`ingest\\s+\\S+:${proc.child.pid}\\s+running\\s+yes`));

  // Cut PostgreSQL off for this process only.
  await proxy.close();
  await waitFor(async () => (await get(port, '/ready')).status === 503, 60_000, 300);
  const ready = JSON.parse((await get(port, '/ready')).body) as { dependencies: Record<string, { up: boolean; lastErrorCode: string }> };
  expect(ready.dependencies.postgres?.up).toBe(false);
  expect(ready.dependencies.postgres?.lastErrorCode).toMatch(/^[A-Z0-9_]+$/);
  expect((await get(port, '/health')).status).toBe(200);
  text = (await get(port, '/metrics')).body;
  expect(metric(text, 'lac_dependency_up', { dependency: 'postgres' })).toBe(0);
  expect(metric(text, 'lac_dependency_failures_total', { dependency: 'postgres' })).toBe(1);
  // No heartbeat for three intervals: status (which reaches PostgreSQL directly) calls it down.
  await waitFor(async () => (await status()).find((s) => s.pid === proc?.child.pid)?.state === 'down', 30_000, 500);

  // Back: the service finds the database again by itself.
  await proxy.open();
  await waitFor(async () => (await get(port, '/ready')).status === 200, 90_000, 300);
  text = (await get(port, '/metrics')).body;
  expect(metric(text, 'lac_dependency_reconnects_total', { dependency: 'postgres' })).toBe(1);
  await waitFor(async () => {
    const s = (await status()).find((i) => i.pid === proc?.child.pid);
    return s?.state === 'running' && s.ready && s.reconnects === 1;
  }, 30_000, 500);
  expect(proc.output()).toContain('dependency reconnected');

  // A clean stop leaves the row marked stopped.
  proc.child.kill('SIGTERM');
  expect((await proc.exited).code).toBe(0);
  const after = (await status()).find((s) => s.pid === proc?.child.pid);
  expect(after).toMatchObject({ state: 'stopped', ready: false });
});
