/**
 * Scoring on the real PostgreSQL: every score is the sum of its stored contributions, ranks follow
 * scores, every run is kept, and `lac export risk --as-of` reproduces a past run exactly.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { COMPANY_CONTROLS, PERSON_CONTROLS } from '../../core/controls/catalog/index.js';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { runMatch } from '../../lib/match/run-match.js';
import { runCompanyControls, runPersonControls } from '../../lib/controls/run-controls.js';
import { runScoring } from '../../lib/risk/run-scoring.js';
import { createLogger } from '../../lib/log/logger.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { runLac } from '../support/cli.js';
import { createTestTopics, testKafka } from '../support/kafka.js';

const logger = createLogger({ level: 'silent' });
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const corpus = corpusMessages({ seed: 81, seds: 1200, declarations: 400, certificates: 500 });
  await new Ingestor({ pool: db.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger }).ingest(corpus.map((m) => asSourceMessage(m)));
  await runMatch(db.pool, { logger });
  await runPersonControls(db.pool, PERSON_CONTROLS, { asOf: '2026-06-30', logger });
  await runCompanyControls(db.pool, COMPANY_CONTROLS, { asOf: '2026-06-30', logger });
});
afterAll(async () => {
  await db.drop();
});

interface RiskLine {
  companyKey: string; score: number; band: string; rank: number; asOf: string; ruleSetVersion: string;
  contributions: Array<{ controlId: string; points: number; hits: number; evidence: string[] }>; counts: Record<string, number>; explanation: string[];
}

test('scores are sums of their contributions, ranked, and every past run can be exported again', async () => {
  const first = await runScoring(db.pool, { asOf: '2026-06-30', logger });
  expect(first.companies).toBeGreaterThan(10);
  const exported = await runLac(['export', 'risk', '--format', 'jsonl'], db.env);
  expect(exported.code, exported.stderr).toBe(0);
  const lines = exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as RiskLine);
  expect(lines.length).toBe(first.companies);
  lines.forEach((l, i) => {
    expect(l.rank).toBe(i + 1);
    expect(l.contributions.reduce((s, c) => s + c.points, 0)).toBe(l.score);
    expect(l.explanation.length).toBe(l.contributions.length);
    expect(l.asOf).toBe('2026-06-30');
    if (i > 0) expect(l.score).toBeLessThanOrEqual(lines[i - 1]?.score ?? 100);
  });
  expect(lines.some((l) => l.score > 0)).toBe(true);

  // The flags change (controls run again later), a new run is stored; the old one is still there.
  await db.pool.query("DELETE FROM flags WHERE severity = 'red'");
  await runScoring(db.pool, { asOf: '2026-09-30', logger });
  const latest = await runLac(['export', 'risk', '--format', 'jsonl'], db.env);
  expect(latest.stdout).not.toEqual(exported.stdout);
  const past = await runLac(['export', 'risk', '--format', 'jsonl', '--as-of', '2026-07-15'], db.env);
  expect(past.code, past.stderr).toBe(0);
  expect(past.stdout).toEqual(exported.stdout);
});

test('lac score publishes the run to the scores topic, one message per company keyed by company key', async () => {
  const topics = await createTestTopics(testKafka(), ['risk'], 2);
  try {
    const topic = topics.names[0] ?? '';
    const r = await runLac(['score', '--as-of', '2026-10-31'], { ...db.env, KAFKA_BROKERS: inject('services').KAFKA_BROKERS, LAC_TOPIC_RISK: topic });
    expect(r.code, r.stderr).toBe(0);
    const published = Number(/published (\d+) score/.exec(r.stdout)?.[1]);
    expect(published).toBeGreaterThan(10);
    const offsets = await topics.admin.fetchTopicOffsets(topic);
    expect(offsets.reduce((s, o) => s + Number(o.high), 0)).toBe(published);
  } finally {
    await topics.remove();
  }
});
