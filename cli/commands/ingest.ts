import type { Command } from 'commander';
import { required } from '../../lib/config/config.js';
import { createPool } from '../../lib/db/pool.js';
import { migrateAtStartup } from '../../lib/db/migrate.js';
import { checkVerifySecret } from '../../lib/verify/secrets.js';
import { createKafka } from '../../lib/kafka/client.js';
import { IngestService } from '../../services/ingest/ingest-service.js';
import { BullQueue } from '../../lib/queue/bullmq.js';
import { MATCH_QUEUE, requestMatch, type MatchJob } from '../../services/matcher/matcher-service.js';
import { METRICS_PORT_HELP, opsFromConfig } from '../../lib/ops/from-config.js';
import { cliContext } from '../context.js';
import { onShutdown } from '../shutdown.js';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('long-running ingest service: consumes SEDs, declarations and certificates from Kafka into PostgreSQL')
    .option('--reset-offsets <from>', 'replay the topics from `earliest` or an ISO timestamp before starting')
    .option('--metrics-port <port>', METRICS_PORT_HELP)
    .action(async (opts: { resetOffsets?: string; metricsPort?: string }) => {
      const { config, logger } = cliContext('ingest');
      const url = required(config.databaseUrl, 'DATABASE_URL', 'to store documents');
      const brokers = required(config.kafkaBrokers, 'KAFKA_BROKERS', 'to consume the input topics');
      // Certificate events are stored with their security code hashed: no key, no start.
      checkVerifySecret();
      await migrateAtStartup(url, config.dbSchema, { timeoutMs: config.startupTimeoutMs, logger });
      const pool = createPool({ connectionString: url, schema: config.dbSchema, applicationName: 'lac-ingest' });
      const ops = opsFromConfig('ingest', ['kafka'], { config, pool, logger }, opts.metricsPort);
      await ops.start();
      const kafka = createKafka({ brokers, clientId: `${config.kafkaClientId}-ingest`, logger });
      // With Redis, each batch that stored something wakes the matcher (one deduplicated job).
      const matchQueue = config.redisUrl === null ? null : new BullQueue<MatchJob>(MATCH_QUEUE, { redisUrl: config.redisUrl, prefix: config.queuePrefix });
      const service = new IngestService({
        config, pool, kafka, logger, ops,
        ...(opts.resetOffsets === undefined ? {} : { resetOffsets: opts.resetOffsets }),
        ...(matchQueue === null ? {} : { onStored: () => requestMatch(matchQueue, 'ingest') }),
      });
      await service.start();
      await onShutdown(logger, async () => {
        ops.draining();
        await service.stop();
        await matchQueue?.close();
        await ops.stop();
        await pool.end();
        logger.info({ totals: service.totals }, 'ingest service stopped');
      });
    });
}
