/**
 * The change log that incremental matching reads instead of comparing every source (migration
 * 0018): triggers on the source tables append the person refs each statement wrote to
 * person_changes; a sync claims them in its transaction (a rollback gives them back), a full run
 * deletes those its snapshot saw. match_state keeps the fingerprint of the SQL that hashes a
 * person record: when a release changes it, the claim says "compare everything" once.
 */
import type { PoolClient } from '../db/pool.js';

export type PersonChangeClaim =
  /** The refs are in the transaction's temporary table `person_changed (ref, source_key)`. */
  | { all: false; refs: number }
  /** The hashing SQL changed since the last sync: every source is compared. */
  | { all: true };

const FINGERPRINT = 'person_sources_sql';

/**
 * Inside the sync's transaction: takes every logged change (READ COMMITTED: those committed
 * before this statement; the sources are read by later statements, which see at least as much).
 * A change committed meanwhile stays logged and is compared again next time, a no-op.
 */
export async function claimPersonChanges(client: PoolClient, fingerprint: string): Promise<PersonChangeClaim> {
  const stored = await client.query<{ value: string }>('SELECT value FROM match_state WHERE name = $1', [FINGERPRINT]);
  if (stored.rows[0]?.value !== fingerprint) {
    await client.query('DELETE FROM person_changes');
    return { all: true };
  }
  await client.query('CREATE TEMP TABLE person_changed (ref text PRIMARY KEY, source_key text NOT NULL) ON COMMIT DROP');
  const claimed = await client.query(`WITH taken AS (DELETE FROM person_changes RETURNING ref, source_key)
    INSERT INTO person_changed SELECT DISTINCT ON (ref) ref, source_key FROM taken`);
  await client.query('ANALYZE person_changed');
  return { all: false, refs: claimed.rowCount ?? 0 };
}

/** After a comparison of every source (a sync claiming all, or a full run's merge). */
export async function saveSourcesFingerprint(client: PoolClient, fingerprint: string): Promise<void> {
  await client.query(
    'INSERT INTO match_state (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value',
    [FINGERPRINT, fingerprint],
  );
}

/** The snapshot a full run reads its sources with (`pg_current_snapshot()`, as text). */
export async function currentSnapshot(client: PoolClient): Promise<string> {
  const res = await client.query<{ snapshot: string }>('SELECT pg_current_snapshot()::text AS snapshot');
  const snapshot = res.rows[0]?.snapshot;
  if (snapshot === undefined) throw new Error('pg_current_snapshot() returned no row');
  return snapshot;
}

/** A full run's merge: the changes its snapshot saw are covered by it; later ones stay for the next sync. */
export async function deleteChangesSeenBy(client: PoolClient, snapshot: string): Promise<void> {
  await client.query('DELETE FROM person_changes WHERE pg_visible_in_snapshot(xid, $1::pg_snapshot)', [snapshot]);
}
