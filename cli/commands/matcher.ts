import type { Command } from 'commander';
import { required } from '../../lib/config/config.js';
import { createPool } from '../../lib/db/pool.js';
import { migrateAtStartup } from '../../lib/db/migrate.js';
import { BullQueue, startBullWorker } from '../../lib/queue/bullmq.js';
import { RISK_QUEUE, requestRescore, type RiskJob } from '../../services/risk/risk-service.js';
import { MATCH_QUEUE, MatcherService, type MatchJob } from '../../services/matcher/matcher-service.js';
import type { MatchRunResult } from '../../lib/match/run-match.js';
import { METRICS_PORT_HELP, opsFromConfig } from '../../lib/ops/from-config.js';
import { cliContext } from '../context.js';
import { onShutdown } from '../shutdown.js';

export function registerMatcher(program: Command): void {
  program
    .command('matcher')
    .description('long-running matcher worker (BullMQ): rematches what ingestion changed, incrementally')
    .option('--metrics-port <port>', METRICS_PORT_HELP)
    .action(async (opts: { metricsPort?: string }) => {
      const { config, logger } = cliContext('matcher');
      const url = required(config.databaseUrl, 'DATABASE_URL', 'to match documents');
      const redisUrl = required(config.redisUrl, 'REDIS_URL', 'to receive match jobs');
      await migrateAtStartup(url, config.dbSchema, { timeoutMs: config.startupTimeoutMs, logger });
      const pool = createPool({ connectionString: url, schema: config.dbSchema, applicationName: 'lac-matcher' });
      const bull = { redisUrl, prefix: config.queuePrefix };
      const ops = opsFromConfig('matcher', ['redis'], { config, pool, logger }, opts.metricsPort);
      ops.watchQueue(MATCH_QUEUE, bull);
      await ops.start();
      const riskQueue = new BullQueue<RiskJob>(RISK_QUEUE, { redisUrl, prefix: config.queuePrefix });
      const service = new MatcherService(
        pool,
        logger.child({ component: 'matcher' }),
        (handler) => {
          const w = startBullWorker<MatchJob, MatchRunResult>(MATCH_QUEUE, bull, ops.timed('match', handler));
          ops.watchWorker(w.worker, MATCH_QUEUE);
          return w;
        },
        () => requestRescore(riskQueue, 'matches changed'),
      );
      await service.start();
      await onShutdown(logger, async () => {
        ops.draining();
        await service.stop();
        await riskQueue.close();
        await ops.stop();
        await pool.end();
      });
    });
}
