/**
 * person_records: every person as one source shows them (an active LA SED, a worker of a current
 * declaration, a certificate), kept in step with the source tables by one set-based sync of the
 * refs their triggers logged (`sql-person-changes.ts`) that marks the blocks (birth date, PINs) of
 * whatever changed as dirty (an incremental run), or by the merge of a full run's snapshot
 * (`sql-full-run.ts`).
 */
import { createHash } from 'node:crypto';
import type { PoolClient } from '../db/pool.js';
import { claimPersonChanges, saveSourcesFingerprint, type PersonChangeClaim } from './sql-person-changes.js';
import { removedMatches, type RemovedMatches } from './sql-matches.js';
import {
  CERTIFICATE_EMPLOYER_SQL, SED_ATTESTS_SQL, SED_CONTESTED_SQL, SED_EMPLOYER_ROLES_SQL, SED_EMPLOYER_SQL, SED_FIRST_EMPLOYER_JSON_SQL, WORKER_UNDERTAKING_SQL,
} from './sql-subjects.js';

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
  linkMethod: string | null;
  linkConfidence: number | null;
  ambiguous: boolean;
  candidates: string[];
}

/** Extra conditions per source (SQL on the aliases `s` seds, `d` declarations, `c` certificates). */
export interface PersonSourceFilters {
  sed?: string;
  declaration?: string;
  certificate?: string;
}

/**
 * The persons of every source, with `row_hash`: a hash of everything matching depends on, the
 * person as given and the facts matching reads from the source (`sql-subjects.ts`): for a SED its
 * type, status, state, period, provisional flag, case and first employer; for a declaration its
 * status, sending state, period and posting undertaking; for a certificate its status, state,
 * period and employer. Only those, not the whole record: serialising every record's JSON to hash
 * it cost more than the rest of the sync together. Content only, no storage ids, so the same
 * documents give the same hashes in any database. The matcher syncs person_records with all of
 * it; retention recomputes the rows of the sources it purged with the same expressions, so a
 * later sync sees nothing changed.
 *
 * Without filters (the matcher's sync) SED PINs come from one grouped pass over sed_pins; with
 * filters (a few purged sources) from an index lookup per SED. Both give the same rows.
 *
 * With `facts` (a full run's snapshot) each row also carries what matching reads from its source
 * (the `fact_*` columns below), from the expressions `sql-subjects.ts` uses for one component.
 */
export function personSourcesSql(f: PersonSourceFilters = {}, options: { facts?: boolean } = {}): string {
  const and = (cond: string | undefined): string => (cond === undefined ? '' : ` AND (${cond})`);
  const filtered = f.sed !== undefined || f.declaration !== undefined || f.certificate !== undefined;
  return `
  SELECT q.*, md5(concat_ws('|', q.family_name, q.forename, q.family_name_at_birth, q.forename_at_birth, q.birth_date, q.sex,
                            q.pin_keys::text, q.content)) AS row_hash
    FROM (${sourceSql(and(f.sed), and(f.declaration), and(f.certificate), filtered, options.facts === true)}) q`;
}

/**
 * The facts columns of a snapshot row: `fact_ok` (a SED that attests; always true for the others),
 * `fact_state` (legislation or sending state), `fact_start` / `fact_end` (`YYYY-MM-DD`),
 * `fact_company` (employer or undertaking), `fact_flag` (contested SED, withdrawn certificate).
 */
const factColumns = (ok: string, state: string, start: string, end: string, company: string, flag: string): string =>
  `, ${ok} AS fact_ok, ${state} AS fact_state, to_char(${start}, 'YYYY-MM-DD') AS fact_start, to_char(${end}, 'YYYY-MM-DD') AS fact_end,
     ${company} AS fact_company, ${flag} AS fact_flag`;

/** One SED's PINs as stored (jsonb, ordered) and as blocking keys (`CC:ID`, normalised, sorted, distinct). */
const SED_PIN_AGGREGATES = `
  jsonb_agg(jsonb_build_object('country', p.country, 'id', p.pin) ORDER BY p.country, p.pin) AS pins,
  array_agg(DISTINCT ${pinKeyExpr('p.country', 'p.pin')} ORDER BY ${pinKeyExpr('p.country', 'p.pin')})
    FILTER (WHERE p.pin <> '') AS pin_keys`;

function pinKeyExpr(country: string, id: string): string {
  return `coalesce(${country}, '??') || ':' || upper(regexp_replace(${id}, '[\\s.\\-/]', '', 'g'))`;
}

/** Blocking keys of a jsonb PIN list (declared workers, certificates). */
const jsonPinKeys = (pins: string): string => `
  ARRAY(SELECT DISTINCT ${pinKeyExpr("e->>'country'", "e->>'id'")}
          FROM jsonb_array_elements(${pins}) e WHERE coalesce(e->>'id', '') <> '' ORDER BY 1)`;

const sourceSql = (sed: string, declaration: string, certificate: string, filtered: boolean, facts: boolean): string => `
    SELECT 'sed:' || s.document_id AS ref, 'sed' AS source_kind, s.family_name, s.forename,
           s.record->'person'->>'familyNameAtBirth' AS family_name_at_birth,
           s.record->'person'->>'forenameAtBirth' AS forename_at_birth,
           s.birth_date, s.sex, coalesce(p.pins, '[]'::jsonb) AS pins, coalesce(p.pin_keys, '{}'::text[]) AS pin_keys,
           concat_ws('|', s.sed_type, s.status, s.legislation_state, to_char(s.start_date, 'YYYY-MM-DD'), to_char(s.end_date, 'YYYY-MM-DD'),
                     s.provisional, s.case_id, ${SED_FIRST_EMPLOYER_JSON_SQL}::text) AS content
           ${facts ? factColumns(`(${SED_ATTESTS_SQL})`, 's.legislation_state', 's.start_date', 's.end_date', 'e.employer', `(${SED_ATTESTS_SQL}) AND ${SED_CONTESTED_SQL}`) : ''}
      FROM seds s
      ${
        facts
          ? `LEFT JOIN (SELECT DISTINCT ON (e.sed_id) e.sed_id, ${SED_EMPLOYER_SQL} AS employer FROM sed_employers e
                         WHERE ${SED_EMPLOYER_ROLES_SQL} ORDER BY e.sed_id, e.idx) e ON e.sed_id = s.id`
          : ''
      }
      ${
        filtered
          ? `LEFT JOIN LATERAL (SELECT ${SED_PIN_AGGREGATES} FROM sed_pins p WHERE p.sed_id = s.id) p ON true`
          : `LEFT JOIN (SELECT p.sed_id, ${SED_PIN_AGGREGATES} FROM sed_pins p GROUP BY p.sed_id) p ON p.sed_id = s.id`
      }
     WHERE s.status = 'active' AND s.sed_type LIKE 'A%' AND s.record->'person' IS NOT NULL AND s.record->'person' <> 'null'::jsonb${sed}
    UNION ALL
    SELECT 'dw:' || d.declaration_id || '#' || w.worker_idx, 'declaration-worker', w.family_name, w.forename, NULL, NULL,
           w.birth_date, w.sex, w.pins, ${jsonPinKeys('w.pins')},
           concat_ws('|', d.status, d.undertaking_country, to_char(d.start_date, 'YYYY-MM-DD'), to_char(d.end_date, 'YYYY-MM-DD'),
                     (d.record->'postingUndertaking')::text)
           ${facts ? factColumns('true', 'd.undertaking_country', 'd.start_date', 'd.end_date', WORKER_UNDERTAKING_SQL, 'false') : ''}
      FROM declarations d JOIN declaration_workers w ON w.declaration_row_id = d.id
     WHERE d.is_current AND d.status <> 'cancelled'${declaration}
    UNION ALL
    SELECT 'cert:' || c.certificate_number, 'certificate', c.family_name, c.forename, NULL, NULL,
           c.birth_date, c.record->'person'->>'sex', coalesce(c.record->'person'->'pins', '[]'::jsonb),
           ${jsonPinKeys("coalesce(c.record->'person'->'pins', '[]'::jsonb)")},
           concat_ws('|', c.status, c.legislation_state, to_char(c.start_date, 'YYYY-MM-DD'), to_char(c.end_date, 'YYYY-MM-DD'),
                     (c.record->'employer')::text)
           ${facts ? factColumns('true', 'c.legislation_state', 'c.start_date', 'c.end_date', CERTIFICATE_EMPLOYER_SQL, "c.status = 'withdrawn'") : ''}
      FROM certificates c
     WHERE true${certificate}`;

/** Blocks of a record: its birth date and each PIN; a record with neither is a block of its own. */
export const BLOCKS_SQL = (birthDate: string, pinKeys: string, ref: string) => `
  SELECT b FROM (
    SELECT 'bd:' || to_char(${birthDate}, 'YYYY-MM-DD') AS b WHERE ${birthDate} IS NOT NULL
    UNION ALL SELECT 'pin:' || k FROM unnest(${pinKeys}) k
    UNION ALL SELECT 'ref:' || ${ref} WHERE ${birthDate} IS NULL AND cardinality(${pinKeys}) = 0
  ) x`;

let fingerprint: string | undefined;

/** What the person record hash is computed with: a release that changes it compares every source once. */
export function personSourcesFingerprint(): string {
  // The SQL is fixed for the life of the process: hashed once, not on every match run.
  fingerprint ??= createHash('md5').update(personSourcesSql()).digest('hex');
  return fingerprint;
}

/** The sources of the claimed refs only (`person_changed`, sql-person-changes.ts), each by its index. */
const CHANGED_SOURCES_SQL = `SELECT x.* FROM (${personSourcesSql({
  sed: "s.document_id IN (SELECT source_key FROM person_changed WHERE ref LIKE 'sed:%')",
  declaration: "d.declaration_id IN (SELECT source_key FROM person_changed WHERE ref LIKE 'dw:%')",
  certificate: "c.certificate_number IN (SELECT source_key FROM person_changed WHERE ref LIKE 'cert:%')",
})}) x WHERE x.ref IN (SELECT ref FROM person_changed)`;

/**
 * Brings person_records in step with the sources and marks dirty the blocks of every record
 * added, changed or gone (both its old and its new blocks). Returns how many records changed.
 */
export async function syncPersonRecords(client: PoolClient): Promise<number> {
  const claim = await claimPersonChanges(client, personSourcesFingerprint());
  return (await syncPersonSources(client, claim)).changed;
}

/**
 * The sync of an incremental run. Only the difference is written: the claimed refs (or, once
 * after the hashing SQL changed, every source) are compared with their person records, keeping
 * what was added, changed or is gone; the blocks of those records (old and new) are marked dirty,
 * and the matches of subjects that are gone are deleted. (A full run does not sync: it merges its
 * snapshot, `sql-full-run.ts`.)
 */
export async function syncPersonSources(client: PoolClient, claim: PersonChangeClaim): Promise<{ changed: number; removed: RemovedMatches }> {
  if (!claim.all && claim.refs === 0) return { changed: 0, removed: removedMatches([]) };
  if (claim.all) {
    // One hash join of every source row with every person record: memory for it, not a disk spill,
    // and no nested loop whatever the statistics say (right after a bulk ingest they can claim a
    // handful of rows, and a nested loop over whole tables is quadratic).
    await client.query("SET LOCAL work_mem = '256MB'");
    await client.query('SET LOCAL enable_nestloop = off');
  }
  const sources = claim.all ? personSourcesSql() : CHANGED_SOURCES_SQL;
  const records = claim.all ? 'person_records' : '(SELECT * FROM person_records WHERE ref IN (SELECT ref FROM person_changed))';
  await client.query(`CREATE TEMP TABLE person_sync ON COMMIT DROP AS
    SELECT coalesce(s.ref, r.ref) AS ref, s.ref IS NOT NULL AS present, s.source_kind, s.family_name, s.forename,
           s.family_name_at_birth, s.forename_at_birth, s.birth_date, s.sex, s.pins, s.pin_keys, s.row_hash,
           r.birth_date AS old_birth_date, coalesce(r.pin_keys, '{}'::text[]) AS old_pin_keys, r.ref IS NOT NULL AS existed
      FROM (${sources}) s FULL JOIN ${records} r ON r.ref = s.ref
     WHERE s.ref IS NULL OR r.ref IS NULL OR r.identity_hash <> s.row_hash`);
  // What follows touches the (usually few) changed records by index.
  await client.query('SET LOCAL enable_nestloop = on');
  await client.query('ANALYZE person_sync');
  // Changed or new: their new blocks; changed or gone: their old blocks.
  await client.query(`INSERT INTO match_dirty (block)
    SELECT DISTINCT blk.b FROM person_sync s,
           LATERAL (${BLOCKS_SQL('s.birth_date', 's.pin_keys', 's.ref')} WHERE s.present
                    UNION ALL ${BLOCKS_SQL('s.old_birth_date', 's.old_pin_keys', 's.ref')} WHERE s.existed) blk
    ON CONFLICT DO NOTHING`);
  const removed = await client.query<{ company_key: string | null }>(`DELETE FROM matches m USING (
      SELECT CASE WHEN ref LIKE 'sed:%' THEN 'sed' ELSE 'declaration-worker' END AS subject_type,
             CASE WHEN ref LIKE 'sed:%' THEN substr(ref, 5) ELSE substr(ref, 4) END AS subject_ref
        FROM person_sync WHERE NOT present AND (ref LIKE 'sed:%' OR ref LIKE 'dw:%')) g
    WHERE m.subject_type = g.subject_type AND m.subject_ref = g.subject_ref
    RETURNING m.company_key`);
  const gone = await client.query('DELETE FROM person_records r USING person_sync s WHERE r.ref = s.ref AND NOT s.present');
  const upserted = await client.query(`INSERT INTO person_records (ref, source_kind, family_name, forename, family_name_at_birth,
                                        forename_at_birth, birth_date, sex, pins, pin_keys, identity_hash)
    SELECT ref, source_kind, family_name, forename, family_name_at_birth, forename_at_birth, birth_date, sex, pins, pin_keys, row_hash
      FROM person_sync WHERE present
    ON CONFLICT (ref) DO UPDATE SET
      source_kind = EXCLUDED.source_kind, family_name = EXCLUDED.family_name, forename = EXCLUDED.forename,
      family_name_at_birth = EXCLUDED.family_name_at_birth, forename_at_birth = EXCLUDED.forename_at_birth,
      birth_date = EXCLUDED.birth_date, sex = EXCLUDED.sex, pins = EXCLUDED.pins, pin_keys = EXCLUDED.pin_keys,
      identity_hash = EXCLUDED.identity_hash`);
  await client.query('DROP TABLE person_sync');
  if (claim.all) await saveSourcesFingerprint(client, personSourcesFingerprint());
  else await client.query('DROP TABLE person_changed');
  return { changed: (gone.rowCount ?? 0) + (upserted.rowCount ?? 0), removed: removedMatches(removed.rows) };
}

/** Every dirty block, sorted. */
export async function dirtyBlocks(client: PoolClient): Promise<string[]> {
  const res = await client.query<{ block: string }>('SELECT block FROM match_dirty ORDER BY block');
  return res.rows.map((r) => r.block);
}

export async function clearDirty(client: PoolClient, blocks: readonly string[]): Promise<void> {
  if (blocks.length > 0) await client.query('DELETE FROM match_dirty WHERE block = ANY($1::text[])', [blocks]);
}

export interface Resolution {
  ref: string;
  personKey: string;
  method: string;
  confidence: number;
  ambiguous: boolean;
  candidates: string[];
}

/** Stores resolutions (the caller passes only those that differ from what is stored). */
export async function writeResolutions(client: PoolClient, rows: readonly Resolution[]): Promise<void> {
  if (rows.length === 0) return;
  // Candidates travel joined: person keys are `PK-` and hex digits, never a comma.
  await client.query(
    `UPDATE person_records r SET person_key = u.person_key, link_method = u.method, link_confidence = u.confidence,
            ambiguous = u.ambiguous, candidates = CASE WHEN u.candidates = '' THEN '{}'::text[] ELSE string_to_array(u.candidates, ',') END
       FROM unnest($1::text[], $2::text[], $3::text[], $4::real[], $5::bool[], $6::text[])
         AS u(ref, person_key, method, confidence, ambiguous, candidates)
      WHERE r.ref = u.ref`,
    [
      rows.map((r) => r.ref),
      rows.map((r) => r.personKey),
      rows.map((r) => r.method),
      rows.map((r) => r.confidence),
      rows.map((r) => r.ambiguous),
      rows.map((r) => r.candidates.join(',')),
    ],
  );
}
