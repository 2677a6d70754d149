/**
 * Freezes the person records of purged sources, so purging changes no match, flag or score.
 *
 * The matcher keeps person_records in step with its sources by comparing a hash of each source
 * (lib/match/sql-person-records.ts `syncPersonRecords`): a purged source would look changed and be
 * resolved again on pseudonyms, which would move person keys and matches. So the person record of
 * a purged source takes the purged values and the hash the matcher will compute for them, keeping
 * its person key, link and candidates: the matcher then sees nothing to do. The rows come from the
 * matcher's own query (`personSourcesSql`) restricted to the purged sources; test/retention checks
 * that a sync after a retention run changes nothing.
 */
import type { PoolClient } from '../db/pool.js';
import { personSourcesSql } from '../match/sql-person-records.js';

const PURGED_SOURCES_SQL = personSourcesSql({
  sed: 's.document_id = ANY($1::text[]) AND s.personal_purged_at IS NOT NULL',
  declaration: 'd.declaration_id = ANY($2::text[]) AND d.personal_purged_at IS NOT NULL',
  certificate: 'c.certificate_number = ANY($3::text[]) AND c.personal_purged_at IS NOT NULL',
});

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
