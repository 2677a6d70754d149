/**
 * The ingest service on the real broker: documents in all shapes, duplicates, new versions,
 * X008 and 35 kinds of bad input go in; exactly the expected rows come out, every bad message
 * is in the DLQ (topic and table) with its code, and the consumer keeps going.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { loadConfig } from '../../lib/config/config.js';
import { createLogger } from '../../lib/log/logger.js';
import { createKafka } from '../../lib/kafka/client.js';
import { KafkaSink } from '../../lib/kafka/kafka-sink.js';
import { IngestService } from '../../services/ingest/ingest-service.js';
import { createTestDatabase, uniqueName, type TestDatabase } from '../support/db.js';
import { createTestTopics, testKafka, type TestTopics, ingestEnv } from '../support/kafka.js';
import { corpusMessages } from '../support/corpus.js';
import { messageHash } from '../../core/ingest/message-identity.js';
import { BAD_INPUT_LIMITS, BAD_INPUTS } from '../support/bad-inputs.js';
import { waitFor } from '../support/wait.js';

const logger = createLogger({ level: 'silent' });
let db: TestDatabase;
let topics: TestTopics;
let service: IngestService;

const corpus = corpusMessages({ seed: 11, seds: 400, declarations: 100, certificates: 150, badRate: 0.03, duplicateRate: 0.05, newVersionRate: 0.1 });

beforeAll(async () => {
  db = await createTestDatabase();
  topics = await createTestTopics(testKafka(), ['sed', 'decl', 'cert', 'dlq'], 3);
});
afterAll(async () => {
  await service?.stop();
  await topics.remove();
  await db.drop();
});

test('produce -> exactly the expected rows, every bad message dead-lettered, consumer still running', async () => {
  const [sedTopic, declTopic, certTopic, dlqTopic] = topics.names as [string, string, string, string];
  const config = loadConfig({
    ...db.env,
    ...ingestEnv(topics, 'ingest'),
    LAC_MAX_DOCUMENT_BYTES: String(BAD_INPUT_LIMITS.maxBytes),
  });
  const kafka = createKafka({ brokers: config.kafkaBrokers ?? [], clientId: 'test-ingest', logger });
  const sink = new KafkaSink(kafka);
  const topicOf = { sed: sedTopic, declaration: declTopic, certificate: certTopic } as const;
  for (const kind of ['sed', 'declaration', 'certificate'] as const) {
    const msgs = corpus.filter((m) => m.topic === kind).map((m) => ({ key: m.key, value: m.value, headers: m.headers }));
    for (let i = 0; i < msgs.length; i += 200) await sink.send(topicOf[kind], msgs.slice(i, i + 200));
  }
  // Hostile input, then one more good document: the consumer must get past the bad ones.
  await sink.send(sedTopic, BAD_INPUTS.map((b) => ({ key: 'bad', value: b.body, headers: b.headers ?? {} })));
  const lastGood = corpus.find((m) => m.topic === 'sed' && m.expect.kind === 'valid' && m.source?.sedType === 'A009');
  if (!lastGood) throw new Error('corpus has no A009');
  const canary = { ...lastGood.headers, rinaDokumentId: 'ffffffffffffffffffffffffffffffff', rinaDokumentVersjon: '1' };
  await sink.send(sedTopic, [{ key: 'canary', value: lastGood.value, headers: canary }]);

  service = new IngestService({ config, pool: db.pool, kafka, logger });
  await service.start();

  // Identity is envelope + bytes: a hand-made bad input equal to a corpus one (an empty body) is the same message.
  const ids = new Map<string, string | null>();
  for (const m of corpus) ids.set(messageHash(m.headers, Buffer.from(m.value, 'utf8')).toString('hex'), m.expect.kind === 'bad' ? (m.expect.badCode ?? null) : null);
  for (const b of BAD_INPUTS) ids.set(messageHash(b.headers ?? {}, b.body).toString('hex'), b.code);
  const wantCodes: Record<string, number> = {};
  for (const code of ids.values()) if (code !== null) wantCodes[code] = (wantCodes[code] ?? 0) + 1;
  const totalDistinct = ids.size + 1;
  await waitFor(async () => {
    const r = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM raw_messages');
    return Number(r.rows[0]?.n) === totalDistinct;
  }, 90_000);

  const canaryRow = await db.pool.query('SELECT 1 FROM seds WHERE document_id = $1', ['ffffffffffffffffffffffffffffffff']);
  expect(canaryRow.rows.length).toBe(1);

  const dead = await db.pool.query<{ error_code: string; n: string }>('SELECT error_code, count(*) AS n FROM dead_letters GROUP BY 1');
  const gotCodes = Object.fromEntries(dead.rows.map((r) => [r.error_code, Number(r.n)]));
  const totalDead = Object.values(gotCodes).reduce((a, b) => a + b, 0);

  // Every dead letter reaches the DLQ topic with its original bytes and the contract's headers.
  const dlq: Array<{ code: string; topic: string; offset: string; id: string; bytes: number }> = [];
  const consumer = kafka.consumer({ groupId: uniqueName('dlq-reader') });
  await consumer.connect();
  await consumer.subscribe({ topic: dlqTopic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const h = (k: string) => message.headers?.[k]?.toString() ?? '';
      dlq.push({ code: h('x-error-code'), topic: h('x-source-topic'), offset: h('x-source-offset'), id: h('x-dead-letter-id'), bytes: message.value?.length ?? 0 });
    },
  });
  await waitFor(async () => dlq.length >= totalDead, 60_000);
  await consumer.disconnect();

  expect(dlq.length).toBe(totalDead);
  expect(dlq.every((d) => d.code !== '' && [sedTopic, declTopic, certTopic].includes(d.topic) && d.offset !== '')).toBe(true);
  // Each record names its dead letter, so a consumer can drop the repeats of an at-least-once publish.
  const deadLetterIds = await db.pool.query<{ id: string }>('SELECT id::text AS id FROM dead_letters ORDER BY id');
  expect(dlq.map((d) => d.id).sort()).toEqual(deadLetterIds.rows.map((r) => r.id).sort());
  const dlqCodes: Record<string, number> = {};
  for (const d of dlq) dlqCodes[d.code] = (dlqCodes[d.code] ?? 0) + 1;
  expect(dlqCodes).toEqual(gotCodes);
  expect(gotCodes).toEqual(wantCodes);

  const sedRows = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM seds');
  expect(Number(sedRows.rows[0]?.n)).toBeGreaterThan(300);
});
