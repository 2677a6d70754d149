/**
 * A full run merges what it computed from its snapshot, except into person records someone changed
 * since the snapshot was taken (retention freezing a purged source): those are left as they are
 * and their blocks are marked dirty, for the next incremental run.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { runMatch } from '../../lib/match/run-match.js';
import { createLogger } from '../../lib/log/logger.js';
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

    await createSnapshot(client);
    await client.query("UPDATE person_records SET family_name = 'PSEUDONYM', identity_hash = 'frozen', person_key = 'PK-frozen' WHERE ref = $1", [ref]);
    await client.query("UPDATE person_records SET person_key = NULL, link_method = NULL WHERE ref = $1", [otherRef]);
    for (const g of await snapshotComponents(client)) {
      const r = runSnapshotChunk(await loadSnapshotChunk(client, g.labels));
      await stageResults(client, r.keysJson, r.rowsJson);
    }
    await client.query('BEGIN');
    await mergeSnapshot(client);
    await client.query('COMMIT');
    await dropSnapshot(client);

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
