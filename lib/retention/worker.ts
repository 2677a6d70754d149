/**
 * The scheduled retention job: a BullMQ job scheduler adds one job per interval (one scheduler
 * whatever the number of processes), and a worker runs `runRetention` for it. A run is
 * idempotent, so a job retried after a crash only finishes what the first attempt left.
 */
import type { Pool } from '../db/pool.js';
import type { Logger } from '../log/logger.js';
import type { JobWorker } from '../queue/types.js';
import type { Pseudonymiser } from '../export/pseudonymise.js';
import { runRetention, type RetentionResult } from './run-retention.js';
import type { RetentionAges } from './settings.js';

export const RETENTION_QUEUE = 'lac-retention';
export const RETENTION_JOB = 'retention-run';
export const RETENTION_SCHEDULER = 'lac-retention-daily';

export interface RetentionJob {
  reason: string;
}

export type StartRetentionWorker = (handler: (job: { name: string; data: RetentionJob; id: string }) => Promise<RetentionResult>) => JobWorker;

export function startRetentionService(
  pool: Pool,
  settings: { ages: RetentionAges; pseudonymiser: Pseudonymiser; logger: Logger },
  startWorker: StartRetentionWorker,
): JobWorker {
  const worker = startWorker(async (job) => {
    settings.logger.debug({ job: job.id, reason: job.data.reason }, 'retention job');
    return runRetention(pool, { ages: settings.ages, pseudonymiser: settings.pseudonymiser, logger: settings.logger });
  });
  settings.logger.info({ queue: RETENTION_QUEUE }, 'retention worker running');
  return worker;
}
