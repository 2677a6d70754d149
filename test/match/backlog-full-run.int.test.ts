/**
 * An incremental run whose sync finds most records new (a first run over a backlog) runs as a full
 * run, with fewer writes and the same result as `--all`; a later small change goes incrementally.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { runMatch } from '../../lib/match/run-match.js';
import { createLogger } from '../../lib/log/logger.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const logger = createLogger({ level: 'silent' });
const corpus = corpusMessages({ seed: 83, seds: 400, declarations: 120, certificates: 160 });
let backlog: TestDatabase;
let reference: TestDatabase;

async function ingest(db: TestDatabase, messages: typeof corpus): Promise<void> {
  await new Ingestor({ pool: db.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger }).ingest(messages.map((m) => asSourceMessage(m)));
}

async function state(db: TestDatabase) {
  const matches = await db.pool.query('SELECT subject_type, subject_ref, outcome, coverage, certificate_numbers, person_key, explanation FROM matches ORDER BY 1, 2');
  const persons = await db.pool.query('SELECT ref, identity_hash, person_key, link_method, link_confidence, ambiguous, candidates FROM person_records ORDER BY ref');
  return { matches: matches.rows, persons: persons.rows };
}

async function lastRunWasFull(db: TestDatabase): Promise<boolean> {
  const r = await db.pool.query<{ full: boolean }>("SELECT (details->>'full')::boolean AS full FROM stage_runs WHERE stage = 'match' ORDER BY id DESC LIMIT 1");
  return r.rows[0]?.full ?? false;
}

beforeAll(async () => {
  [backlog, reference] = await Promise.all([createTestDatabase(), createTestDatabase()]);
}, 60_000);

afterAll(async () => {
  await Promise.all([backlog?.drop(), reference?.drop()]);
});

test('a backlog is matched as a full run, a small change after it incrementally, both as --all would', { timeout: 300_000 }, async () => {
  const head = corpus.slice(0, corpus.length - 20);
  await Promise.all([ingest(backlog, head), ingest(reference, head)]);
  const first = await runMatch(backlog.pool, { logger, fullRunAbove: 100 });
  expect(await lastRunWasFull(backlog)).toBe(true);
  expect(first.synced).toBeGreaterThan(100);
  await runMatch(reference.pool, { logger, all: true });
  expect(await state(backlog)).toEqual(await state(reference));

  const tail = corpus.slice(corpus.length - 20);
  await Promise.all([ingest(backlog, tail), ingest(reference, tail)]);
  const second = await runMatch(backlog.pool, { logger, fullRunAbove: 100 });
  expect(await lastRunWasFull(backlog)).toBe(false);
  expect(second.synced).toBeGreaterThan(0);
  await runMatch(reference.pool, { logger, all: true });
  expect(await state(backlog)).toEqual(await state(reference));
  expect((await backlog.pool.query('SELECT 1 FROM match_dirty')).rows).toEqual([]);
});
