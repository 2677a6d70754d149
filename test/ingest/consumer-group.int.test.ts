/**
 * Two ingest instances in one consumer group share the partitions and store each message
 * once; `--reset-offsets earliest` makes a restarted group read everything again, which
 * changes nothing in the database.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { loadConfig } from '../../lib/config/config.js';
import { createKafka } from '../../lib/kafka/client.js';
import { KafkaSink } from '../../lib/kafka/kafka-sink.js';
import { createLogger } from '../../lib/log/logger.js';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { IngestService } from '../../services/ingest/ingest-service.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { createTestDatabase, uniqueName, type TestDatabase } from '../support/db.js';
import { fingerprint } from '../support/fingerprint.js';
import { createTestTopics, testKafka, type TestTopics } from '../support/kafka.js';
import { waitFor } from '../support/wait.js';

const logger = createLogger({ level: 'silent' });
const corpus = corpusMessages({ seed: 41, seds: 1500, declarations: 300, certificates: 400, badRate: 0.01 });
let shared: TestDatabase;
let clean: TestDatabase;
let topics: TestTopics;

beforeAll(async () => {
  [shared, clean] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  topics = await createTestTopics(testKafka(), ['sed', 'decl', 'cert', 'dlq'], 4);
});
afterAll(async () => {
  await topics.remove();
  await Promise.all([shared.drop(), clean.drop()]);
});

test('two instances share the partitions; a reset to earliest re-reads without changing anything', { timeout: 180_000 }, async () => {
  await new Ingestor({ pool: clean.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger }).ingest(corpus.map((m) => asSourceMessage(m)));
  const want = await fingerprint(clean.pool);

  const [sed, decl, cert, dlq] = topics.names as [string, string, string, string];
  const config = loadConfig({
    ...shared.env, KAFKA_BROKERS: inject('services').KAFKA_BROKERS, LAC_TOPIC_SED: sed, LAC_TOPIC_DECLARATIONS: decl,
    LAC_TOPIC_CERTIFICATES: cert, LAC_TOPIC_DLQ: dlq, LAC_INGEST_GROUP: uniqueName('pair'), LAC_KAFKA_SESSION_TIMEOUT_MS: '6000',
  });
  const kafka = createKafka({ brokers: config.kafkaBrokers ?? [], clientId: 'pair', logger });
  const a = new IngestService({ config, pool: shared.pool, kafka, logger });
  const b = new IngestService({ config, pool: shared.pool, kafka, logger });
  await Promise.all([a.start(), b.start()]);
  try {
    // Produce only once both members hold partitions: otherwise the first could drain everything alone.
    await waitFor(async () => {
      const { groups } = await topics.admin.describeGroups([config.ingest.groupId]);
      const g = groups[0];
      return g?.state === 'Stable' && g.members.length === 2 && g.members.every((m) => m.memberAssignment.length > 0);
    }, 60_000);
    const sink = new KafkaSink(kafka);
    const topicOf = { sed, declaration: decl, certificate: cert } as const;
    for (const kind of ['sed', 'declaration', 'certificate'] as const) {
      const msgs = corpus.filter((m) => m.topic === kind).map((m) => ({ key: m.key, value: m.value, headers: m.headers }));
      for (let i = 0; i < msgs.length; i += 500) await sink.send(topicOf[kind], msgs.slice(i, i + 500));
    }
    await sink.close();
    await waitFor(async () => (await fingerprint(shared.pool)).raw_messages === want.raw_messages, 120_000);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
  expect(await fingerprint(shared.pool)).toEqual(want);
  // Both instances did part of the work.
  expect(a.totals.received).toBeGreaterThan(0);
  expect(b.totals.received).toBeGreaterThan(0);
  expect(a.totals.received + b.totals.received).toBeGreaterThanOrEqual(corpus.length);

  const again = new IngestService({ config, pool: shared.pool, kafka, logger, resetOffsets: 'earliest' });
  await again.start();
  try {
    await waitFor(async () => again.totals.received >= corpus.length, 120_000);
  } finally {
    await again.stop();
  }
  expect(again.totals.duplicates).toBe(again.totals.received);
  expect(await fingerprint(shared.pool)).toEqual(want);
});
