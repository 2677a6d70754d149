/**
 * Holds the targeting bar of issue #5 on a small planted population (the full-size figures come from
 * bench/targeting.ts): the whole pipeline (ingest → match → controls → scoring) on the real PostgreSQL, then
 * the ranked companies against the generator's ground truth (core/synth/planted.ts, never seen by controls).
 *
 * At this size 14 of 120 companies are planted (k = 10 is about what k = 50 is at full size, ~86 of 600). The
 * issue's bar (P@50 >= 0.9) is measured at full size by bench/targeting.ts and is NOT held here: on small
 * corpora each company has few workers, so a few incidental hits spread over many controls weigh as much as a
 * practice (measured P@10 = 0.5 at this size, base rate 0.12). This test holds that level as a regression floor, the planted
 * population's shape, and that every planted pattern is found by at least one control citing its own evidence.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { COMPANY_CONTROLS, PERSON_CONTROLS } from '../../core/controls/catalog/index.js';
import { corpusWorld, FRAUD_PATTERNS, plantedTruth, targetingQuality, type TargetingQuality } from '../../core/synth/index.js';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { runMatch } from '../../lib/match/run-match.js';
import { runCompanyControls, runPersonControls } from '../../lib/controls/run-controls.js';
import { runScoring } from '../../lib/risk/run-scoring.js';
import { createLogger } from '../../lib/log/logger.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const logger = createLogger({ level: 'silent' });
const AS_OF = '2026-06-30';
const OPTS = { seed: 23, seds: 4000, declarations: 1200, certificates: 1600, badRate: 0.01 };
let db: TestDatabase;
let q: TargetingQuality;
const reasons = new Map<string, string>();

/** Controls that fire on most companies' postings (context, not detection): citing a pattern's evidence does not count as finding it. */
const GENERIC = new Set(['LAC-C001', 'LAC-C005', 'LAC-C013', 'LAC-C015', 'LAC-P022']);

beforeAll(async () => {
  db = await createTestDatabase();
  const messages = corpusMessages(OPTS);
  const truth = plantedTruth(corpusWorld(OPTS), messages);
  const ingestor = new Ingestor({ pool: db.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger });
  for (let i = 0; i < messages.length; i += 500) await ingestor.ingest(messages.slice(i, i + 500).map((m) => asSourceMessage(m)));
  await runMatch(db.pool, { logger, all: true });
  await runPersonControls(db.pool, PERSON_CONTROLS, { asOf: AS_OF, logger });
  await runCompanyControls(db.pool, COMPANY_CONTROLS, { asOf: AS_OF, logger });
  const run = await runScoring(db.pool, { asOf: AS_OF, logger });
  const scores = await db.pool.query<{ company_key: string; name: string | null; country: string | null; score: number; rank: number; contributions: Array<{ controlId: string; points: number }> }>(
    'SELECT company_key, name, country, score, rank, contributions FROM lac_run_scores($1) ORDER BY rank',
    [run.runId],
  );
  for (const r of scores.rows) reasons.set(r.company_key, r.contributions.map((c) => `${c.controlId}:${c.points}`).join(' '));
  const flags = await db.pool.query<{ control_id: string; company_key: string | null; scope: 'person' | 'company'; subject_ref: string; evidence: string[] }>(
    'SELECT control_id, company_key, scope, subject_ref, evidence FROM flags',
  );
  q = targetingQuality(
    truth,
    scores.rows.map((r) => ({ companyKey: r.company_key, name: r.name, country: r.country, rank: r.rank, score: r.score })),
    flags.rows.map((f) => ({ controlId: f.control_id, companyKey: f.company_key, scope: f.scope, subjectRef: f.subject_ref, evidence: f.evidence })),
    [10],
  );
}, 600_000);

afterAll(async () => {
  await db.drop();
});

test('the planted population is a minority of the companies, every pattern present', () => {
  expect(q.unmapped).toBe(0);
  expect(q.planted / q.companies).toBeGreaterThan(0.08);
  expect(q.planted / q.companies).toBeLessThan(0.25);
  expect(q.planted).toBeGreaterThanOrEqual(12);
  for (const p of q.patterns) expect(p.planted, p.pattern).toBeGreaterThan(0);
});

test('planted companies lead the ranking: precision at 10 and at the planted count (regression floor, not the bar)', () => {
  const top = JSON.stringify(q.rows.slice(0, 10).map((r) => [r.companyKey, r.score, r.patterns, reasons.get(r.companyKey)]));
  const r = q.rows.slice(0, q.planted).filter((x) => x.planted === true).length / q.planted;
  // Base rate is ~12 %: both far above it.
  expect(q.precision.at10, `R-precision ${r} ${top}`).toBeGreaterThanOrEqual(0.5);
  expect(r, top).toBeGreaterThanOrEqual(0.4);
  expect(q.recallFlagged).toBe(1);
});

test('every planted pattern is found by at least one control citing its own evidence', () => {
  expect(q.patterns.map((p) => p.pattern).sort()).toEqual([...FRAUD_PATTERNS].sort());
  for (const p of q.patterns) {
    const specific = p.foundBy.filter((c) => !GENERIC.has(c.controlId));
    expect(specific.length, `${p.pattern}: ${JSON.stringify(p.foundBy)}`).toBeGreaterThan(0);
    expect(p.found, p.pattern).toBeGreaterThan(0);
  }
});
