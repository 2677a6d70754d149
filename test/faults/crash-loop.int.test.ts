/**
 * A document that kills the ingest process every time it is handled (the test-only hook
 * LAC_TEST_CRASH_ON makes the process SIGKILL itself on a marker, as a native crash inside a
 * parser would) ends in dead_letters with RETRIES_EXHAUSTED and its original bytes after a
 * bounded number of restarts, and every other message of its partition is stored.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { createLogger } from '../../lib/log/logger.js';
import { createKafka } from '../../lib/kafka/client.js';
import { KafkaSink } from '../../lib/kafka/kafka-sink.js';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { createTestDatabase, uniqueName, type TestDatabase } from '../support/db.js';
import { createTestTopics, testKafka, type TestTopics, ingestEnv } from '../support/kafka.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { fingerprint } from '../support/fingerprint.js';
import { startLac } from '../support/lac-process.js';
import { waitFor } from '../support/wait.js';

const logger = createLogger({ level: 'silent' });
const MARKER = 'LAC-TEST-CRASH-7f3a';
const MAX_ATTEMPTS = 2;
// SEDs only, on one partition: the crasher sits in the middle of its partition.
const corpus = corpusMessages({ seed: 31, seds: 300, declarations: 0, certificates: 0, badRate: 0.03 });
const crasher = { key: 'crasher', value: `{"sed":"A009","note":"${MARKER}"}`, headers: { sedType: 'A009' } };
let db: TestDatabase;
let clean: TestDatabase;
let topics: TestTopics;

beforeAll(async () => {
  [db, clean] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  topics = await createTestTopics(testKafka(), ['sed', 'decl', 'cert', 'dlq'], 1);
});
afterAll(async () => {
  await topics.remove();
  await Promise.all([db.drop(), clean.drop()]);
});

test('a crash loop on one document sends it to the DLQ after N tries; its partition goes on', { timeout: 300_000 }, async () => {
  const [sedTopic, declTopic, certTopic, dlqTopic] = topics.names as [string, string, string, string];
  const sink = new KafkaSink(createKafka({ brokers: inject('services').KAFKA_BROKERS.split(','), clientId: 'crash-producer', logger }));
  const middle = Math.floor(corpus.length / 2);
  const messages = corpus.map((m) => ({ key: m.key, value: m.value, headers: m.headers }));
  await sink.send(sedTopic, [...messages.slice(0, middle), crasher, ...messages.slice(middle)]);
  await sink.close();

  const env = {
    ...db.env,
    ...ingestEnv(topics, 'crash'),
    LAC_KAFKA_SESSION_TIMEOUT_MS: '6000',
    LAC_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    LAC_TEST_CRASH_ON: MARKER,
  };
  const deadLettered = async (): Promise<boolean> =>
    (await db.pool.query("SELECT 1 FROM dead_letters WHERE error_code = 'RETRIES_EXHAUSTED'")).rows.length > 0;

  let crashes = 0;
  let proc = startLac(['ingest'], env);
  for (;;) {
    const ended = await Promise.race([proc.exited, waitFor(deadLettered, 120_000, 100).then(() => null)]);
    if (ended === null) break;
    expect(ended.signal, proc.output().slice(-3000)).toBe('SIGKILL');
    crashes += 1;
    expect(crashes, 'crash loop not broken').toBeLessThanOrEqual(MAX_ATTEMPTS + 3);
    proc = startLac(['ingest'], env);
  }
  // One crash as part of its batch, one in its block, then MAX_ATTEMPTS alone.
  expect(crashes).toBe(MAX_ATTEMPTS + 2);

  // Every other message of the partition is stored as after a clean run of the same messages.
  const ingestor = new Ingestor({ pool: clean.pool, limits: { maxBytes: 5 * 1024 * 1024, maxDepth: 64 }, logger });
  await ingestor.ingest(corpus.map((m) => asSourceMessage(m)));
  const want = await fingerprint(clean.pool);
  const total = Number(want.raw_messages?.split(':')[0]) + 1;
  await waitFor(async () => Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM raw_messages')).rows[0]?.n) >= total, 120_000);
  await waitFor(async () => (await db.pool.query('SELECT 1 FROM dead_letters WHERE published_at IS NULL')).rows.length === 0, 60_000);
  proc.child.kill('SIGTERM');
  expect((await proc.exited).code, proc.output().slice(-2000)).toBe(0);

  const dl = await db.pool.query<{ error_code: string; body: Buffer; error_message: string }>(
    `SELECT d.error_code, d.error_message, r.body FROM dead_letters d JOIN raw_messages r ON r.id = d.raw_message_id
      WHERE r.body = $1`,
    [Buffer.from(crasher.value, 'utf8')],
  );
  expect(dl.rows.map((r) => r.error_code)).toEqual(['RETRIES_EXHAUSTED']);
  expect(dl.rows[0]?.error_message).toContain(`${MAX_ATTEMPTS} times`);
  // Without the crasher, the tables are exactly those of the clean run.
  await db.pool.query('DELETE FROM dead_letters WHERE raw_message_id IN (SELECT id FROM raw_messages WHERE body = $1)', [Buffer.from(crasher.value, 'utf8')]);
  await db.pool.query('DELETE FROM raw_messages WHERE body = $1', [Buffer.from(crasher.value, 'utf8')]);
  expect(await fingerprint(db.pool)).toEqual(want);
  // Attempt rows do not pile up: at most the last batch's own row is left.
  const left = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM ingest_attempts');
  expect(Number(left.rows[0]?.n)).toBeLessThanOrEqual(1);
});
