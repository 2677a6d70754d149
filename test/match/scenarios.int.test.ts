/**
 * The matcher on the real PostgreSQL, through real ingestion: each outcome of the contract,
 * successive certificates, a withdrawal, an amendment that shortens a period, and a person
 * whose name is written differently in the SED, the declaration and the certificate.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { runMatch } from '../../lib/match/run-match.js';
import { createLogger } from '../../lib/log/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { SCENARIO_DOCUMENTS } from '../support/match-scenarios.js';

const logger = createLogger({ level: 'silent' });
let db: TestDatabase;

async function ingest(docs: Array<{ body: unknown; headers?: Record<string, string> }>): Promise<void> {
  const ingestor = new Ingestor({ pool: db.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger });
  const s = await ingestor.ingest(
    docs.map((d) => ({ source: 'test' as const, topic: null, partition: null, offset: null, key: null, headers: d.headers ?? {}, body: Buffer.from(JSON.stringify(d.body)) })),
  );
  expect(s.rejected, JSON.stringify(s.rejected)).toEqual({});
}

async function outcomeOf(type: string, ref: string): Promise<{ outcome: string; coverage: string; certificate_numbers: string[]; explanation: string }> {
  const r = await db.pool.query('SELECT outcome, coverage, certificate_numbers, explanation FROM matches WHERE subject_type = $1 AND subject_ref = $2', [type, ref]);
  expect(r.rows.length, `${type} ${ref}`).toBe(1);
  return r.rows[0] as { outcome: string; coverage: string; certificate_numbers: string[]; explanation: string };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await ingest(SCENARIO_DOCUMENTS);
  await runMatch(db.pool, { logger });
});

afterAll(async () => {
  await db.drop();
});

test('a declaration covered by two successive certificates is matched', async () => {
  expect(await outcomeOf('declaration-worker', 'D-SUCC#0')).toMatchObject({ outcome: 'matched', coverage: '1.0000', certificate_numbers: ['C-SUCC-1', 'C-SUCC-2'] });
});

test('no certificate', async () => {
  expect((await outcomeOf('declaration-worker', 'D-NONE#0')).outcome).toBe('no-certificate');
});

test('a withdrawn certificate', async () => {
  expect(await outcomeOf('declaration-worker', 'D-WDRN#0')).toMatchObject({ outcome: 'withdrawn', certificate_numbers: ['C-WDRN'] });
});

test('an amendment that shortens the period leaves the declaration partly covered', async () => {
  const m = await outcomeOf('declaration-worker', 'D-AMND#0');
  expect(m.outcome).toBe('period-partial');
  expect(Number(m.coverage)).toBeCloseTo(91 / 183, 4);
});

test('state and employer mismatches, and conflicting certificates', async () => {
  expect((await outcomeOf('declaration-worker', 'D-STATE#0')).outcome).toBe('state-mismatch');
  expect((await outcomeOf('declaration-worker', 'D-EMPL#0')).outcome).toBe('employer-mismatch');
  expect(await outcomeOf('declaration-worker', 'D-CONF#0')).toMatchObject({ outcome: 'conflict', certificate_numbers: ['C-CONF-1', 'C-CONF-2'] });
});

test('a worker who fits two certified persons is reported ambiguous, never merged', async () => {
  expect((await outcomeOf('declaration-worker', 'D-AMBI#0')).outcome).toBe('ambiguous-identity');
  const r = await db.pool.query<{ candidates: string[] }>("SELECT candidates FROM person_records WHERE ref = 'dw:D-AMBI#0'");
  expect(r.rows[0]?.candidates.length).toBe(2);
});

test('names written differently in the SED, the declaration and the certificate resolve to one person', async () => {
  const keys = await db.pool.query<{ person_key: string }>(
    "SELECT DISTINCT person_key FROM person_records WHERE ref IN ('dw:D-NAMES#0', 'cert:C-NAMES', 'sed:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')",
  );
  expect(keys.rows).toHaveLength(1);
  expect((await outcomeOf('declaration-worker', 'D-NAMES#0')).outcome).toBe('matched');
  expect((await outcomeOf('sed', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).outcome).toBe('matched');
});

test('a provisional A003 counts until an A004 in its case contests it', async () => {
  expect((await outcomeOf('declaration-worker', 'D-PROV#0')).outcome).toBe('matched');
  const contested = await outcomeOf('declaration-worker', 'D-A004#0');
  expect(contested).toMatchObject({ outcome: 'withdrawn', certificate_numbers: ['sed:cccccccccccccccccccccccccccccccc'] });
});

test('a second run changes nothing; --all recomputes the same', async () => {
  const before = await db.pool.query('SELECT * FROM matches ORDER BY subject_type, subject_ref');
  const again = await runMatch(db.pool, { logger });
  expect(again.changed).toBe(0);
  const all = await runMatch(db.pool, { logger, all: true });
  expect(all.changed).toBe(0);
  const after = await db.pool.query('SELECT * FROM matches ORDER BY subject_type, subject_ref');
  expect(after.rows.map(({ computed_at: _c, ...r }) => r)).toEqual(before.rows.map(({ computed_at: _c, ...r }) => r));
});
