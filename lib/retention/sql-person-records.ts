/**
 * Freezes the person records of purged sources, so purging changes no match, flag or score.
 *
 * The matcher keeps person_records in step with its sources by comparing a hash of each source
 * (lib/match/sql-person-records.ts `syncPersonRecords`): a purged source would look changed and be
 * resolved again on pseudonyms, which would move person keys and matches. So the person record of
 * a purged source takes the purged values and the hash the matcher will compute for them, keeping
 * its person key, link and candidates: the matcher then sees nothing to do. The expressions below
 * must stay identical to the matcher's SOURCE_SQL; test/retention checks that a sync after a
 * retention run changes nothing.
 */
import type { PoolClient } from '../db/pool.js';

const PURGED_SOURCES_SQL = `
  WITH src AS (
    SELECT 'sed:' || s.document_id AS ref, s.family_name, s.forename,
           s.record->'person'->>'familyNameAtBirth' AS family_name_at_birth,
           s.record->'person'->>'forenameAtBirth' AS forename_at_birth,
           s.birth_date, s.sex,
           coalesce((SELECT jsonb_agg(jsonb_build_object('country', p.country, 'id', p.pin) ORDER BY p.country, p.pin)
                       FROM sed_pins p WHERE p.sed_id = s.id), '[]'::jsonb) AS pins,
           md5(s.record::text || s.status || coalesce(s.legislation_state, '')) AS content
      FROM seds s
     WHERE s.document_id = ANY($1::text[]) AND s.personal_purged_at IS NOT NULL
       AND s.status = 'active' AND s.sed_type LIKE 'A%' AND s.record->'person' IS NOT NULL AND s.record->'person' <> 'null'::jsonb
    UNION ALL
    SELECT 'dw:' || d.declaration_id || '#' || w.worker_idx, w.family_name, w.forename, NULL, NULL,
           w.birth_date, w.sex, w.pins, md5(d.record::text)
      FROM declarations d JOIN declaration_workers w ON w.declaration_row_id = d.id
     WHERE d.declaration_id = ANY($2::text[]) AND d.personal_purged_at IS NOT NULL
       AND d.is_current AND d.status <> 'cancelled'
    UNION ALL
    SELECT 'cert:' || c.certificate_number, c.family_name, c.forename, NULL, NULL,
           c.birth_date, c.record->'person'->>'sex', coalesce(c.record->'person'->'pins', '[]'::jsonb), md5(c.record::text || c.status)
      FROM certificates c
     WHERE c.certificate_number = ANY($3::text[]) AND c.personal_purged_at IS NOT NULL
  ), keyed AS (
    SELECT src.*,
           ARRAY(SELECT DISTINCT coalesce(e->>'country', '??') || ':' || upper(regexp_replace(e->>'id', '[\\s.\\-/]', '', 'g'))
                   FROM jsonb_array_elements(src.pins) e WHERE coalesce(e->>'id', '') <> '' ORDER BY 1) AS pin_keys
      FROM src
  )
  SELECT keyed.*, md5(concat_ws('|', family_name, forename, family_name_at_birth, forename_at_birth, birth_date, sex,
                                pin_keys::text, content)) AS row_hash
    FROM keyed`;

export interface PurgedSources {
  sedDocumentIds: string[];
  declarationIds: string[];
  certificateNumbers: string[];
}

/** Person records of the given purged sources take the purged values and matching hash; returns how many changed. */
export async function freezePurgedPersonRecords(client: PoolClient, sources: PurgedSources): Promise<number> {
  if (sources.sedDocumentIds.length + sources.declarationIds.length + sources.certificateNumbers.length === 0) return 0;
  const res = await client.query(
    `UPDATE person_records r SET family_name = q.family_name, forename = q.forename, family_name_at_birth = q.family_name_at_birth,
            forename_at_birth = q.forename_at_birth, birth_date = q.birth_date, sex = q.sex, pins = q.pins, pin_keys = q.pin_keys,
            identity_hash = q.row_hash
       FROM (${PURGED_SOURCES_SQL}) q
      WHERE r.ref = q.ref AND r.identity_hash <> q.row_hash`,
    [sources.sedDocumentIds, sources.declarationIds, sources.certificateNumbers],
  );
  return res.rowCount ?? 0;
}
