/**
 * Incremental matching after each of 10 replayed slices of a backlog ends exactly where one
 * full rematch of the whole backlog ends: same person keys, same matches.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { runMatch } from '../../lib/match/run-match.js';
import { createLogger } from '../../lib/log/logger.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const logger = createLogger({ level: 'silent' });
const corpus = corpusMessages({ seed: 51, seds: 2000, declarations: 600, certificates: 900, newVersionRate: 0.08, duplicateRate: 0.03 });
let sliced: TestDatabase;
let whole: TestDatabase;

beforeAll(async () => {
  [sliced, whole] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(async () => {
  await Promise.all([sliced.drop(), whole.drop()]);
});

async function state(db: TestDatabase) {
  const matches = await db.pool.query(
    'SELECT subject_type, subject_ref, outcome, coverage, certificate_numbers, person_key, company_key, explanation, start_date, end_date FROM matches ORDER BY 1, 2',
  );
  const persons = await db.pool.query('SELECT ref, person_key, link_method, link_confidence, ambiguous, candidates FROM person_records ORDER BY ref');
  return { matches: matches.rows, persons: persons.rows };
}

test('ten slices matched incrementally equal one full rematch', { timeout: 300_000 }, async () => {
  const limits = { maxBytes: 5e6, maxDepth: 64 };
  const a = new Ingestor({ pool: sliced.pool, limits, logger });
  const size = Math.ceil(corpus.length / 10);
  for (let i = 0; i < 10; i++) {
    await a.ingest(corpus.slice(i * size, (i + 1) * size).map((m) => asSourceMessage(m)));
    await runMatch(sliced.pool, { logger });
  }
  await new Ingestor({ pool: whole.pool, limits, logger }).ingest(corpus.map((m) => asSourceMessage(m)));
  await runMatch(whole.pool, { logger, all: true });

  const s = await state(sliced);
  const w = await state(whole);
  expect(w.matches.length).toBeGreaterThan(1000);
  const outcomes = new Set(w.matches.map((m: { outcome: string }) => m.outcome));
  expect(outcomes.size).toBeGreaterThanOrEqual(4);
  expect(s.persons).toEqual(w.persons);
  expect(s.matches).toEqual(w.matches);
});
