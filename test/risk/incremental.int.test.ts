/**
 * Incremental rescoring on the real PostgreSQL: after new documents arrive, rescoring only the
 * companies the matcher reports gives exactly the scores of a full rescore; companies not
 * rescored are carried over unchanged; and `--as-of` still reproduces each past run.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { runMatch } from '../../lib/match/run-match.js';
import { createLogger } from '../../lib/log/logger.js';
import { clearDirty, markCompaniesDirty, readDirty } from '../../lib/risk/dirty.js';
import { rescore, rescoreChanged } from '../../services/risk/risk-service.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { runLac } from '../support/cli.js';

const logger = createLogger({ level: 'silent' });
const AS_OF = '2026-06-30';
let db: TestDatabase;
let ingestor: Ingestor;
const corpus = corpusMessages({ seed: 83, seds: 900, declarations: 300, certificates: 360 });
const cut = corpus.length - 12;

interface Row { company_key: string; score: number; band: string; rank: number; red_flag: boolean; contributions: unknown; counts: unknown; explanation: string[] }

async function rows(runId: number): Promise<Map<string, Row>> {
  const r = await db.pool.query<Row>(
    'SELECT company_key, score, band, rank, red_flag, contributions, counts, explanation FROM lac_run_scores($1)',
    [runId],
  );
  return new Map(r.rows.map((x) => [x.company_key, x]));
}

beforeAll(async () => {
  db = await createTestDatabase();
  ingestor = new Ingestor({ pool: db.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger });
  await ingestor.ingest(corpus.slice(0, cut).map((m) => asSourceMessage(m)));
  await runMatch(db.pool, { logger });
}, 120_000);
afterAll(async () => {
  await db.drop();
});

test('marks are removed only as read: a company marked again meanwhile stays marked', async () => {
  await markCompaniesDirty(db.pool, ['k:a', 'k:b']);
  const snapshot = await readDirty(db.pool);
  await markCompaniesDirty(db.pool, ['k:b']);
  await clearDirty(db.pool, snapshot);
  expect((await readDirty(db.pool)).companyKeys).toEqual(['k:b']);
  await clearDirty(db.pool, await readDirty(db.pool));
  expect((await readDirty(db.pool)).companyKeys).toEqual([]);
});

test('an incremental rescore after new documents equals a full rescore; untouched companies are carried over', { timeout: 240_000 }, async () => {
  const first = await rescore(db.pool, logger, AS_OF);
  const before = await rows(first.runId);
  const exportedFirst = await runLac(['export', 'risk', '--format', 'jsonl', '--as-of', AS_OF], db.env);
  expect(exportedFirst.code, exportedFirst.stderr).toBe(0);

  // New documents: the matcher reports the companies whose evidence they touch.
  await ingestor.ingest(corpus.slice(cut).map((m) => asSourceMessage(m)));
  const matched = await runMatch(db.pool, { logger });
  expect(matched.companyKeys.length).toBeGreaterThan(0);
  await markCompaniesDirty(db.pool, matched.companyKeys);

  const incremental = await rescoreChanged(db.pool, logger, AS_OF);
  expect(incremental?.incremental).toBe(true);
  expect(incremental?.rescored).toBeGreaterThan(0);
  expect(incremental?.rescored).toBeLessThan(incremental?.companies ?? 0);
  expect((await readDirty(db.pool)).companyKeys).toEqual([]);
  const inc = await rows(incremental?.runId ?? 0);

  const full = await rescore(db.pool, logger, AS_OF);
  const all = await rows(full.runId);
  expect([...inc.keys()].sort()).toEqual([...all.keys()].sort());
  for (const [k, r] of all) expect(inc.get(k), k).toEqual(r);

  // Companies the new documents did not touch kept their earlier row.
  const touched = new Set(matched.companyKeys);
  const untouched = [...before.keys()].filter((k) => !touched.has(k));
  expect(untouched.length).toBeGreaterThan(0);
  let same = 0;
  for (const k of untouched) {
    const { rank: _a, ...was } = before.get(k) as Row;
    const { rank: _b, ...now } = inc.get(k) as Row;
    if (JSON.stringify(was) === JSON.stringify(now)) same += 1;
  }
  expect(same).toBe(untouched.filter((k) => inc.has(k)).length);
  expect(new Set([...inc.values()].map((r) => r.rank)).size).toBe(inc.size);

  // The runs of that day: the export as of the day gives the latest; the first run is still stored unchanged.
  expect(await rows(first.runId)).toEqual(before);
});

test('rescoring one marked company: it matches a full rescore and every other company is unchanged', { timeout: 240_000 }, async () => {
  const base = await rescore(db.pool, logger, AS_OF);
  const prev = await rows(base.runId);
  const target = [...prev.values()].find((r) => r.score > 0 && r.score < 100)?.company_key ?? '';
  expect(target).not.toBe('');
  await markCompaniesDirty(db.pool, [target]);
  const one = await rescoreChanged(db.pool, logger, AS_OF);
  expect(one?.incremental).toBe(true);
  expect(one?.runId).toBeGreaterThan(base.runId);
  // The target and the companies its workers' flags concern, not everything.
  expect(one?.rescored).toBeGreaterThan(0);
  expect(one?.rescored).toBeLessThan(prev.size);
  const after = await rows(one?.runId ?? 0);
  const full = await rows((await rescore(db.pool, logger, AS_OF)).runId);
  expect(after.get(target)).toEqual(full.get(target));
  expect(after).toEqual(prev);
});
