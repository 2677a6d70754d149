/**
 * The risk service: a BullMQ worker that rescores companies.
 * - `rescore-changed` (deduplicated wake-ups from the matcher): only the companies marked in
 *   risk_dirty are re-evaluated (their workers' controls, their own signals, their scores); the new
 *   run carries every other company over unchanged. The keys live in PostgreSQL, not in the job,
 *   so wake-ups collapsing into one job lose nothing.
 * - `rescore` (the BullMQ job scheduler, and `lac score`): everything, so date-driven controls (a
 *   posting passing 24 months) move without new documents.
 */
import type { Pool } from '../../lib/db/pool.js';
import type { Logger } from '../../lib/log/logger.js';
import type { JobQueue, JobWorker } from '../../lib/queue/types.js';
import { COMPANY_CONTROLS, PERSON_CONTROLS } from '../../core/controls/catalog/index.js';
import { runCompanyControls, runPersonControls } from '../../lib/controls/run-controls.js';
import { hasComparableRun, runScoring, type ScoringResult } from '../../lib/risk/run-scoring.js';
import { clearDirty, readDirty } from '../../lib/risk/dirty.js';
import { companiesOfPersons, orphanPersonFlags } from '../../lib/risk/companies-of-persons.js';
import { personsOfCompanies } from '../../lib/risk/persons-of-companies.js';
import { analyzeIfStale } from '../../lib/db/analyze-if-stale.js';

export const RISK_QUEUE = 'lac-risk';
/** Full rescoring (scheduled). */
export const RISK_JOB = 'rescore';
/** Rescoring of the companies whose evidence changed (wake-up from the matcher). */
export const RISK_CHANGED_JOB = 'rescore-changed';

export interface RiskJob {
  reason: string;
}

/** What the matcher calls after marking changed companies: at most one such job waits at a time. */
export async function requestRescore(queue: JobQueue<RiskJob>, reason: string): Promise<void> {
  await queue.add([{ name: RISK_CHANGED_JOB, data: { reason }, dedupeId: RISK_CHANGED_JOB }]);
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Controls, then scores, for every company, as of today (UTC). Clears the changed-companies marks it covers. */
export async function rescore(pool: Pool, logger: Logger, asOf = today()): Promise<ScoringResult> {
  const dirty = await readDirty(pool);
  await runPersonControls(pool, PERSON_CONTROLS, { asOf, logger });
  await runCompanyControls(pool, COMPANY_CONTROLS, { asOf, logger });
  const r = await runScoring(pool, { asOf, logger });
  await clearDirty(pool, dirty);
  return r;
}

/**
 * Rescoring of the companies marked in risk_dirty: the controls of every person they concern
 * (matched workers, holders of their certificates, persons whose hits name them; and so of the
 * other companies those persons' flags concern, before and after, and of the hits of vanished
 * person keys), their company signals, and a new run where only they are recomputed. Null when
 * nothing is marked and no flag of a vanished person key waits to be cleared.
 */
export async function rescoreChanged(pool: Pool, logger: Logger, asOf = today()): Promise<ScoringResult | null> {
  const dirty = await readDirty(pool);
  // Right after bulk writes (a backlog, a full run) the planner may take these tables for a
  // handful of rows; the lookups below and the controls' loaders rely on their statistics.
  await analyzeIfStale(pool, DISCOVERY_TABLES);
  // Person controls clear the flags of person keys that no longer exist (a person whose only
  // document was invalidated: the matcher names no company then): their companies lose those hits.
  const orphaned = await orphanPersonFlags(pool);
  if (dirty.companyKeys.length === 0 && !orphaned.any) return null;
  // Nothing to build on (first run, or new rule-set or catalogue): everything is scored.
  if (!(await hasComparableRun(pool))) return rescore(pool, logger, asOf);
  // Every person the changed companies concern, certificate-only holders included (no matches).
  const ms: Record<string, number> = {};
  let mark = Date.now();
  const lap = (name: string): void => {
    const now = Date.now();
    ms[name] = now - mark;
    mark = now;
  };
  const persons = await personsOfCompanies(pool, dirty.companyKeys);
  const before = await companiesOfPersons(pool, persons);
  lap('findPersons');
  await runPersonControls(pool, PERSON_CONTROLS, { asOf, logger, personKeys: persons });
  lap('personControls');
  const after = await companiesOfPersons(pool, persons);
  const companies = [...new Set([...dirty.companyKeys, ...before, ...orphaned.companyKeys, ...after])].sort();
  const evaluated = await runCompanyControls(pool, COMPANY_CONTROLS, { asOf, logger, companies });
  lap('companyControls');
  // Evaluated adds the companies sharing an address; a company no longer known at all is only in
  // `companies`, and must be scored (dropped from the run), not carried over.
  const r = await runScoring(pool, { asOf, logger, companies: [...new Set([...companies, ...evaluated.companyKeys])].sort() });
  await clearDirty(pool, dirty);
  lap('scoring');
  // Counts only: person keys are personal data, and the logger redacts `persons` fields.
  logger.info({ marked: dirty.companyKeys.length, personCount: persons.length, companies: companies.length, runId: r.runId, ms }, 'changed companies rescored');
  return r;
}

/** The tables the changed-companies lookups read, with the columns they join and filter on. */
const DISCOVERY_TABLES: Record<string, string> = {
  person_records: 'ref, person_key, source_kind', matches: 'company_key, person_key', flags: 'company_key, person_key, scope, scope_key',
  certificates: 'certificate_number', certificate_events: 'certificate_number', seds: 'id, document_id', sed_employers: 'sed_id, role',
  declarations: 'id, declaration_id, is_current',
};

/** A wake-up that found no company marked (an earlier job already took them): no run stored, runId 0. */
export const NOTHING_RESCORED: ScoringResult = { runId: 0, companies: 0, bands: {}, rescored: 0, incremental: true };

export type StartRiskWorker = (handler: (job: { name: string; data: RiskJob; id: string }) => Promise<ScoringResult>) => JobWorker;

export class RiskService {
  private worker: JobWorker | null = null;

  constructor(private readonly pool: Pool, private readonly logger: Logger, private readonly startWorker: StartRiskWorker) {}

  start(): void {
    this.worker = this.startWorker(async (job) => {
      this.logger.debug({ job: job.id, name: job.name, reason: job.data.reason }, 'rescore job');
      if (job.name === RISK_CHANGED_JOB) return (await rescoreChanged(this.pool, this.logger)) ?? NOTHING_RESCORED;
      return rescore(this.pool, this.logger);
    });
    this.logger.info({ queue: RISK_QUEUE }, 'risk worker running');
  }

  async stop(): Promise<void> {
    await this.worker?.close();
  }
}
