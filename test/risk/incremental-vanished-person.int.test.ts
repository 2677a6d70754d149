/**
 * Incremental rescoring after a person vanishes: the only document of a person (an A009) is
 * invalidated by an X008, so the person's record, match and key go away (the matcher names the
 * company of the removed match). The person's hits are cleared and the company they named is rescored, as in a full run.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runMatch } from '../../lib/match/run-match.js';
import { createLogger } from '../../lib/log/logger.js';
import { markCompaniesDirty } from '../../lib/risk/dirty.js';
import { rescore, rescoreChanged } from '../../services/risk/risk-service.js';
import { flagContents, runScores } from '../support/risk-state.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { a009, A009_ID, envelope, ingestJson, x008, X008_ID } from '../support/invalidated-posting.js';

const logger = createLogger({ level: 'silent' });
const AS_OF = '2026-06-30';
let db: TestDatabase;

async function ingest(docs: Array<{ body: unknown; headers?: Record<string, string> }>): Promise<void> {
  const rejected = await ingestJson(db.pool, logger, docs);
  expect(rejected, JSON.stringify(rejected)).toEqual({});
}

const flags = (): Promise<string[]> => flagContents(db.pool);
const scores = (runId: number): Promise<Map<string, unknown>> => runScores(db.pool, runId);

beforeAll(async () => {
  db = await createTestDatabase();
  await ingest([{ body: a009, headers: envelope(A009_ID) }]);
  await runMatch(db.pool, { logger });
  await rescore(db.pool, logger, AS_OF);
}, 120_000);

afterAll(async () => {
  await db.drop();
});

test('the only document of a person is invalidated: incremental flags and scores equal a full run', { timeout: 120_000 }, async () => {
  const hits = await db.pool.query<{ company_key: string | null }>("SELECT company_key FROM flags WHERE scope = 'person'");
  // The premise: the person had hits naming the company, which is scored.
  const named = hits.rows.map((r) => r.company_key).filter((k): k is string => k !== null);
  expect(named.length).toBeGreaterThan(0);

  await ingest([{ body: x008, headers: envelope(X008_ID) }]);
  const matched = await runMatch(db.pool, { logger });
  expect(matched.removed).toBe(1);
  // What the matcher service does: mark what it names (here nothing), then wake the risk worker.
  await markCompaniesDirty(db.pool, matched.companyKeys);
  const incremental = await rescoreChanged(db.pool, logger, AS_OF);
  expect(incremental).not.toBeNull();
  const incFlags = await flags();
  const inc = await scores(incremental?.runId ?? 0);

  const full = await rescore(db.pool, logger, AS_OF);
  expect(incFlags).toEqual(await flags());
  expect(incFlags.filter((f) => f.includes(',person,'))).toEqual([]);
  expect(inc).toEqual(await scores(full.runId));
});
