/**
 * Wiring smoke test: messages produced to a real Kafka topic are consumed by a consumer group,
 * written to PostgreSQL in one transaction per batch, and the offset is committed only after
 * the database commit. A handler failure leaves the offset alone, so the batch comes again.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createLogger } from '../../lib/log/logger.js';
import { KafkaSink } from '../../lib/kafka/kafka-sink.js';
import { KafkaSource } from '../../lib/kafka/kafka-source.js';
import { withTransaction } from '../../lib/db/pool.js';
import { createTestDatabase, uniqueName, type TestDatabase } from '../support/db.js';
import { createTestTopics, testKafka, type TestTopics } from '../support/kafka.js';

const logger = createLogger({ level: 'silent' });
const kafka = testKafka('smoke-offsets');
let db: TestDatabase;
let topics: TestTopics;

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
  await db.pool.query('CREATE TABLE smoke_events (topic text, part int, kafka_offset bigint, body text, PRIMARY KEY (topic, part, kafka_offset))');
  topics = await createTestTopics(kafka, ['smoke'], 2);
});

afterAll(async () => {
  await topics.remove();
  await db.drop();
});

test('rows are committed before offsets, and a failed batch is redelivered', async () => {
  const topic = topics.names[0] ?? '';
  const sink = new KafkaSink(kafka);
  const count = 20;
  await sink.send(
    topic,
    Array.from({ length: count }, (_, i) => ({ key: `k${i % 4}`, value: `message ${i}` })),
  );
  await sink.close();

  const groupId = uniqueName('smoke-group');
  const source = new KafkaSource({ kafka, groupId, topics: [topic], logger, fromBeginning: true });
  let failedOnce = false;
  let committedBeforeOffset = true;
  await source.run(async (messages) => {
    await withTransaction(db.pool, async (client) => {
      for (const m of messages) {
        await client.query(
          'INSERT INTO smoke_events VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [m.topic, m.partition, m.offset, m.value?.toString('utf8') ?? null],
        );
      }
      // The first batch fails after writing: the transaction rolls back and the offset stays put.
      if (!failedOnce) {
        failedOnce = true;
        throw new Error('planned failure');
      }
    });
    // At this point the transaction is committed; the source commits the offset after we return.
    const offsets = await topics.admin.fetchOffsets({ groupId, topics: [topic] });
    const part = offsets[0]?.partitions.find((p) => p.partition === messages[0]?.partition);
    if (part && Number(part.offset) > Number(messages[0]?.offset)) committedBeforeOffset = false;
  });

  await waitFor(async () => {
    const { rows } = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM smoke_events');
    return Number(rows[0]?.n) === count;
  });
  // The last commitOffsets runs right after the handler: give it a moment, then compare with the log end.
  await waitFor(async () => {
    const committed = await topics.admin.fetchOffsets({ groupId, topics: [topic] });
    const ends = await topics.admin.fetchTopicOffsets(topic);
    return ends.every((e) => committed[0]?.partitions.find((p) => p.partition === e.partition)?.offset === e.high);
  });
  await source.stop();

  expect(failedOnce).toBe(true);
  expect(committedBeforeOffset).toBe(true);
  const { rows } = await db.pool.query<{ body: string }>('SELECT body FROM smoke_events ORDER BY body');
  expect(new Set(rows.map((r) => r.body)).size).toBe(count);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not met in time');
}
