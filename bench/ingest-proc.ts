/**
 * One ingest process of the benchmark: the real `lac ingest` service (IngestService: KafkaSource
 * in a consumer group, crash-loop protection, parse workers, one transaction per batch, commit
 * after it), configured from the environment as `lac ingest` is. Reports its memory on stdout as
 * JSON lines; SIGTERM finishes the batch in flight and exits.
 *
 *   env: DATABASE_URL LAC_DB_SCHEMA KAFKA_BROKERS BENCH_TOPICS (sed,declarations,certificates)
 *        BENCH_GROUP BENCH_WORKERS BENCH_CONCURRENCY [BENCH_GO_FILE BENCH_LOG_DIR], and any LAC_* setting
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../lib/config/config.js';
import { createPool } from '../lib/db/pool.js';
import { createLogger } from '../lib/log/logger.js';
import { createKafka } from '../lib/kafka/client.js';
import { IngestService } from '../services/ingest/ingest-service.js';

const env = (name: string): string => {
  const v = process.env[name];
  if (v === undefined || v === '') throw new Error(`${name} is required`);
  return v;
};

const [sed, declarations, certificates] = env('BENCH_TOPICS').split(',');
const group = env('BENCH_GROUP');
const config = loadConfig({
  ...process.env,
  LAC_TOPIC_SED: sed,
  LAC_TOPIC_DECLARATIONS: declarations,
  LAC_TOPIC_CERTIFICATES: certificates,
  LAC_TOPIC_DLQ: `${group}.dlq`,
  LAC_INGEST_GROUP: group,
  LAC_INGEST_WORKERS: process.env['BENCH_WORKERS'] ?? '1',
  LAC_INGEST_CONCURRENCY: process.env['BENCH_CONCURRENCY'] ?? '2',
});
// BENCH_LOG_DIR: the service's log (info level) to a file per process, to read a run's timeline.
const logDir = process.env['BENCH_LOG_DIR'];
const logger = logDir === undefined || logDir === ''
  ? createLogger({ level: 'warn' })
  : createLogger({ level: 'info', destination: pino.destination(path.join(logDir, `ingest-${process.pid}.log`)) });
const pool = createPool({ connectionString: env('DATABASE_URL'), schema: config.dbSchema, applicationName: 'lac-bench-ingest' });
const service = new IngestService({ config, pool, logger, kafka: createKafka({ brokers: env('KAFKA_BROKERS').split(','), clientId: 'lac-bench', logger }) });
const report = (type: string): void => {
  const m = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ type, rss: m.rss, heapUsed: m.heapUsed, maxRss: process.resourceUsage().maxRSS * 1024, received: service.totals.received })}\n`);
};
let timer: NodeJS.Timeout | undefined;
let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  await service.stop();
  await pool.end();
  report('done');
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
// Loaded (workers included) before the first memory report, which tells the phase so. With
// BENCH_GO_FILE, consuming starts only once the phase says so (every process loaded): no
// process's start-up runs inside the timed span of the others.
await service.prepare();
report('mem');
timer = setInterval(() => report('mem'), 1000);
const go = process.env['BENCH_GO_FILE'];
while (go !== undefined && go !== '' && !fs.existsSync(go) && !stopping) await new Promise((r) => setTimeout(r, 50));
if (!stopping) {
  await service.consume();
  report('ready');
}
