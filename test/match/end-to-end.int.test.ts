/**
 * Every matching outcome end to end on the real servers: documents produced to Kafka, stored
 * by the ingest service, which wakes the matcher through BullMQ on Redis; the matcher worker
 * writes the outcomes, and `lac export matches` writes them out.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { loadConfig } from '../../lib/config/config.js';
import { createKafka } from '../../lib/kafka/client.js';
import { KafkaSink } from '../../lib/kafka/kafka-sink.js';
import { createLogger } from '../../lib/log/logger.js';
import { BullQueue, startBullWorker } from '../../lib/queue/bullmq.js';
import type { MatchRunResult } from '../../lib/match/run-match.js';
import { IngestService } from '../../services/ingest/ingest-service.js';
import { MATCH_QUEUE, MatcherService, requestMatch, type MatchJob } from '../../services/matcher/matcher-service.js';
import { createTestDatabase, uniqueName, type TestDatabase } from '../support/db.js';
import { createTestTopics, testKafka, type TestTopics } from '../support/kafka.js';
import { EXPECTED_OUTCOMES, SCENARIO_DOCUMENTS } from '../support/match-scenarios.js';
import { runLac } from '../support/cli.js';
import { waitFor } from '../support/wait.js';

const logger = createLogger({ level: 'silent' });
let db: TestDatabase;
let topics: TestTopics;
const bull = { redisUrl: inject('services').REDIS_URL, prefix: uniqueName('lac-e2e') };
const queue = new BullQueue<MatchJob>(MATCH_QUEUE, bull);

beforeAll(async () => {
  db = await createTestDatabase();
  topics = await createTestTopics(testKafka(), ['sed', 'decl', 'cert', 'dlq'], 2);
});
afterAll(async () => {
  await queue.queue.obliterate({ force: true });
  await queue.close();
  await topics.remove();
  await db.drop();
});

test('Kafka -> ingest -> BullMQ -> matcher: each outcome, then the matches export', { timeout: 120_000 }, async () => {
  const [sed, decl, cert, dlq] = topics.names as [string, string, string, string];
  const config = loadConfig({
    ...db.env, KAFKA_BROKERS: inject('services').KAFKA_BROKERS, LAC_TOPIC_SED: sed, LAC_TOPIC_DECLARATIONS: decl,
    LAC_TOPIC_CERTIFICATES: cert, LAC_TOPIC_DLQ: dlq, LAC_INGEST_GROUP: uniqueName('e2e'),
  });
  const kafka = createKafka({ brokers: config.kafkaBrokers ?? [], clientId: 'e2e', logger });
  const matcher = new MatcherService(db.pool, logger, (handler) => startBullWorker<MatchJob, MatchRunResult>(MATCH_QUEUE, bull, handler));
  await matcher.start();
  const ingest = new IngestService({ config, pool: db.pool, kafka, logger, onStored: () => requestMatch(queue, 'ingest') });
  await ingest.start();
  try {
    const sink = new KafkaSink(kafka);
    const topicOf = { sed, declaration: decl, certificate: cert } as const;
    // One by one, in order: the withdrawal and the amendment must follow their certificate on its partition.
    for (const d of SCENARIO_DOCUMENTS) {
      const key = d.kind === 'certificate' ? String((d.body as { certificateNumber: string }).certificateNumber) : null;
      await sink.send(topicOf[d.kind], [{ key, value: JSON.stringify(d.body), headers: d.headers ?? {} }]);
    }
    await sink.close();
    await waitFor(async () => {
      const r = await db.pool.query<{ subject_type: string; subject_ref: string; outcome: string }>('SELECT subject_type, subject_ref, outcome FROM matches');
      const got = new Map(r.rows.map((m) => [`${m.subject_type}|${m.subject_ref}`, m.outcome]));
      return EXPECTED_OUTCOMES.every(([t, ref, outcome]) => got.get(`${t}|${ref}`) === outcome);
    }, 40_000).catch(async (err: unknown) => {
      const r = await db.pool.query('SELECT subject_type, subject_ref, outcome FROM matches ORDER BY 2');
      const raw = await db.pool.query('SELECT outcome, count(*) FROM raw_messages GROUP BY 1');
      throw new Error(`${(err as Error).message}: ${JSON.stringify(r.rows)} raw=${JSON.stringify(raw.rows)}`);
    });
  } finally {
    await ingest.stop();
    await matcher.stop();
  }

  const exported = await runLac(['export', 'matches', '--format', 'jsonl'], db.env);
  expect(exported.code, exported.stderr).toBe(0);
  const records = exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const inTable = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM matches');
  expect(records.length).toBe(Number(inTable.rows[0]?.n));
  expect(records.length).toBeGreaterThanOrEqual(EXPECTED_OUTCOMES.length);
  const partial = records.find((r) => r.subjectRef === 'D-AMND#0');
  expect(partial).toMatchObject({ subjectType: 'declaration-worker', outcome: 'period-partial', certificateNumbers: ['C-AMND'] });
  expect(Object.keys(partial ?? {})).toEqual(
    expect.arrayContaining(['subjectType', 'subjectRef', 'outcome', 'coverage', 'certificateNumbers', 'personKey', 'companyKey', 'explanation']),
  );
  const csv = await runLac(['export', 'matches', '--format', 'csv'], db.env);
  expect(csv.stdout.split('\r\n')[0]).toBe('subjectType,subjectRef,outcome,coverage,certificateNumbers,personKey,companyKey,explanation,startDate,endDate');
});
