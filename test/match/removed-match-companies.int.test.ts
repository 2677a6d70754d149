/**
 * A match that goes away (its SED invalidated by an X008) takes a worker from its company: the
 * matcher hands that company to the risk worker, in an incremental run as in a full one, even when
 * no other subject names it (the risk worker would otherwise keep its worker counts as they were).
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { runMatch } from '../../lib/match/run-match.js';
import { createLogger } from '../../lib/log/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { a009, A009_ID, envelope, ingestJson, x008, X008_ID } from '../support/invalidated-posting.js';

const logger = createLogger({ level: 'silent' });
let db: TestDatabase;

beforeEach(async () => {
  db = await createTestDatabase();
  expect(await ingestJson(db.pool, logger, [{ body: a009, headers: envelope(A009_ID) }])).toEqual({});
  await runMatch(db.pool, { logger });
}, 120_000);

afterEach(async () => {
  await db.drop();
});

async function companyOfTheMatch(): Promise<string> {
  const r = await db.pool.query<{ company_key: string | null }>("SELECT company_key FROM matches WHERE subject_type = 'sed' AND subject_ref = $1", [A009_ID]);
  const key = r.rows[0]?.company_key ?? null;
  expect(key, 'the A009 is matched and names its employer').not.toBeNull();
  return key as string;
}

test.each([
  ['incremental', false],
  ['full', true],
])('%s run: the company of a removed match is handed on', async (_name, all) => {
  const company = await companyOfTheMatch();
  expect(await ingestJson(db.pool, logger, [{ body: x008, headers: envelope(X008_ID) }])).toEqual({});
  const run = await runMatch(db.pool, { logger, all });
  expect(run.removed).toBe(1);
  expect(run.companyKeys).toEqual([company]);
  const left = await db.pool.query('SELECT 1 FROM matches');
  expect(left.rowCount).toBe(0);
});
