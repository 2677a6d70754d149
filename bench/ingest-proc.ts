/**
 * One ingest process of the benchmark: the same pipeline as `lac ingest` (KafkaSource in a
 * consumer group, Ingestor, one transaction per batch, commit after it), plus the parse worker
 * pool. Reports its memory on stdout as JSON lines; SIGTERM finishes the batch in flight and exits.
 *
 *   env: DATABASE_URL LAC_DB_SCHEMA KAFKA_BROKERS BENCH_TOPICS (comma) BENCH_GROUP BENCH_WORKERS BENCH_CONCURRENCY
 */
import { createPool } from '../lib/db/pool.js';
import { createLogger } from '../lib/log/logger.js';
import { createKafka } from '../lib/kafka/client.js';
import { KafkaSource } from '../lib/kafka/kafka-source.js';
import { Ingestor } from '../lib/ingest/ingestor.js';
import { toSourceMessage } from '../services/ingest/ingest-service.js';
import { addSummary, emptySummary } from '../core/ingest/types.js';

const env = (name: string): string => {
  const v = process.env[name];
  if (v === undefined || v === '') throw new Error(`${name} is required`);
  return v;
};

const logger = createLogger({ level: 'warn' });
const pool = createPool({ connectionString: env('DATABASE_URL'), schema: env('LAC_DB_SCHEMA'), max: 4, applicationName: 'lac-bench-ingest' });
const ingestor = new Ingestor({
  pool, logger, limits: { maxBytes: 5 * 1024 * 1024, maxDepth: 64 }, prepareWorkers: Number(process.env['BENCH_WORKERS'] ?? '1'),
});
const source = new KafkaSource({
  kafka: createKafka({ brokers: env('KAFKA_BROKERS').split(','), clientId: 'lac-bench', logger }),
  groupId: env('BENCH_GROUP'),
  topics: env('BENCH_TOPICS').split(','),
  logger,
  fromBeginning: true,
  partitionsConsumedConcurrently: Number(process.env['BENCH_CONCURRENCY'] ?? '2'),
});
const totals = emptySummary();
const report = (type: string): void => {
  const m = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ type, rss: m.rss, heapUsed: m.heapUsed, maxRss: process.resourceUsage().maxRSS * 1024, received: totals.received })}\n`);
};
const timer = setInterval(() => report('mem'), 1000);
let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  await source.stop();
  await ingestor.close();
  await pool.end();
  report('done');
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
await source.run(async (messages, ctx) => {
  addSummary(totals, await ingestor.ingest(messages.map(toSourceMessage)));
  await ctx.heartbeat();
});
report('ready');
