import type { Command } from 'commander';
import { required } from '../../lib/config/config.js';
import { createPool } from '../../lib/db/pool.js';
import { migrateAtStartup } from '../../lib/db/migrate.js';
import { BullQueue, startBullWorker } from '../../lib/queue/bullmq.js';
import type { ScoringResult } from '../../lib/risk/run-scoring.js';
import { RISK_JOB, RISK_QUEUE, RiskService, type RiskJob } from '../../services/risk/risk-service.js';
import { METRICS_PORT_HELP, opsFromConfig } from '../../lib/ops/from-config.js';
import { cliContext } from '../context.js';
import { onShutdown } from '../shutdown.js';

export function registerRisk(program: Command): void {
  program
    .command('risk')
    .description('long-running risk worker (BullMQ): re-runs controls and scores when matches change, and on a schedule')
    .option('--every <minutes>', 'full rescoring interval (job scheduler)', '1440')
    .option('--metrics-port <port>', METRICS_PORT_HELP)
    .action(async (opts: { every: string; metricsPort?: string }) => {
      const every = Number(opts.every);
      if (!Number.isFinite(every) || every <= 0) throw new Error(`--every: "${opts.every}" is not a positive number of minutes`);
      const { config, logger } = cliContext('risk');
      const url = required(config.databaseUrl, 'DATABASE_URL', 'to score companies');
      const redisUrl = required(config.redisUrl, 'REDIS_URL', 'to receive rescoring jobs');
      await migrateAtStartup(url, config.dbSchema, { timeoutMs: config.startupTimeoutMs, logger });
      const pool = createPool({ connectionString: url, schema: config.dbSchema, applicationName: 'lac-risk' });
      const bull = { redisUrl, prefix: config.queuePrefix };
      const ops = opsFromConfig('risk', ['redis'], { config, pool, logger }, opts.metricsPort);
      ops.watchQueue(RISK_QUEUE, bull);
      await ops.start();
      const queue = new BullQueue<RiskJob>(RISK_QUEUE, bull);
      await queue.schedule('lac-risk-full', every * 60_000, { name: RISK_JOB, data: { reason: 'schedule' } });
      const service = new RiskService(pool, logger.child({ component: 'risk' }), (handler) => {
        const w = startBullWorker<RiskJob, ScoringResult>(RISK_QUEUE, bull, ops.timed('score', handler));
        ops.watchWorker(w.worker, RISK_QUEUE);
        return w;
      });
      service.start();
      await onShutdown(logger, async () => {
        ops.draining();
        await service.stop();
        await queue.close();
        await ops.stop();
        await pool.end();
      });
    });
}
