/**
 * person_records: every person as one source shows them (an active LA SED, a worker of a current
 * declaration, a certificate), kept in step with the source tables by one set-based sync that
 * marks the blocks (birth date, PINs) of whatever changed as dirty.
 */
import type { PoolClient } from '../db/pool.js';

export interface PersonRecordRow {
  ref: string;
  sourceKind: 'sed' | 'declaration-worker' | 'certificate';
  familyName: string | null;
  forename: string | null;
  familyNameAtBirth: string | null;
  forenameAtBirth: string | null;
  birthDate: string | null;
  sex: string | null;
  pins: Array<{ country: string | null; id: string }>;
  pinKeys: string[];
  personKey: string | null;
  ambiguous: boolean;
}

/** Extra conditions per source (SQL on the aliases `s` seds, `d` declarations, `c` certificates). */
export interface PersonSourceFilters {
  sed?: string;
  declaration?: string;
  certificate?: string;
}

/**
 * The persons of every source, with `row_hash`: a hash of everything matching depends on (identity
 * and content). The matcher syncs person_records with all of it; retention recomputes the rows of
 * the sources it purged with the same expressions, so a later sync sees nothing changed.
 */
export function personSourcesSql(f: PersonSourceFilters = {}): string {
  const and = (cond: string | undefined): string => (cond === undefined ? '' : ` AND (${cond})`);
  return `
  SELECT q.*, md5(concat_ws('|', q.family_name, q.forename, q.family_name_at_birth, q.forename_at_birth, q.birth_date, q.sex,
                            q.pin_keys::text, q.content)) AS row_hash
    FROM (${sourceSql(and(f.sed), and(f.declaration), and(f.certificate))}) q`;
}

const sourceSql = (sed: string, declaration: string, certificate: string): string => `
  WITH src AS (
    SELECT 'sed:' || s.document_id AS ref, 'sed' AS source_kind, s.family_name, s.forename,
           s.record->'person'->>'familyNameAtBirth' AS family_name_at_birth,
           s.record->'person'->>'forenameAtBirth' AS forename_at_birth,
           s.birth_date, s.sex,
           coalesce((SELECT jsonb_agg(jsonb_build_object('country', p.country, 'id', p.pin) ORDER BY p.country, p.pin)
                       FROM sed_pins p WHERE p.sed_id = s.id), '[]'::jsonb) AS pins,
           md5(s.record::text || s.status || coalesce(s.legislation_state, '')) AS content
      FROM seds s
     WHERE s.status = 'active' AND s.sed_type LIKE 'A%' AND s.record->'person' IS NOT NULL AND s.record->'person' <> 'null'::jsonb${sed}
    UNION ALL
    SELECT 'dw:' || d.declaration_id || '#' || w.worker_idx, 'declaration-worker', w.family_name, w.forename, NULL, NULL,
           w.birth_date, w.sex, w.pins, md5(d.record::text)
      FROM declarations d JOIN declaration_workers w ON w.declaration_row_id = d.id
     WHERE d.is_current AND d.status <> 'cancelled'${declaration}
    UNION ALL
    SELECT 'cert:' || c.certificate_number, 'certificate', c.family_name, c.forename, NULL, NULL,
           c.birth_date, c.record->'person'->>'sex', coalesce(c.record->'person'->'pins', '[]'::jsonb), md5(c.record::text || c.status)
      FROM certificates c
     WHERE true${certificate}
  )
  SELECT src.*,
         ARRAY(SELECT DISTINCT coalesce(e->>'country', '??') || ':' || upper(regexp_replace(e->>'id', '[\\s.\\-/]', '', 'g'))
                 FROM jsonb_array_elements(src.pins) e WHERE coalesce(e->>'id', '') <> '' ORDER BY 1) AS pin_keys
    FROM src`;

/** Blocks of a record: its birth date and each PIN; a record with neither is a block of its own. */
const BLOCKS_SQL = (alias: string) => `
  SELECT b FROM (
    SELECT 'bd:' || ${alias}.birth_date AS b WHERE ${alias}.birth_date IS NOT NULL
    UNION ALL SELECT 'pin:' || k FROM unnest(${alias}.pin_keys) k
    UNION ALL SELECT 'ref:' || ${alias}.ref WHERE ${alias}.birth_date IS NULL AND cardinality(${alias}.pin_keys) = 0
  ) x`;

/**
 * Brings person_records in step with the sources and marks dirty the blocks of every record
 * added, changed or gone (both its old and its new blocks). Returns how many records changed.
 */
export async function syncPersonRecords(client: PoolClient): Promise<number> {
  await client.query(`CREATE TEMP TABLE person_src ON COMMIT DROP AS ${personSourcesSql()}`);
  await client.query('CREATE INDEX ON person_src (ref)');
  await client.query('ANALYZE person_src');
  // Changed or new: their new blocks; changed or gone: their old blocks.
  await client.query(`INSERT INTO match_dirty (block)
    SELECT DISTINCT blk.b FROM person_src s LEFT JOIN person_records r ON r.ref = s.ref,
           LATERAL (${BLOCKS_SQL('s')}) blk
     WHERE r.ref IS NULL OR r.identity_hash <> s.row_hash
    ON CONFLICT DO NOTHING`);
  await client.query(`INSERT INTO match_dirty (block)
    SELECT DISTINCT blk.b FROM person_records r LEFT JOIN person_src s ON s.ref = r.ref,
           LATERAL (${BLOCKS_SQL('r')}) blk
     WHERE s.ref IS NULL OR r.identity_hash <> s.row_hash
    ON CONFLICT DO NOTHING`);
  const gone = await client.query('DELETE FROM person_records r WHERE NOT EXISTS (SELECT 1 FROM person_src s WHERE s.ref = r.ref)');
  const upserted = await client.query(`INSERT INTO person_records (ref, source_kind, family_name, forename, family_name_at_birth,
                                        forename_at_birth, birth_date, sex, pins, pin_keys, identity_hash)
    SELECT ref, source_kind, family_name, forename, family_name_at_birth, forename_at_birth, birth_date, sex, pins, pin_keys, row_hash
      FROM person_src
    ON CONFLICT (ref) DO UPDATE SET
      source_kind = EXCLUDED.source_kind, family_name = EXCLUDED.family_name, forename = EXCLUDED.forename,
      family_name_at_birth = EXCLUDED.family_name_at_birth, forename_at_birth = EXCLUDED.forename_at_birth,
      birth_date = EXCLUDED.birth_date, sex = EXCLUDED.sex, pins = EXCLUDED.pins, pin_keys = EXCLUDED.pin_keys,
      identity_hash = EXCLUDED.identity_hash
    WHERE person_records.identity_hash <> EXCLUDED.identity_hash`);
  await client.query('DROP TABLE person_src');
  return (gone.rowCount ?? 0) + (upserted.rowCount ?? 0);
}

/** Marks every block dirty: the next run re-resolves and re-matches everything (`lac match --all`). */
export async function markAllDirty(client: PoolClient): Promise<void> {
  await client.query(`INSERT INTO match_dirty (block) SELECT DISTINCT blk.b FROM person_records r, LATERAL (${BLOCKS_SQL('r')}) blk ON CONFLICT DO NOTHING`);
}

export async function nextDirtyBlocks(client: PoolClient, limit: number): Promise<string[]> {
  const res = await client.query<{ block: string }>('SELECT block FROM match_dirty ORDER BY block LIMIT $1 FOR UPDATE SKIP LOCKED', [limit]);
  return res.rows.map((r) => r.block);
}

export async function clearDirty(client: PoolClient, blocks: string[]): Promise<void> {
  if (blocks.length > 0) await client.query('DELETE FROM match_dirty WHERE block = ANY($1::text[])', [blocks]);
}

interface RecordRow {
  ref: string;
  source_kind: PersonRecordRow['sourceKind'];
  family_name: string | null;
  forename: string | null;
  family_name_at_birth: string | null;
  forename_at_birth: string | null;
  birth_date: string | null;
  sex: string | null;
  pins: PersonRecordRow['pins'];
  pin_keys: string[];
  person_key: string | null;
  ambiguous: boolean;
}

/**
 * The connected component of the given blocks: records sharing a birth date or a PIN with any
 * record already in, until nothing new joins. Resolving whole components is what makes an
 * incremental run give the same keys as a full one.
 */
export async function loadComponent(client: PoolClient, blocks: string[], maxRecords = 200_000): Promise<{ records: PersonRecordRow[]; blocks: string[] }> {
  const seenBlocks = new Set<string>();
  const records = new Map<string, PersonRecordRow>();
  let frontier = [...new Set(blocks)];
  while (frontier.length > 0) {
    for (const b of frontier) seenBlocks.add(b);
    const dates = frontier.filter((b) => b.startsWith('bd:')).map((b) => b.slice(3));
    const pins = frontier.filter((b) => b.startsWith('pin:')).map((b) => b.slice(4));
    const refs = frontier.filter((b) => b.startsWith('ref:')).map((b) => b.slice(4));
    const res = await client.query<RecordRow>(
      `SELECT ref, source_kind, family_name, forename, family_name_at_birth, forename_at_birth, to_char(birth_date, 'YYYY-MM-DD') AS birth_date,
              sex, pins, pin_keys, person_key, ambiguous
         FROM person_records
        WHERE birth_date = ANY($1::date[]) OR pin_keys && $2::text[] OR ref = ANY($3::text[])`,
      [dates, pins, refs],
    );
    const next = new Set<string>();
    for (const r of res.rows) {
      if (records.has(r.ref)) continue;
      records.set(r.ref, {
        ref: r.ref, sourceKind: r.source_kind, familyName: r.family_name, forename: r.forename,
        familyNameAtBirth: r.family_name_at_birth, forenameAtBirth: r.forename_at_birth, birthDate: r.birth_date,
        sex: r.sex, pins: r.pins, pinKeys: r.pin_keys, personKey: r.person_key, ambiguous: r.ambiguous,
      });
      if (r.birth_date !== null && !seenBlocks.has(`bd:${r.birth_date}`)) next.add(`bd:${r.birth_date}`);
      for (const k of r.pin_keys) if (!seenBlocks.has(`pin:${k}`)) next.add(`pin:${k}`);
    }
    if (records.size > maxRecords) throw new Error(`identity component larger than ${maxRecords} records: check for a shared placeholder PIN`);
    frontier = [...next];
  }
  return { records: [...records.values()].sort((a, b) => (a.ref < b.ref ? -1 : 1)), blocks: [...seenBlocks] };
}

export interface Resolution {
  ref: string;
  personKey: string;
  method: string;
  confidence: number;
  ambiguous: boolean;
  candidates: string[];
}

export async function writeResolutions(client: PoolClient, rows: Resolution[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query(
    `UPDATE person_records r SET person_key = u.person_key, link_method = u.method, link_confidence = u.confidence,
            ambiguous = u.ambiguous, candidates = u.candidates
       FROM (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::real[], $5::bool[])
               AS x(ref, person_key, method, confidence, ambiguous)) v
       JOIN LATERAL (SELECT v.*, coalesce(($6::jsonb)->v.ref, '[]'::jsonb) AS cand_json) u0 ON true
       CROSS JOIN LATERAL (SELECT u0.ref, u0.person_key, u0.method, u0.confidence, u0.ambiguous,
                                  ARRAY(SELECT jsonb_array_elements_text(u0.cand_json)) AS candidates) u
      WHERE r.ref = u.ref
        AND (r.person_key IS DISTINCT FROM u.person_key OR r.ambiguous <> u.ambiguous OR r.candidates <> u.candidates
             OR r.link_method IS DISTINCT FROM u.method OR r.link_confidence IS DISTINCT FROM u.confidence)`,
    [
      rows.map((r) => r.ref),
      rows.map((r) => r.personKey),
      rows.map((r) => r.method),
      rows.map((r) => r.confidence),
      rows.map((r) => r.ambiguous),
      JSON.stringify(Object.fromEntries(rows.map((r) => [r.ref, r.candidates]))),
    ],
  );
}
