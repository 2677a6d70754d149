/**
 * The ops endpoint on a real HTTP server: liveness always, readiness following the
 * dependencies' state, Prometheus text with LAC's counters and the process metrics.
 */
import { afterEach, expect, test } from 'vitest';
import { createMetrics } from '../../lib/ops/metrics.js';
import { startOpsServer, type OpsServer } from '../../lib/ops/ops-server.js';
import { errorCode, ServiceHealth } from '../../lib/ops/service-health.js';
import { ServiceOps } from '../../lib/ops/service-ops.js';
import { createPool } from '../../lib/db/pool.js';
import { createLogger } from '../../lib/log/logger.js';
import { emptySummary } from '../../core/ingest/types.js';
import { get, metric } from './helpers.js';

let server: OpsServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(health: ServiceHealth, metrics = createMetrics('matcher')): Promise<number> {
  server = await startOpsServer({ port: 0, host: '127.0.0.1', health, registry: metrics.registry, identity: { service: 'matcher', instance: 'm-1' } });
  return server.port;
}

test('/ready follows markUp/markDown; reconnects and failures are counted; /health stays 200', async () => {
  const metrics = createMetrics('matcher');
  const health = new ServiceHealth(['postgres', 'redis'], { metrics });
  const port = await serve(health, metrics);

  // Nothing confirmed yet: alive but not ready.
  expect((await get(port, '/health')).status).toBe(200);
  expect((await get(port, '/ready')).status).toBe(503);

  health.markUp('postgres');
  expect((await get(port, '/ready')).status).toBe(503);
  health.markUp('redis');
  expect((await get(port, '/ready')).status).toBe(200);

  health.markDown('redis', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }));
  health.markDown('redis', new Error('again')); // repeated: no second failure
  const down = await get(port, '/ready');
  expect(down.status).toBe(503);
  const body = JSON.parse(down.body) as { ready: boolean; dependencies: Record<string, { up: boolean; lastErrorCode: string }> };
  expect(body.ready).toBe(false);
  expect(body.dependencies.redis?.up).toBe(false);
  expect(body.dependencies.postgres?.up).toBe(true);
  expect((await get(port, '/health')).status).toBe(200);

  let text = (await get(port, '/metrics')).body;
  expect(metric(text, 'lac_dependency_up', { dependency: 'redis' })).toBe(0);
  expect(metric(text, 'lac_dependency_failures_total', { dependency: 'redis' })).toBe(1);
  expect(metric(text, 'lac_dependency_reconnects_total', { dependency: 'redis' })).toBe(0);
  expect(metric(text, 'lac_service_ready')).toBe(0);

  health.markUp('redis');
  health.markUp('redis'); // repeated: no second reconnect
  expect((await get(port, '/ready')).status).toBe(200);
  text = (await get(port, '/metrics')).body;
  expect(metric(text, 'lac_dependency_up', { dependency: 'redis' })).toBe(1);
  expect(metric(text, 'lac_dependency_reconnects_total', { dependency: 'redis' })).toBe(1);
  expect(metric(text, 'lac_dependency_reconnects_total', { dependency: 'postgres' })).toBe(0);
  expect(metric(text, 'lac_service_ready')).toBe(1);
  expect(health.snapshot().reconnects).toBe(1);

  // A dependency nobody declared counts for readiness once reported.
  health.markDown('kafka', { code: 'KAFKA_CRASH' });
  expect((await get(port, '/ready')).status).toBe(503);
  health.setStopping();
  health.markUp('kafka');
  expect((await get(port, '/ready')).status).toBe(503);
});

test('/metrics is Prometheus text with process metrics and the service label; other paths 404, other methods 405', async () => {
  const metrics = createMetrics('matcher');
  const port = await serve(new ServiceHealth([], { metrics }), metrics);
  const r = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(r.headers.get('content-type')).toContain('text/plain');
  const text = await r.text();
  expect(metric(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  expect(text).toContain('lac_service_ready{service="matcher"} 1');
  expect((await get(port, '/nope')).status).toBe(404);
  expect((await fetch(`http://127.0.0.1:${port}/ready`, { method: 'POST' })).status).toBe(405);
  expect(JSON.parse((await get(port, '/health')).body)).toMatchObject({ status: 'ok', service: 'matcher', instance: 'm-1' });
});

test('batch counters: documents in by topic, stored by kind, duplicates by type, rejected by code', async () => {
  // The pool is never used here (no start): recording is pure counter arithmetic.
  const pool = createPool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', schema: 'none' });
  const ops = new ServiceOps({ kind: 'ingest', dependencies: ['kafka'], pool, logger: createLogger({ level: 'silent' }), heartbeatMs: 1000, metricsPort: null, metricsHost: '127.0.0.1' });
  const a = emptySummary();
  a.received = 10;
  a.stored.sed = 6;
  a.duplicates = 1;
  a.rejected = { XML_MALFORMED: 2, EMPTY: 1 };
  const b = emptySummary();
  b.received = 4;
  b.stored.certificate = 3;
  b.versionDuplicates = 1;
  b.rejected = { XML_MALFORMED: 0 };
  ops.recordBatch('t.sed', a);
  ops.recordBatch('t.cert', b);
  ops.recordBatch('t.sed', emptySummary());
  const text = await ops.metrics.registry.metrics();
  expect(metric(text, 'lac_documents_in_total', { topic: 't.sed' })).toBe(10);
  expect(metric(text, 'lac_documents_in_total', { topic: 't.cert' })).toBe(4);
  expect(metric(text, 'lac_documents_stored_total', { kind: 'sed' })).toBe(6);
  expect(metric(text, 'lac_documents_stored_total', { kind: 'certificate' })).toBe(3);
  expect(metric(text, 'lac_documents_stored_total', { kind: 'declaration' })).toBe(0);
  expect(metric(text, 'lac_documents_duplicate_total', { type: 'message' })).toBe(1);
  expect(metric(text, 'lac_documents_duplicate_total', { type: 'version' })).toBe(1);
  expect(metric(text, 'lac_documents_rejected_total', { code: 'XML_MALFORMED' })).toBe(2);
  expect(metric(text, 'lac_documents_rejected_total', { code: 'EMPTY' })).toBe(1);
  await pool.end();
});

test('error codes never carry message text', () => {
  expect(errorCode(Object.assign(new Error('password authentication failed for user "x"'), { code: '28P01' }))).toBe('28P01');
  expect(errorCode(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
  expect(errorCode(new TypeError('Jan Müller 1985-02-11'))).toBe('TypeError');
  expect(errorCode(new Error('Jan Müller 1985-02-11'))).toBe('UNKNOWN');
  expect(errorCode({ code: 'has spaces: Jan Müller' })).toBe('UNKNOWN');
  expect(errorCode('a string')).toBe('UNKNOWN');
});
