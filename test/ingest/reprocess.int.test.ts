/** `lac reprocess` rebuilds canonical rows from the stored bytes, and a second run changes nothing. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { createLogger } from '../../lib/log/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { fingerprint } from '../support/fingerprint.js';
import { runLac } from '../support/cli.js';

const logger = createLogger({ level: 'silent' });
const corpus = corpusMessages({ seed: 9, seds: 300, declarations: 0, certificates: 0 });
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await new Ingestor({ pool: db.pool, limits: { maxBytes: 5 * 1024 * 1024, maxDepth: 64 }, logger }).ingest(corpus.map((m) => asSourceMessage(m)));
});
afterAll(async () => {
  await db.drop();
});

test('rows written by an older normaliser are rebuilt from the original bytes', async () => {
  const fresh = await fingerprint(db.pool);
  // Simulate rows from an older, broken normaliser for the A009s.
  const damaged = await db.pool.query(
    "UPDATE seds SET record = '{}'::jsonb, family_name = NULL, legislation_state = NULL, normaliser_version = 0 WHERE sed_type = 'A009'",
  );
  expect(damaged.rowCount).toBeGreaterThan(10);
  await db.pool.query("DELETE FROM sed_pins WHERE sed_id IN (SELECT id FROM seds WHERE sed_type = 'A009')");
  expect(await fingerprint(db.pool)).not.toEqual(fresh);

  const run = await runLac(['reprocess', '--sed-type', 'a009'], db.env);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain(`re-normalised ${damaged.rowCount}`);
  expect(await fingerprint(db.pool)).toEqual(fresh);

  const again = await runLac(['reprocess'], db.env);
  expect(again.code, again.stderr).toBe(0);
  expect(again.stdout).toContain('re-normalised 0');
});

test('--since in the future selects nothing', async () => {
  const run = await runLac(['reprocess', '--since', '2999-01-01'], db.env);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('examined 0');
});
