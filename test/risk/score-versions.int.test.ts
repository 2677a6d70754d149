/**
 * Scores are stored as versions (migration 0019): a run writes only the companies whose score
 * content changed, every past run still reads exactly as it stood, and a company dropped by a run
 * is absent from it and from every later run while earlier runs keep it.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { runMatch } from '../../lib/match/run-match.js';
import { createLogger } from '../../lib/log/logger.js';
import { runScoring } from '../../lib/risk/run-scoring.js';
import { runCompanyControls, runPersonControls } from '../../lib/controls/run-controls.js';
import { COMPANY_CONTROLS, PERSON_CONTROLS } from '../../core/controls/catalog/index.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { runScores } from '../support/risk-state.js';

const logger = createLogger({ level: 'silent' });
const AS_OF = '2026-06-30';
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const corpus = corpusMessages({ seed: 29, seds: 400, declarations: 120, certificates: 150 });
  await new Ingestor({ pool: db.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger }).ingest(corpus.map((m) => asSourceMessage(m)));
  await runMatch(db.pool, { logger });
  await runPersonControls(db.pool, PERSON_CONTROLS, { asOf: AS_OF, logger });
  await runCompanyControls(db.pool, COMPANY_CONTROLS, { asOf: AS_OF, logger });
}, 120_000);
afterAll(async () => {
  await db.drop();
});

async function versions(): Promise<number> {
  return Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM risk_score_versions')).rows[0]?.n);
}

test('runs that change nothing write nothing; a change writes one version and leaves past runs as they were', async () => {
  const first = await runScoring(db.pool, { asOf: AS_OF, logger });
  const stored = await versions();
  expect(stored).toBe(first.companies);
  const firstScores = await runScores(db.pool, first.runId, { withRank: true });

  // A full run and an incremental run over the same evidence: same content, no new rows.
  const full = await runScoring(db.pool, { asOf: AS_OF, logger });
  const some = [...firstScores.keys()].slice(0, 5);
  const incremental = await runScoring(db.pool, { asOf: AS_OF, logger, companies: some });
  expect(incremental).toMatchObject({ incremental: true, rescored: 5, companies: first.companies });
  expect(await versions()).toBe(stored);
  expect(await runScores(db.pool, full.runId, { withRank: true })).toEqual(firstScores);
  expect(await runScores(db.pool, incremental.runId, { withRank: true })).toEqual(firstScores);

  // One company loses its flags: only its version changes.
  const flagged = await db.pool.query<{ company_key: string }>(
    "SELECT company_key FROM lac_run_scores($1) WHERE score > 0 ORDER BY rank LIMIT 1",
    [incremental.runId],
  );
  const target = flagged.rows[0]?.company_key as string;
  await db.pool.query('DELETE FROM flags WHERE company_key = $1', [target]);
  const changed = await runScoring(db.pool, { asOf: AS_OF, logger, companies: [target] });
  expect(await versions()).toBe(stored + 1);
  const now = await runScores(db.pool, changed.runId);
  expect((now.get(target) as { score: number }).score).toBeLessThan((firstScores.get(target) as { score: number }).score);
  // Past runs read as they stood.
  expect(await runScores(db.pool, first.runId, { withRank: true })).toEqual(firstScores);
  expect(await runScores(db.pool, incremental.runId, { withRank: true })).toEqual(firstScores);
  const closed = await db.pool.query<{ to_run: string | null }>(
    'SELECT to_run FROM risk_score_versions WHERE company_key = $1 ORDER BY from_run',
    [target],
  );
  expect(closed.rows.map((r) => (r.to_run === null ? null : Number(r.to_run)))).toEqual([changed.runId, null]);
});

test('a company asked for but no longer known is dropped from that run on, and kept in earlier runs', async () => {
  const before = await runScoring(db.pool, { asOf: AS_OF, logger });
  // A company that run scored and that no source names any more (its documents were purged or
  // corrected since): its version as the run would have written it.
  await db.pool.query(
    `INSERT INTO risk_score_versions (company_key, from_run, name, country, ids, score, band, red_flag, contributions, counts, explanation)
     VALUES ('k:gone', $1, 'Gone Ltd', 'PL', '[]', 40, 'medium', false, '[]', '{}', '{}')`,
    [before.runId],
  );
  expect((await runScores(db.pool, before.runId)).has('k:gone')).toBe(true);
  const dropped = await runScoring(db.pool, { asOf: AS_OF, logger, companies: ['k:gone'] });
  expect(dropped).toMatchObject({ incremental: true, rescored: 0, companies: before.companies });
  expect((await runScores(db.pool, dropped.runId)).has('k:gone')).toBe(false);
  expect((await runScores(db.pool, before.runId)).has('k:gone')).toBe(true);
  const later = await runScoring(db.pool, { asOf: AS_OF, logger });
  expect((await runScores(db.pool, later.runId)).has('k:gone')).toBe(false);
});
