/**
 * A full run's SQL (`lac match --all`, or a sync that found most records changed): every source is
 * read once into a session snapshot, person fields and matching facts together (one set-based
 * pass instead of a lookup per record); components are read from the snapshot in chunks; their
 * results go to two unindexed staging tables; one final transaction merges them into
 * person_records and matches, writing each row once and only rows that differ.
 *
 * The snapshot remembers the identity hash each person record had when it was taken: a record
 * changed meanwhile (retention freezing a purged source) is left as it is and its blocks are
 * marked dirty, for the next incremental run.
 */
import type { PoolClient } from '../db/pool.js';
import { analyzeIfStale } from '../db/analyze-if-stale.js';
import { BLOCKS_SQL, personSourcesFingerprint, personSourcesSql } from './sql-person-records.js';
import { currentSnapshot, deleteChangesSeenBy, saveSourcesFingerprint } from './sql-person-changes.js';
import { deleteOrphanMatches, UPSERT_CHANGED_MATCHES } from './sql-matches.js';

/** A record's label: its birth date block, else its first PIN block, else its own. */
const LABEL_SQL = `CASE WHEN q.birth_date IS NOT NULL THEN 'bd:' || to_char(q.birth_date, 'YYYY-MM-DD')
                        WHEN cardinality(q.pin_keys) > 0 THEN 'pin:' || q.pin_keys[1] ELSE 'ref:' || q.ref END`;

/** The tables a snapshot reads, and those a full run rewrites, with the columns their joins and filters use. */
const SOURCE_TABLES: Record<string, string> = {
  seds: 'id, status, sed_type, case_id', sed_pins: 'sed_id', sed_employers: 'sed_id, role', declarations: 'id, is_current, status',
  declaration_workers: 'declaration_row_id', certificates: 'certificate_number', person_records: 'ref, birth_date, pin_keys, person_key',
};
export const RESULT_TABLES: Record<string, string> = { person_records: 'ref, birth_date, pin_keys, person_key', matches: 'subject_type, subject_ref, person_key' };

/**
 * Takes the snapshot (session temporary tables, dropped by `dropSnapshot`). Returns the database
 * snapshot it read the sources with, for the merge to delete the changes it covered.
 */
export async function createSnapshot(client: PoolClient): Promise<string> {
  await dropSnapshot(client);
  // The snapshot reads every source whole: statistics first, or hash tables sized for a few rows.
  await analyzeIfStale(client, SOURCE_TABLES);
  // One database snapshot for the sources and the one returned (the first statement takes it).
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  try {
    const snapshot = await currentSnapshot(client);
    // Every source is read whole: hash joins, with memory for them, whatever the statistics say
    // (a nested loop over whole tables is quadratic; a merge join sorts whole rows).
    await client.query("SET LOCAL work_mem = '256MB'");
    await client.query('SET LOCAL enable_nestloop = off');
    await client.query('SET LOCAL enable_mergejoin = off');
    await client.query(`CREATE TEMP TABLE match_full AS
      SELECT q.*, ${LABEL_SQL} AS label, r.identity_hash AS stored_hash
        FROM (${personSourcesSql({}, { facts: true })}) q LEFT JOIN person_records r ON r.ref = q.ref`);
    await client.query('CREATE INDEX ON match_full (label)');
    await client.query('ANALYZE match_full (label)');
    await client.query(`CREATE TEMP TABLE match_full_keys (ref text, person_key text, method text, confidence real, ambiguous boolean, candidates text[])`);
    await client.query(`CREATE TEMP TABLE match_full_out (subject_type text, subject_ref text, outcome text, coverage numeric(5, 4),
      certificate_numbers text[], person_key text, company_key text, explanation text, start_date date, end_date date)`);
    await client.query('COMMIT');
    return snapshot;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

export async function dropSnapshot(client: PoolClient): Promise<void> {
  await client.query('DROP TABLE IF EXISTS match_full, match_full_keys, match_full_out');
}

/**
 * The snapshot's components as groups of labels with their record counts. Records of one label
 * share a block; labels are joined when some PIN is held under both (found in one grouped pass:
 * such PINs are few).
 */
export async function snapshotComponents(client: PoolClient): Promise<Array<{ labels: string[]; records: number }>> {
  const counts = await client.query<{ label: string; n: string }>('SELECT label, count(*) AS n FROM match_full GROUP BY label ORDER BY label');
  const index = new Map<string, number>();
  const labels = counts.rows.map((r, i) => {
    index.set(r.label, i);
    return { label: r.label, records: Number(r.n) };
  });
  const parent = labels.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  const ties = await client.query<{ labels: string[] }>(
    `SELECT array_agg(DISTINCT label) AS labels FROM (SELECT label, unnest(pin_keys) AS k FROM match_full WHERE cardinality(pin_keys) > 0) x
      GROUP BY k HAVING min(label) <> max(label)`,
  );
  for (const t of ties.rows) {
    const [first, ...rest] = t.labels.map((l) => index.get(l) as number);
    for (const o of rest) {
      const a = find(first as number);
      const b = find(o);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const groups = new Map<number, { labels: string[]; records: number }>();
  labels.forEach((l, i) => {
    const root = find(i);
    const g = groups.get(root) ?? { labels: [], records: 0 };
    g.labels.push(l.label);
    g.records += l.records;
    groups.set(root, g);
  });
  return [...groups.values()];
}

/** The records of the given labels with their facts, as a JSON array of `SnapshotRowJson` (parsed where the chunk is worked on). */
export async function loadSnapshotChunk(client: PoolClient, labels: readonly string[]): Promise<string> {
  const res = await client.query<{ j: string }>(
    `SELECT coalesce(json_agg(json_build_array(ref, source_kind, family_name, forename, family_name_at_birth, forename_at_birth,
                                               to_char(birth_date, 'YYYY-MM-DD'), sex, pins, pin_keys,
                                               fact_ok, fact_state, fact_start, fact_end, fact_company, fact_flag)), '[]')::text AS j
       FROM match_full WHERE label = ANY($1::text[])`,
    [labels],
  );
  return res.rows[0]?.j ?? '[]';
}

/** Stages a chunk's results (`ChunkResult` JSON) in the unindexed temporary tables. */
export async function stageResults(client: PoolClient, keysJson: string, rowsJson: string): Promise<void> {
  await client.query(
    `INSERT INTO match_full_keys SELECT * FROM json_to_recordset($1::json)
       AS x(ref text, person_key text, method text, confidence real, ambiguous boolean, candidates text[])`,
    [keysJson],
  );
  await client.query(
    `INSERT INTO match_full_out SELECT * FROM json_to_recordset($1::json)
       AS x(subject_type text, subject_ref text, outcome text, coverage numeric(5, 4), certificate_numbers text[], person_key text,
            company_key text, explanation text, start_date date, end_date date)`,
    [rowsJson],
  );
}

/**
 * Merges the staged results: person records (source fields and resolution) and matches, rows
 * that differ only; removes records whose source is gone and matches whose record is gone;
 * deletes the logged changes the snapshot saw (later ones stay for the next sync), empties
 * match_dirty, then marks the blocks of records changed since the snapshot.
 * Returns person records written or removed, and matches written or removed.
 */
export async function mergeSnapshot(client: PoolClient, snapshot: string): Promise<{ synced: number; changed: number; removed: number; removedCompanyKeys: string[] }> {
  // Whole tables joined: hash joins (see createSnapshot).
  await client.query('ANALYZE match_full_keys (ref)');
  await client.query('ANALYZE match_full_out (subject_type, subject_ref)');
  await client.query("SET LOCAL work_mem = '256MB'");
  await client.query('SET LOCAL enable_nestloop = off');
  // Records someone changed since the snapshot (retention): left alone, rematched by the next run.
  await client.query(`CREATE TEMP TABLE match_full_stale ON COMMIT DROP AS
    SELECT r.ref, r.birth_date, r.pin_keys FROM match_full s JOIN person_records r ON r.ref = s.ref
     WHERE s.stored_hash IS NOT NULL AND r.identity_hash <> s.stored_hash`);
  const gone = await client.query('DELETE FROM person_records r WHERE NOT EXISTS (SELECT 1 FROM match_full s WHERE s.ref = r.ref)');
  await client.query(`UPDATE person_records r
      SET source_kind = s.source_kind, family_name = s.family_name, forename = s.forename, family_name_at_birth = s.family_name_at_birth,
          forename_at_birth = s.forename_at_birth, birth_date = s.birth_date, sex = s.sex, pins = s.pins, pin_keys = s.pin_keys,
          identity_hash = s.row_hash, person_key = k.person_key, link_method = k.method, link_confidence = k.confidence,
          ambiguous = k.ambiguous, candidates = k.candidates
     FROM match_full s JOIN match_full_keys k ON k.ref = s.ref
    WHERE r.ref = s.ref AND r.identity_hash = s.stored_hash
      AND (r.identity_hash, r.person_key, r.link_method, r.link_confidence, r.ambiguous, r.candidates)
          IS DISTINCT FROM (s.row_hash, k.person_key, k.method, k.confidence, k.ambiguous, k.candidates)`);
  // In ref order: the primary key is filled from left to right.
  const inserted = await client.query(`INSERT INTO person_records (ref, source_kind, family_name, forename, family_name_at_birth, forename_at_birth,
                                        birth_date, sex, pins, pin_keys, identity_hash, person_key, link_method, link_confidence, ambiguous, candidates)
    SELECT s.ref, s.source_kind, s.family_name, s.forename, s.family_name_at_birth, s.forename_at_birth, s.birth_date, s.sex, s.pins, s.pin_keys,
           s.row_hash, k.person_key, k.method, k.confidence, k.ambiguous, k.candidates
      FROM match_full s JOIN match_full_keys k ON k.ref = s.ref
     WHERE s.stored_hash IS NULL
     ORDER BY s.ref
    ON CONFLICT (ref) DO NOTHING`);
  const sourceChanged = await client.query<{ n: string }>(
    'SELECT count(*) AS n FROM match_full WHERE stored_hash IS NOT NULL AND stored_hash <> row_hash',
  );
  const matches = await client.query(`INSERT INTO matches (subject_type, subject_ref, outcome, coverage, certificate_numbers, person_key,
                                        company_key, explanation, start_date, end_date)
    SELECT * FROM match_full_out ORDER BY subject_type, subject_ref
    ${UPSERT_CHANGED_MATCHES}`);
  const orphans = await deleteOrphanMatches(client);
  await deleteChangesSeenBy(client, snapshot);
  await saveSourcesFingerprint(client, personSourcesFingerprint());
  await client.query('DELETE FROM match_dirty');
  await client.query(`INSERT INTO match_dirty (block)
    SELECT DISTINCT blk.b FROM match_full_stale s, LATERAL (${BLOCKS_SQL('s.birth_date', 's.pin_keys', 's.ref')}) blk
    ON CONFLICT DO NOTHING`);
  return {
    synced: (gone.rowCount ?? 0) + (inserted.rowCount ?? 0) + Number(sourceChanged.rows[0]?.n ?? 0),
    changed: matches.rowCount ?? 0,
    removed: orphans.count,
    removedCompanyKeys: orphans.companyKeys,
  };
}
