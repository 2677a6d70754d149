/** `lac dlq list|retry`: dead letters are listed; after a fix (here: a larger size limit) a retry stores them once. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { retryDeadLetters } from '../../lib/ingest/retry-dead-letters.js';
import { createLogger } from '../../lib/log/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { runLac } from '../support/cli.js';

const logger = createLogger({ level: 'silent' });
const corpus = corpusMessages({ seed: 5, seds: 60, declarations: 10, certificates: 10, duplicateRate: 0, newVersionRate: 0 });
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

test('documents rejected under a tight limit are stored by a retry under the right one, once', async () => {
  const tight = new Ingestor({ pool: db.pool, limits: { maxBytes: 1500, maxDepth: 64 }, logger });
  const first = await tight.ingest(corpus.map((m) => asSourceMessage(m)));
  const tooLarge = first.rejected.TOO_LARGE ?? 0;
  expect(tooLarge).toBeGreaterThan(10);

  const list = await runLac(['dlq', 'list', '--code', 'TOO_LARGE', '--json', '--limit', '1000'], db.env);
  expect(list.code, list.stderr).toBe(0);
  expect(list.stdout.trim().split('\n')).toHaveLength(tooLarge);

  const retried = await retryDeadLetters(db.pool, { maxBytes: 5 * 1024 * 1024, maxDepth: 64 }, { code: 'TOO_LARGE', batchSize: 7 });
  expect(retried.retried).toBe(tooLarge);
  expect(retried.resolved).toBe(tooLarge);

  const open = await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM dead_letters WHERE status = 'open'");
  expect(Number(open.rows[0]?.n)).toBe(0);
  const raw = await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM raw_messages WHERE outcome = 'rejected'");
  expect(Number(raw.rows[0]?.n)).toBe(0);

  // A second retry finds nothing; a full re-ingest of the corpus stores nothing new.
  const again = await runLac(['dlq', 'retry'], db.env);
  expect(again.code, again.stderr).toBe(0);
  expect(again.stdout).toContain('retried 0, resolved 0');
  const wide = new Ingestor({ pool: db.pool, limits: { maxBytes: 5 * 1024 * 1024, maxDepth: 64 }, logger });
  const replay = await wide.ingest(corpus.map((m) => asSourceMessage(m)));
  expect(replay.duplicates).toBe(corpus.length);
});
