/**
 * A full run merges what it computed from its snapshot, except into person records someone changed
 * since the snapshot was taken (retention freezing a purged source): those are left as they are
 * and their blocks are marked dirty, for the next incremental run. Likewise the source change log:
 * the merge takes only the changes its snapshot saw.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { runMatch } from '../../lib/match/run-match.js';
import { createLogger } from '../../lib/log/logger.js';
import type { PoolClient } from '../../lib/db/pool.js';
import { createSnapshot, dropSnapshot, loadSnapshotChunk, mergeSnapshot, snapshotComponents, stageResults } from '../../lib/match/sql-full-run.js';
import { runSnapshotChunk } from '../../lib/match/snapshot-chunk.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const logger = createLogger({ level: 'silent' });
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const corpus = corpusMessages({ seed: 71, seds: 300, declarations: 80, certificates: 100 });
  await new Ingestor({ pool: db.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger }).ingest(corpus.map((m) => asSourceMessage(m)));
  await runMatch(db.pool, { logger, all: true });
}, 120_000);

afterAll(async () => {
  await db.drop();
});

/** The rest of a full run after its snapshot (lib/match/run-match.ts, without workers). */
async function finishFullRun(client: PoolClient, snapshot: string): Promise<void> {
  for (const g of await snapshotComponents(client)) {
    const r = runSnapshotChunk(await loadSnapshotChunk(client, g.labels));
    await stageResults(client, r.keysJson, r.rowsJson);
  }
  await client.query('BEGIN');
  await mergeSnapshot(client, snapshot);
  await client.query('COMMIT');
  await dropSnapshot(client);
}

test('a record changed after the snapshot keeps its change and is marked dirty; the others are merged', async () => {
  const client = await db.pool.connect();
  try {
    const target = await client.query<{ ref: string; birth_date: string; pin_keys: string[] }>(
      "SELECT ref, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, pin_keys FROM person_records WHERE birth_date IS NOT NULL AND cardinality(pin_keys) > 0 ORDER BY ref LIMIT 1",
    );
    const { ref, birth_date: birthDate, pin_keys: pinKeys } = target.rows[0] as { ref: string; birth_date: string; pin_keys: string[] };
    // Another record loses its resolution: the merge must restore it.
    const other = await client.query<{ ref: string; person_key: string }>('SELECT ref, person_key FROM person_records WHERE ref > $1 ORDER BY ref LIMIT 1', [ref]);
    const { ref: otherRef, person_key: otherKey } = other.rows[0] as { ref: string; person_key: string };

    const snapshot = await createSnapshot(client);
    await client.query("UPDATE person_records SET family_name = 'PSEUDONYM', identity_hash = 'frozen', person_key = 'PK-frozen' WHERE ref = $1", [ref]);
    await client.query("UPDATE person_records SET person_key = NULL, link_method = NULL WHERE ref = $1", [otherRef]);
    await finishFullRun(client, snapshot);

    const kept = await client.query('SELECT family_name, identity_hash, person_key FROM person_records WHERE ref = $1', [ref]);
    expect(kept.rows[0]).toEqual({ family_name: 'PSEUDONYM', identity_hash: 'frozen', person_key: 'PK-frozen' });
    const restored = await client.query<{ person_key: string }>('SELECT person_key FROM person_records WHERE ref = $1', [otherRef]);
    expect(restored.rows[0]?.person_key).toBe(otherKey);
    const dirty = await client.query<{ block: string }>('SELECT block FROM match_dirty');
    expect(dirty.rows.map((r) => r.block).sort()).toEqual([`bd:${birthDate}`, ...pinKeys.map((k) => `pin:${k}`)].sort());
  } finally {
    client.release();
  }
});

test('the merge deletes the source changes its snapshot saw and keeps those committed after it', async () => {
  const certs = await db.pool.query<{ certificate_number: string }>('SELECT certificate_number FROM certificates ORDER BY 1 LIMIT 2');
  const [before, after] = certs.rows.map((r) => r.certificate_number) as [string, string];
  // Rewrites that change nothing still log their refs (the triggers do not compare values).
  const touch = (n: string) => db.pool.query('UPDATE certificates SET status = status WHERE certificate_number = $1', [n]);
  const logged = async () => (await db.pool.query<{ ref: string }>('SELECT DISTINCT ref FROM person_changes ORDER BY 1')).rows.map((r) => r.ref);
  await db.pool.query('DELETE FROM person_changes');
  await touch(before);
  expect(await logged()).toEqual([`cert:${before}`]);

  const client = await db.pool.connect();
  try {
    const snapshot = await createSnapshot(client);
    await touch(after); // another connection, committed while the run works
    await finishFullRun(client, snapshot);
  } finally {
    client.release();
  }
  expect(await logged()).toEqual([`cert:${after}`]);
  // The next incremental run compares it, finds it unchanged, and the log is empty again.
  const run = await runMatch(db.pool, { logger });
  expect(run.synced).toBe(0);
  expect(await logged()).toEqual([]);
});
