/**
 * SIGKILL the ingest process in the middle of its work, restart it, and the database ends
 * exactly as after a clean run: nothing lost, nothing duplicated. Then SIGTERM: it finishes
 * its batch, commits and exits 0.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { createLogger } from '../../lib/log/logger.js';
import { createKafka } from '../../lib/kafka/client.js';
import { KafkaSink } from '../../lib/kafka/kafka-sink.js';
import { createTestDatabase, uniqueName, type TestDatabase } from '../support/db.js';
import { createTestTopics, testKafka, type TestTopics, ingestEnv } from '../support/kafka.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { fingerprint } from '../support/fingerprint.js';
import { startLac } from '../support/lac-process.js';
import { waitFor } from '../support/wait.js';

const logger = createLogger({ level: 'silent' });
const corpus = corpusMessages({ seed: 23, seds: 4000, declarations: 800, certificates: 1200, badRate: 0.02 });
let killed: TestDatabase;
let clean: TestDatabase;
let topics: TestTopics;

beforeAll(async () => {
  [killed, clean] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  topics = await createTestTopics(testKafka(), ['sed', 'decl', 'cert', 'dlq'], 3);
});
afterAll(async () => {
  await topics.remove();
  await Promise.all([killed.drop(), clean.drop()]);
});

async function rawCount(db: TestDatabase): Promise<number> {
  const r = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM raw_messages');
  return Number(r.rows[0]?.n);
}

test('kill -9 mid-run, restart: same final state as a clean run', { timeout: 240_000 }, async () => {
  // The clean reference: the same messages stored directly, in order.
  const ingestor = new Ingestor({ pool: clean.pool, limits: { maxBytes: 5 * 1024 * 1024, maxDepth: 64 }, logger });
  for (let i = 0; i < corpus.length; i += 500) await ingestor.ingest(corpus.slice(i, i + 500).map((m) => asSourceMessage(m)));
  const want = await fingerprint(clean.pool);
  const total = await rawCount(clean);

  const [sedTopic, declTopic, certTopic, dlqTopic] = topics.names as [string, string, string, string];
  const sink = new KafkaSink(createKafka({ brokers: inject('services').KAFKA_BROKERS.split(','), clientId: 'kill-producer', logger }));
  const topicOf = { sed: sedTopic, declaration: declTopic, certificate: certTopic } as const;
  for (const kind of ['sed', 'declaration', 'certificate'] as const) {
    const msgs = corpus.filter((m) => m.topic === kind).map((m) => ({ key: m.key, value: m.value, headers: m.headers }));
    for (let i = 0; i < msgs.length; i += 500) await sink.send(topicOf[kind], msgs.slice(i, i + 500));
  }
  await sink.close();

  const env = {
    ...killed.env,
    ...ingestEnv(topics, 'kill'),
    // The broker's minimum: a killed member's partitions move on after 6 s instead of 30.
    LAC_KAFKA_SESSION_TIMEOUT_MS: '6000',
  };
  let kills = 0;
  // Kill at growing fill levels, each time once the process has stored something new.
  for (const fraction of [0.15, 0.45, 0.75]) {
    const proc = startLac(['ingest'], env);
    const before = await rawCount(killed);
    try {
      await waitFor(async () => (await rawCount(killed)) > Math.max(before, total * fraction), 120_000, 20);
    } catch (err) {
      proc.child.kill('SIGKILL');
      throw new Error(`${(err as Error).message}\n${proc.output().slice(-3000)}`);
    }
    if ((await rawCount(killed)) >= total) {
      proc.child.kill('SIGKILL');
      await proc.exited;
      break;
    }
    proc.child.kill('SIGKILL');
    const exit = await proc.exited;
    expect(exit.signal).toBe('SIGKILL');
    kills += 1;
  }
  expect(kills).toBeGreaterThan(0);

  // Restart and let it finish; then SIGTERM must stop it cleanly.
  const last = startLac(['ingest'], env);
  await waitFor(async () => (await rawCount(killed)) >= total, 120_000);
  await waitFor(async () => (await killed.pool.query('SELECT 1 FROM dead_letters WHERE published_at IS NULL')).rows.length === 0, 30_000);
  last.child.kill('SIGTERM');
  const exit = await last.exited;
  expect(exit.code, last.output().slice(-2000)).toBe(0);

  expect(await fingerprint(killed.pool)).toEqual(want);
});
