/**
 * Two listeners report the broker's state to one ServiceHealth: the source (connection errors,
 * joins, commits) and the consumer's own events (CRASH, DISCONNECT). An outage reported by the
 * second must still end, and be logged as a reconnection, at the next committed batch: a fault
 * run once saw "dependency down" for kafka followed by committed batches and no recovery, because
 * the source only reported changes of its own view.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadConfig } from '../../lib/config/config.js';
import { createLogger } from '../../lib/log/logger.js';
import { createKafka } from '../../lib/kafka/client.js';
import { KafkaSink } from '../../lib/kafka/kafka-sink.js';
import { ServiceOps } from '../../lib/ops/service-ops.js';
import { IngestService } from '../../services/ingest/ingest-service.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestTopics, testKafka, type TestTopics, ingestEnv } from '../support/kafka.js';
import { corpusMessages } from '../support/corpus.js';
import { waitFor } from '../support/wait.js';

const lines: Array<{ msg?: string; dependency?: string }> = [];
const logger = createLogger({
  level: 'info',
  destination: new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as { msg?: string; dependency?: string });
      done();
    },
  }),
});
let db: TestDatabase;
let topics: TestTopics;
let service: IngestService | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  topics = await createTestTopics(testKafka(), ['sed', 'decl', 'cert', 'dlq'], 1);
});
afterAll(async () => {
  await service?.stop();
  await topics.remove();
  await db.drop();
});

async function storedCount(): Promise<number> {
  const r = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM raw_messages');
  return Number(r.rows[0]?.n);
}

test('a commit after an outage seen by another listener logs the reconnection', async () => {
  const [sedTopic] = topics.names as [string];
  const config = loadConfig({ ...db.env, ...ingestEnv(topics, 'reconnect-report') });
  const kafka = createKafka({ brokers: config.kafkaBrokers ?? [], clientId: 'test-reconnect-report', logger });
  const ops = new ServiceOps({ kind: 'ingest', dependencies: ['kafka'], pool: db.pool, logger, heartbeatMs: 60_000, metricsPort: null, metricsHost: '127.0.0.1' });
  const sink = new KafkaSink(kafka);
  const [first, second] = corpusMessages({ seed: 5, seds: 6, declarations: 0, certificates: 0, badRate: 0, duplicateRate: 0, newVersionRate: 0 });
  if (first === undefined || second === undefined) throw new Error('corpus too small');

  service = new IngestService({ config, pool: db.pool, kafka, logger, ops });
  await service.start();
  await sink.send(sedTopic, [{ key: first.key, value: first.value, headers: first.headers }]);
  await waitFor(async () => (await storedCount()) === 1, 60_000);
  expect(ops.health.snapshot().dependencies['kafka']?.up).toBe(true);

  // What the consumer's DISCONNECT listener reports when kafkajs drops its connections.
  ops.health.markDown('kafka', { code: 'DISCONNECTED' });
  expect(ops.health.snapshot().dependencies['kafka']?.up).toBe(false);

  await sink.send(sedTopic, [{ key: second.key, value: second.value, headers: second.headers }]);
  await sink.close();
  await waitFor(async () => (await storedCount()) === 2, 60_000);
  await waitFor(() => Promise.resolve(ops.health.snapshot().dependencies['kafka']?.up === true), 10_000);
  expect(ops.health.snapshot().dependencies['kafka']?.reconnects).toBe(1);
  const kafkaLines = lines.filter((l) => l.dependency === 'kafka').map((l) => l.msg);
  expect(kafkaLines.slice(-2)).toEqual(['dependency down', 'dependency reconnected']);
});
