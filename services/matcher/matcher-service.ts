/**
 * The matcher service: a BullMQ worker that runs an incremental match whenever ingestion says
 * something was stored. Jobs only wake it up (one waiting job at most, deduplicated); what to
 * redo is in the database (match_dirty), so a lost or collapsed job loses nothing.
 */
import type { Pool } from '../../lib/db/pool.js';
import type { Logger } from '../../lib/log/logger.js';
import type { JobQueue, JobWorker } from '../../lib/queue/types.js';
import { runMatch, type MatchRunResult } from '../../lib/match/run-match.js';
import { markCompaniesDirty } from '../../lib/risk/dirty.js';

export const MATCH_QUEUE = 'lac-match';
export const MATCH_JOB = 'match-pending';

export interface MatchJob {
  reason: string;
}

/** What ingestion calls after a batch stored something: at most one match job waits at a time. */
export async function requestMatch(queue: JobQueue<MatchJob>, reason: string): Promise<void> {
  await queue.add([{ name: MATCH_JOB, data: { reason }, dedupeId: MATCH_JOB }]);
}

export type StartWorker = (handler: (job: { name: string; data: MatchJob; id: string }) => Promise<MatchRunResult>) => JobWorker;

export class MatcherService {
  private worker: JobWorker | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly logger: Logger,
    private readonly startWorker: StartWorker,
    /**
     * Told after a run that matched subjects again (wakes the risk worker); the companies of those
     * subjects are first marked in risk_dirty, so collapsed wake-ups lose none of them.
     */
    private readonly onChanged?: (companyKeys: readonly string[]) => Promise<void>,
  ) {}

  private async run(): Promise<MatchRunResult> {
    const r = await runMatch(this.pool, { logger: this.logger });
    if (this.onChanged && (r.companyKeys.length > 0 || r.changed > 0 || r.removed > 0)) {
      await markCompaniesDirty(this.pool, r.companyKeys);
      await this.onChanged(r.companyKeys);
    }
    // The keys are in PostgreSQL now; the job's stored return value need not carry them.
    return { ...r, companyKeys: [] };
  }

  async start(): Promise<void> {
    // Whatever was ingested while no matcher ran is matched first. A database restarting right
    // now is waited for (with backoff): failing here would leave a process without a worker.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.run();
        break;
      } catch (err) {
        const delayMs = Math.min(30_000, 1_000 * 2 ** Math.min(attempt - 1, 5));
        this.logger.warn({ attempt, delayMs, error: (err as Error).message }, 'catch-up match failed; retrying');
        await new Promise((r) => setTimeout(r, delayMs));
      }
    }
    this.worker = this.startWorker(async (job) => {
      this.logger.debug({ job: job.id, reason: job.data.reason }, 'match job');
      return this.run();
    });
    this.logger.info({ queue: MATCH_QUEUE }, 'matcher running');
  }

  async stop(): Promise<void> {
    await this.worker?.close();
  }
}
