/**
 * The risk worker on the real Redis: a matcher run that changes matches wakes it (deduplicated
 * job) and it stores a new scoring run; the job scheduler adds runs on its own.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { createLogger } from '../../lib/log/logger.js';
import { BullQueue, startBullWorker } from '../../lib/queue/bullmq.js';
import type { MatchRunResult } from '../../lib/match/run-match.js';
import type { ScoringResult } from '../../lib/risk/run-scoring.js';
import { MATCH_QUEUE, MatcherService, requestMatch, type MatchJob } from '../../services/matcher/matcher-service.js';
import { RISK_JOB, RISK_QUEUE, RiskService, requestRescore, type RiskJob } from '../../services/risk/risk-service.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { createTestDatabase, uniqueName, type TestDatabase } from '../support/db.js';
import { waitFor } from '../support/wait.js';

const logger = createLogger({ level: 'silent' });
const bull = { redisUrl: inject('services').REDIS_URL, prefix: uniqueName('lac-risk') };
const matchQueue = new BullQueue<MatchJob>(MATCH_QUEUE, bull);
const riskQueue = new BullQueue<RiskJob>(RISK_QUEUE, bull);
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await matchQueue.queue.obliterate({ force: true });
  await riskQueue.queue.obliterate({ force: true });
  await Promise.all([matchQueue.close(), riskQueue.close()]);
  await db.drop();
});

async function runs(): Promise<number> {
  const r = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM risk_runs WHERE finished_at IS NOT NULL');
  return Number(r.rows[0]?.n);
}

test('matches that change wake the risk worker; the scheduler adds runs on its own', { timeout: 120_000 }, async () => {
  const risk = new RiskService(db.pool, logger, (h) => startBullWorker<RiskJob, ScoringResult>(RISK_QUEUE, bull, h));
  const matcher = new MatcherService(db.pool, logger, (h) => startBullWorker<MatchJob, MatchRunResult>(MATCH_QUEUE, bull, h), () => requestRescore(riskQueue, 'test'));
  risk.start();
  await matcher.start();
  try {
    expect(await runs()).toBe(0);
    const corpus = corpusMessages({ seed: 91, seds: 300, declarations: 100, certificates: 120 });
    await new Ingestor({ pool: db.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger }).ingest(corpus.map((m) => asSourceMessage(m)));
    await requestMatch(matchQueue, 'test');
    await waitFor(async () => (await runs()) >= 1, 60_000);
    const scored = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM risk_score_versions');
    expect(Number(scored.rows[0]?.n)).toBeGreaterThan(0);

    const before = await runs();
    await riskQueue.schedule(uniqueName('every'), 1_000, { name: RISK_JOB, data: { reason: 'schedule' } });
    await waitFor(async () => (await runs()) >= before + 2, 60_000);
  } finally {
    await matcher.stop();
    await risk.stop();
  }
});
