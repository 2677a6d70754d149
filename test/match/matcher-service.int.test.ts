/** The matcher worker on the real Redis: ingestion's wake-up jobs collapse into one, and the worker matches what was stored. */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { createLogger } from '../../lib/log/logger.js';
import { BullQueue, startBullWorker } from '../../lib/queue/bullmq.js';
import type { MatchRunResult } from '../../lib/match/run-match.js';
import { MATCH_QUEUE, MatcherService, requestMatch, type MatchJob } from '../../services/matcher/matcher-service.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { createTestDatabase, uniqueName, type TestDatabase } from '../support/db.js';
import { waitFor } from '../support/wait.js';

const logger = createLogger({ level: 'silent' });
const settings = { redisUrl: inject('services').REDIS_URL, prefix: uniqueName('lac-test') };
let db: TestDatabase;
const queue = new BullQueue<MatchJob>(MATCH_QUEUE, settings);

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await queue.queue.obliterate({ force: true });
  await queue.close();
  await db.drop();
});

test('wake-up jobs are deduplicated and the worker matches what ingestion stored', async () => {
  const service = new MatcherService(db.pool, logger, (handler) => startBullWorker<MatchJob, MatchRunResult>(MATCH_QUEUE, settings, handler));
  await service.start();
  try {
    // Nothing stored yet: no matches.
    expect((await db.pool.query('SELECT 1 FROM matches')).rows.length).toBe(0);
    await queue.queue.pause();
    const corpus = corpusMessages({ seed: 61, seds: 200, declarations: 60, certificates: 80 });
    await new Ingestor({ pool: db.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger }).ingest(corpus.map((m) => asSourceMessage(m)));
    for (let i = 0; i < 5; i++) await requestMatch(queue, `batch ${i}`);
    expect(await queue.queue.getWaitingCount()).toBe(1);
    await queue.queue.resume();
    await waitFor(async () => (await db.pool.query('SELECT 1 FROM matches')).rows.length > 50, 60_000);
    await waitFor(async () => (await queue.queue.getCompletedCount()) >= 1, 30_000);
    const dirty = await db.pool.query('SELECT 1 FROM match_dirty');
    expect(dirty.rows.length).toBe(0);
  } finally {
    await service.stop();
  }
});
