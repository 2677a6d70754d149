/**
 * Incremental matching reads the source change log (migration 0018) instead of comparing every
 * source: a write by any writer, not only ingest, is logged by the tables' triggers and matched by
 * the next run, which then agrees with a full rematch; the log is emptied by the run that read it.
 * A change the log cannot see (the hashing SQL of a new release) is covered by the fingerprint:
 * a stale one makes the next sync compare every source once.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { runMatch } from '../../lib/match/run-match.js';
import { createLogger } from '../../lib/log/logger.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const logger = createLogger({ level: 'silent' });
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const corpus = corpusMessages({ seed: 83, seds: 400, declarations: 120, certificates: 200, newVersionRate: 0.05 });
  await new Ingestor({ pool: db.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger }).ingest(corpus.map((m) => asSourceMessage(m)));
  await runMatch(db.pool, { logger });
}, 120_000);
afterAll(async () => {
  await db.drop();
});

async function logged(): Promise<number> {
  const r = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM person_changes');
  return Number(r.rows[0]?.n);
}

async function matchesOf(subjectRefs: string[]): Promise<Array<{ subject_ref: string; outcome: string }>> {
  const r = await db.pool.query<{ subject_ref: string; outcome: string }>(
    'SELECT subject_ref, outcome FROM matches WHERE subject_ref = ANY($1::text[]) ORDER BY 1',
    [subjectRefs],
  );
  return r.rows;
}

test('ingest logs its writes and the run that matched them empties the log', async () => {
  expect(await logged()).toBe(0);
  const more = corpusMessages({ seed: 84, seds: 30, declarations: 10, certificates: 10 });
  await new Ingestor({ pool: db.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger }).ingest(more.map((m) => asSourceMessage(m)));
  expect(await logged()).toBeGreaterThan(0);
  const run = await runMatch(db.pool, { logger });
  expect(run.synced).toBeGreaterThan(0);
  expect(await logged()).toBe(0);
});

test("a SED's PINs deleted (as a reprocess does before writing them again) log the SED; inserting details alone does not", async () => {
  const sed = await db.pool.query<{ id: string; document_id: string }>(
    "SELECT s.id, s.document_id FROM seds s WHERE s.status = 'active' AND EXISTS (SELECT 1 FROM sed_pins p WHERE p.sed_id = s.id) ORDER BY s.id LIMIT 1",
  );
  const { id, document_id: documentId } = sed.rows[0] as { id: string; document_id: string };
  const pins = await db.pool.query('SELECT * FROM sed_pins WHERE sed_id = $1', [id]);
  await db.pool.query('DELETE FROM sed_pins WHERE sed_id = $1', [id]);
  const refs = await db.pool.query<{ ref: string }>('SELECT DISTINCT ref FROM person_changes');
  expect(refs.rows.map((r) => r.ref)).toEqual([`sed:${documentId}`]);
  await db.pool.query('DELETE FROM person_changes');
  // Put back as they were: detail rows are only ever inserted after a logged write (insertSedDetails).
  for (const p of pins.rows as Array<Record<string, unknown>>) {
    const cols = Object.keys(p);
    await db.pool.query(`INSERT INTO sed_pins (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(p));
  }
  expect(await logged()).toBe(0);
  expect((await runMatch(db.pool, { logger })).synced).toBe(0);
});

test('a certificate withdrawn by plain SQL is matched again by the next incremental run, as a full run would', async () => {
  // A certificate covering a matched SED: withdrawing it must change that SED's outcome.
  const covered = await db.pool.query<{ certificate_number: string; subject_ref: string }>(
    `SELECT c.certificate_number, m.subject_ref FROM matches m CROSS JOIN LATERAL unnest(m.certificate_numbers) AS c(certificate_number)
      WHERE m.subject_type = 'sed' AND m.outcome = 'matched' ORDER BY 1 LIMIT 1`,
  );
  const { certificate_number: certificate, subject_ref: subject } = covered.rows[0] as { certificate_number: string; subject_ref: string };
  const before = await matchesOf([subject]);
  await db.pool.query("UPDATE certificates SET status = 'withdrawn' WHERE certificate_number = $1", [certificate]);
  expect(await logged()).toBe(1);

  const run = await runMatch(db.pool, { logger });
  expect(run.synced).toBe(1);
  const after = await matchesOf([subject]);
  expect(after).not.toEqual(before);
  expect(await logged()).toBe(0);
  // Nothing left for a full rematch to correct.
  const full = await runMatch(db.pool, { logger, all: true });
  expect({ synced: full.synced, changed: full.changed, removed: full.removed }).toEqual({ synced: 0, changed: 0, removed: 0 });
});

test('a stale fingerprint makes the next sync compare every source, catching a change the log missed', async () => {
  const cert = await db.pool.query<{ certificate_number: string }>('SELECT certificate_number FROM certificates WHERE family_name IS NOT NULL ORDER BY 1 DESC LIMIT 1');
  const number = cert.rows[0]?.certificate_number as string;
  // A change the triggers do not see (what a new release's hashing SQL amounts to).
  await db.pool.query('ALTER TABLE certificates DISABLE TRIGGER USER');
  await db.pool.query("UPDATE certificates SET family_name = 'UNLOGGED' || family_name WHERE certificate_number = $1", [number]);
  await db.pool.query('ALTER TABLE certificates ENABLE TRIGGER USER');
  expect(await logged()).toBe(0);
  expect((await runMatch(db.pool, { logger })).synced).toBe(0);

  await db.pool.query("UPDATE match_state SET value = 'from an older release' WHERE name = 'person_sources_sql'");
  expect((await runMatch(db.pool, { logger })).synced).toBe(1);
  const state = await db.pool.query<{ value: string }>("SELECT value FROM match_state WHERE name = 'person_sources_sql'");
  expect(state.rows[0]?.value).toMatch(/^[0-9a-f]{32}$/);
  const record = await db.pool.query<{ family_name: string }>('SELECT family_name FROM person_records WHERE ref = $1', [`cert:${number}`]);
  expect(record.rows[0]?.family_name).toMatch(/^UNLOGGED/);
});
