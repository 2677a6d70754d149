/**
 * The risk service: a BullMQ worker that re-runs the controls and stores a new scoring run when
 * matching changed something (deduplicated wake-ups), and on a schedule (a BullMQ job scheduler)
 * so date-driven controls (a posting passing 24 months) move without new documents.
 */
import type { Pool } from '../../lib/db/pool.js';
import type { Logger } from '../../lib/log/logger.js';
import type { JobQueue, JobWorker } from '../../lib/queue/types.js';
import { COMPANY_CONTROLS, PERSON_CONTROLS } from '../../core/controls/catalog/index.js';
import { runCompanyControls, runPersonControls } from '../../lib/controls/run-controls.js';
import { runScoring, type ScoringResult } from '../../lib/risk/run-scoring.js';

export const RISK_QUEUE = 'lac-risk';
export const RISK_JOB = 'rescore';

export interface RiskJob {
  reason: string;
}

export async function requestRescore(queue: JobQueue<RiskJob>, reason: string): Promise<void> {
  await queue.add([{ name: RISK_JOB, data: { reason }, dedupeId: RISK_JOB }]);
}

/** Controls, then scores, as of today (UTC). */
export async function rescore(pool: Pool, logger: Logger, asOf = new Date().toISOString().slice(0, 10)): Promise<ScoringResult> {
  await runPersonControls(pool, PERSON_CONTROLS, { asOf, logger });
  await runCompanyControls(pool, COMPANY_CONTROLS, { asOf, logger });
  return runScoring(pool, { asOf, logger });
}

export type StartRiskWorker = (handler: (job: { name: string; data: RiskJob; id: string }) => Promise<ScoringResult>) => JobWorker;

export class RiskService {
  private worker: JobWorker | null = null;

  constructor(private readonly pool: Pool, private readonly logger: Logger, private readonly startWorker: StartRiskWorker) {}

  start(): void {
    this.worker = this.startWorker(async (job) => {
      this.logger.debug({ job: job.id, reason: job.data.reason }, 'rescore job');
      return rescore(this.pool, this.logger);
    });
    this.logger.info({ queue: RISK_QUEUE }, 'risk worker running');
  }

  async stop(): Promise<void> {
    await this.worker?.close();
  }
}
