import type { Command } from 'commander';
import { required } from '../../lib/config/config.js';
import { createPool } from '../../lib/db/pool.js';
import { migrateAtStartup } from '../../lib/db/migrate.js';
import { pseudonymiserFromEnv } from '../../lib/export/pseudonymise.js';
import { BullQueue, startBullWorker } from '../../lib/queue/bullmq.js';
import { runRetention, type RetentionResult } from '../../lib/retention/run-retention.js';
import { recentRetentionRuns } from '../../lib/retention/sql-runs.js';
import { parseDuration, retentionAgesFromEnv, type RetentionAges } from '../../lib/retention/settings.js';
import { RETENTION_JOB, RETENTION_QUEUE, RETENTION_SCHEDULER, startRetentionService, type RetentionJob } from '../../lib/retention/worker.js';
import { cliContext } from '../context.js';
import { withDatabase } from '../db-command.js';
import { onShutdown } from '../shutdown.js';

const AGES_HELP = `
Ages come from LAC_RETENTION_RAW_DAYS (raw document bytes, default 730) and
LAC_RETENTION_PERSONAL_DAYS (names, birth dates, PINs, addresses, default 1825), counted from
when LAC received the document; --older-than sets both for one run. Raw bytes also go at the
personal age when that is shorter (they hold the same personal data). Names and PINs become
keyed pseudonyms (LAC_PSEUDONYM_SECRET, required unless --dry-run); birth dates are cleared.
Kept: message hashes (a replayed purged document is still a duplicate), periods, states,
articles, employers, certificate numbers, matches, flags and risk runs.`;

function ages(olderThan: string | undefined): RetentionAges {
  if (olderThan === undefined) return retentionAgesFromEnv();
  const ms = parseDuration(olderThan);
  return { rawMs: ms, personalMs: ms };
}

function summary(r: RetentionResult): string {
  const c = r.counts;
  const verb = r.dryRun ? 'would purge' : 'purged';
  return (
    `retention run ${r.runId}${r.dryRun ? ' (dry run)' : ''}: raw bytes before ${r.cutoffs.raw.toISOString()}, personal fields before ${r.cutoffs.personal.toISOString()}\n` +
    `  ${verb} raw messages ${c.rawMessages} (dead letters among them ${c.deadLetters})\n` +
    `  ${verb} personal fields of seds ${c.seds}, declarations ${c.declarations}, certificate events ${c.certificateEvents}` +
    (r.dryRun ? '\n' : `, certificates ${c.certificates}; person records frozen ${c.personRecords}\n`)
  );
}

export function registerRetention(program: Command): void {
  const retention = program.command('retention').description('purge raw documents and personal fields past their retention age').addHelpText('after', AGES_HELP);
  retention
    .command('run')
    .description('purge once, in batches, and record the run (a second run changes nothing)')
    .option('--dry-run', 'count what would be purged, change nothing')
    .option('--older-than <duration>', 'one age for raw bytes and personal fields in this run: 730d, 104w, 2y, 36h')
    .option('--batch-size <n>', 'rows per transaction', '1000')
    .option('--json', 'print the result as one JSON object')
    .addHelpText('after', AGES_HELP)
    .action(async (opts: { dryRun?: boolean; olderThan?: string; batchSize: string; json?: boolean }) => {
      const batchSize = Number(opts.batchSize);
      if (!Number.isSafeInteger(batchSize) || batchSize <= 0) throw new Error(`--batch-size: "${opts.batchSize}" is not a positive integer`);
      const a = ages(opts.olderThan);
      // Checked before any work: a purge without the key would have to stop half-way.
      const pseudonymiser = opts.dryRun === true ? null : pseudonymiserFromEnv();
      await withDatabase('retention', 'to purge old data', async ({ pool, logger }) => {
        const onProgress = process.stderr.isTTY
          ? (phase: string, done: number): void => void process.stderr.write(`\rretention: ${phase} ${done}        `)
          : undefined;
        const r = await runRetention(pool, { ages: a, pseudonymiser, dryRun: opts.dryRun === true, batchSize, logger, ...(onProgress ? { onProgress } : {}) });
        if (onProgress) process.stderr.write('\n');
        process.stdout.write(opts.json ? `${JSON.stringify(r)}\n` : summary(r));
      });
    });
  retention
    .command('list')
    .description('recent retention runs with their cut-offs and counts')
    .option('--limit <n>', 'at most this many', '20')
    .action(async (opts: { limit: string }) => {
      await withDatabase('retention', 'to read retention runs', async ({ pool }) => {
        const client = await pool.connect();
        try {
          for (const r of await recentRetentionRuns(client, Number(opts.limit))) process.stdout.write(`${JSON.stringify(r)}\n`);
        } finally {
          client.release();
        }
      });
    });
  retention
    .command('worker')
    .description('long-running retention worker (BullMQ): a job scheduler runs a retention run every --every hours')
    .option('--every <hours>', 'interval between runs', '24')
    .addHelpText('after', AGES_HELP)
    .action(async (opts: { every: string }) => {
      const every = Number(opts.every);
      if (!Number.isFinite(every) || every <= 0) throw new Error(`--every: "${opts.every}" is not a positive number of hours`);
      const a = retentionAgesFromEnv();
      const pseudonymiser = pseudonymiserFromEnv();
      const { config, logger } = cliContext('retention');
      const url = required(config.databaseUrl, 'DATABASE_URL', 'to purge old data');
      const redisUrl = required(config.redisUrl, 'REDIS_URL', 'to schedule retention runs');
      await migrateAtStartup(url, config.dbSchema, { timeoutMs: config.startupTimeoutMs, logger });
      const pool = createPool({ connectionString: url, schema: config.dbSchema, applicationName: 'lac-retention' });
      const bull = { redisUrl, prefix: config.queuePrefix };
      const queue = new BullQueue<RetentionJob>(RETENTION_QUEUE, bull);
      await queue.schedule(RETENTION_SCHEDULER, every * 3_600_000, { name: RETENTION_JOB, data: { reason: 'schedule' } });
      const worker = startRetentionService(pool, { ages: a, pseudonymiser, logger: logger.child({ component: 'retention' }) }, (handler) =>
        startBullWorker<RetentionJob, RetentionResult>(RETENTION_QUEUE, bull, handler),
      );
      await onShutdown(logger, async () => {
        await worker.close();
        await queue.close();
        await pool.end();
      });
    });
}
