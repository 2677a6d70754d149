/** SQL for canonical SEDs and the tables the matcher joins on. Set-based: one statement per table per batch. */
import type { PoolClient } from '../db/pool.js';
import type { SedRow } from '../../core/ingest/types.js';
import { NORMALISER_VERSION } from '../../core/ingest/normaliser-version.js';
import { copyIntoStaging, type CopyValue, type StagingTable } from './copy-binary.js';

export interface SedToStore {
  rawMessageId: number;
  sed: SedRow;
}

/** The record kept in `seds.record`: the canonical content plus envelope notes. */
export function sedRecordJson(sed: SedRow): string {
  const { target, originals, ...content } = sed.content;
  return JSON.stringify({ ...content, target, originals, notes: sed.notes });
}

/** The person and decision columns flattened beside the record, as parallel arrays (unnest order). */
function flattenedColumns(seds: SedRow[]): unknown[][] {
  const p = seds.map((s) => s.content.person);
  const d = seds.map((s) => s.content.decision);
  return [
    p.map((x) => x?.familyName ?? null),
    p.map((x) => x?.forename ?? null),
    p.map((x) => x?.birthDate ?? null),
    p.map((x) => x?.sex ?? null),
    d.map((x) => x?.legislationState ?? null),
    d.map((x) => x?.article ?? null),
    d.map((x) => x?.startDate ?? null),
    d.map((x) => x?.endDate ?? null),
    d.map((x) => x?.openEnded ?? null),
    d.map((x) => x?.provisional ?? null),
    d.map((x) => x?.amending ?? null),
  ];
}

/**
 * Inserts SED versions not stored yet. Returns the new rows; a (document, version) already
 * present (e.g. the XML twin of a JSON document) is not returned.
 */
export async function insertSeds(client: PoolClient, items: SedToStore[]): Promise<Array<{ id: number; rawMessageId: number }>> {
  if (items.length === 0) return [];
  // Binary COPY into staging, then one merge (ids are given in the staging order: document order).
  const flat = flattenedColumns(items.map((i) => i.sed));
  await copyIntoStaging(client, SED_STAGING, items.map((i, n) => [
    n, i.sed.documentId, i.sed.version, i.sed.documentIdDerived, i.sed.caseId, i.sed.sedType, i.sed.bucType, i.sed.cdmVersion,
    i.sed.sourceFormat, i.sed.senderInstitution, i.sed.senderCountry, i.sed.receiverInstitution, i.sed.receiverCountry,
    i.sed.supported, ...flat.map((col) => col[n] as CopyValue), sedRecordJson(i.sed), NORMALISER_VERSION, i.rawMessageId,
  ]));
  const res = await client.query<{ id: string; raw_message_id: string }>(
    `INSERT INTO seds (document_id, version, document_id_derived, case_id, sed_type, buc_type, cdm_version, source_format,
                       sender_institution, sender_country, receiver_institution, receiver_country, supported,
                       family_name, forename, birth_date, sex,
                       legislation_state, article, start_date, end_date, open_ended, provisional, amending,
                       record, normaliser_version, raw_message_id)
     SELECT document_id, version, document_id_derived, case_id, sed_type, buc_type, cdm_version, source_format,
            sender_institution, sender_country, receiver_institution, receiver_country, supported,
            family_name, forename, birth_date::date, sex,
            legislation_state, article, start_date::date, end_date::date, open_ended, provisional, amending,
            record::jsonb, normaliser_version, raw_message_id
       FROM stage_seds ORDER BY ord
     ON CONFLICT (document_id, version) DO NOTHING
     RETURNING id, raw_message_id`,
  );
  return res.rows.map((r) => ({ id: Number(r.id), rawMessageId: Number(r.raw_message_id) }));
}

const SED_STAGING: StagingTable = {
  name: 'stage_seds',
  columns: [
    ['ord', 'int4'], ['document_id', 'text'], ['version', 'int4'], ['document_id_derived', 'bool'], ['case_id', 'text'],
    ['sed_type', 'text'], ['buc_type', 'text'], ['cdm_version', 'text'], ['source_format', 'text'],
    ['sender_institution', 'text'], ['sender_country', 'text'], ['receiver_institution', 'text'], ['receiver_country', 'text'],
    ['supported', 'bool'], ['family_name', 'text'], ['forename', 'text'], ['birth_date', 'text'], ['sex', 'text'],
    ['legislation_state', 'text'], ['article', 'text'], ['start_date', 'text'], ['end_date', 'text'],
    ['open_ended', 'bool'], ['provisional', 'bool'], ['amending', 'bool'],
    ['record', 'text'], ['normaliser_version', 'int4'], ['raw_message_id', 'int8'],
  ],
};

/** PINs, employers, invalidations and cases of newly stored SEDs. */
export async function insertSedDetails(client: PoolClient, rows: Array<{ id: number; sed: SedRow }>): Promise<void> {
  const pinSed: number[] = [];
  const pinCountry: Array<string | null> = [];
  const pinValue: string[] = [];
  const pinSector: Array<string | null> = [];
  const empSed: number[] = [];
  const empIdx: number[] = [];
  const empRole: string[] = [];
  const empName: Array<string | null> = [];
  const empCountry: Array<string | null> = [];
  const empIds: string[] = [];
  const invSed: number[] = [];
  const invCase: Array<string | null> = [];
  const invDoc: Array<string | null> = [];
  const invType: Array<string | null> = [];
  const cases = new Map<string, { buc: string | null; closedBy: number | null }>();

  for (const { id, sed } of rows) {
    for (const pin of sed.content.person?.pins ?? []) {
      pinSed.push(id);
      pinCountry.push(pin.country);
      pinValue.push(pin.id);
      pinSector.push(pin.sector);
    }
    sed.content.employers.forEach((e, idx) => {
      empSed.push(id);
      empIdx.push(idx);
      empRole.push(e.role);
      empName.push(e.name);
      empCountry.push(e.country);
      empIds.push(JSON.stringify(e.ids));
    });
    const target = sed.content.target;
    if (sed.sedType === 'X008' && target !== null && (target.documentId !== null || target.sedType !== null)) {
      invSed.push(id);
      invCase.push(sed.caseId);
      invDoc.push(target.documentId);
      invType.push(target.sedType);
    }
    if (sed.caseId !== null) {
      const prev = cases.get(sed.caseId);
      const closedBy = sed.sedType === 'X001' ? id : (prev?.closedBy ?? null);
      cases.set(sed.caseId, { buc: prev?.buc ?? sed.bucType, closedBy });
    }
  }

  if (pinSed.length > 0) {
    await client.query(
      'INSERT INTO sed_pins (sed_id, country, pin, sector) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[])',
      [pinSed, pinCountry, pinValue, pinSector],
    );
  }
  if (empSed.length > 0) {
    await client.query(
      `INSERT INTO sed_employers (sed_id, idx, role, name, country, ids)
       SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[], $6::jsonb[])`,
      [empSed, empIdx, empRole, empName, empCountry, empIds],
    );
  }
  if (invSed.length > 0) {
    await client.query(
      `INSERT INTO sed_invalidations (invalidating_sed_id, case_id, target_document_id, target_sed_type)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
      [invSed, invCase, invDoc, invType],
    );
  }
  if (cases.size > 0) {
    const ids = [...cases.keys()];
    // The first X001 to arrive closes the case; later documents never reopen it here (X002-X004 do, later).
    await client.query(
      `INSERT INTO sed_cases (case_id, buc_type, closed_by_sed_id, closed_at)
       SELECT c, b, x, CASE WHEN x IS NULL THEN NULL ELSE now() END FROM unnest($1::text[], $2::text[], $3::bigint[]) AS u(c, b, x)
       ON CONFLICT (case_id) DO UPDATE
         SET buc_type = coalesce(sed_cases.buc_type, EXCLUDED.buc_type),
             closed_by_sed_id = coalesce(sed_cases.closed_by_sed_id, EXCLUDED.closed_by_sed_id),
             closed_at = coalesce(sed_cases.closed_at, EXCLUDED.closed_at)`,
      [ids, ids.map((c) => cases.get(c)?.buc ?? null), ids.map((c) => cases.get(c)?.closedBy ?? null)],
    );
  }
}

/**
 * Recomputes `status` of every version of the documents touched by a batch (their own new
 * versions, and targets of new X008s). Derived from all stored rows, so the result does not
 * depend on the order in which versions and invalidations arrived.
 */
export async function refreshSedStatus(client: PoolClient, newSedIds: number[]): Promise<void> {
  if (newSedIds.length === 0) return;
  // Two steps, each served by an index: the planner cannot see how few rows a batch touches, and
  // a single UPDATE ... FROM (computed) chose a sequential scan of seds (quadratic over a backlog).
  // The OR of the two invalidation forms is split into two EXISTS for the same reason.
  const changed = await client.query<{ id: string; status: string }>(
    `WITH new_inv AS (
       SELECT i.* FROM sed_invalidations i WHERE i.invalidating_sed_id = ANY($1::bigint[])
     ), touched AS (
       SELECT document_id FROM seds WHERE id = ANY($1::bigint[])
       UNION SELECT target_document_id FROM new_inv WHERE target_document_id IS NOT NULL
       UNION SELECT s.document_id FROM seds s JOIN new_inv i
               ON i.target_document_id IS NULL AND s.case_id = i.case_id AND s.sed_type = i.target_sed_type
     ), computed AS (
       SELECT s.id, s.status AS old_status,
              CASE
                WHEN EXISTS (SELECT 1 FROM sed_invalidations i
                              WHERE i.target_document_id = s.document_id AND i.invalidating_sed_id <> s.id)
                  OR EXISTS (SELECT 1 FROM sed_invalidations i
                              WHERE i.target_document_id IS NULL AND i.case_id = s.case_id AND i.target_sed_type = s.sed_type
                                AND i.invalidating_sed_id <> s.id)
                  THEN 'invalidated'
                WHEN s.version < max(s.version) OVER (PARTITION BY s.document_id) THEN 'superseded'
                ELSE 'active'
              END AS status
         FROM seds s WHERE s.document_id = ANY(ARRAY(SELECT document_id FROM touched))
     )
     SELECT id, status FROM computed WHERE status <> old_status`,
    [newSedIds],
  );
  if (changed.rows.length === 0) return;
  await client.query(
    `UPDATE seds s SET status = u.status FROM unnest($1::bigint[], $2::text[]) AS u(id, status)
      WHERE s.id = u.id AND s.status <> u.status`,
    [changed.rows.map((r) => r.id), changed.rows.map((r) => r.status)],
  );
}

/**
 * Replaces the normalised content of stored SEDs (after a mapping fix): the canonical record,
 * the flattened columns and the detail rows. Envelope columns (document id, version) stay.
 */
export async function replaceSedContent(client: PoolClient, rows: Array<{ id: number; sed: SedRow }>): Promise<void> {
  if (rows.length === 0) return;
  const ids = rows.map((r) => r.id);
  await client.query(
    `UPDATE seds s SET
        cdm_version = u.cdm_version, source_format = u.source_format, supported = u.supported,
        family_name = u.family_name, forename = u.forename, birth_date = u.birth_date, sex = u.sex,
        legislation_state = u.legislation_state, article = u.article, start_date = u.start_date, end_date = u.end_date,
        open_ended = u.open_ended, provisional = u.provisional, amending = u.amending,
        record = u.record, normaliser_version = u.normaliser_version, normalised_at = now()
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bool[], $5::text[], $6::text[], $7::date[], $8::text[],
                   $9::text[], $10::text[], $11::date[], $12::date[], $13::bool[], $14::bool[], $15::bool[], $16::jsonb[], $17::int[])
         AS u(id, cdm_version, source_format, supported, family_name, forename, birth_date, sex,
              legislation_state, article, start_date, end_date, open_ended, provisional, amending, record, normaliser_version)
      WHERE s.id = u.id AND (s.record IS DISTINCT FROM u.record OR s.normaliser_version IS DISTINCT FROM u.normaliser_version)`,
    [
      ids,
      rows.map((r) => r.sed.cdmVersion),
      rows.map((r) => r.sed.sourceFormat),
      rows.map((r) => r.sed.supported),
      ...flattenedColumns(rows.map((r) => r.sed)),
      rows.map((r) => sedRecordJson(r.sed)),
      rows.map(() => NORMALISER_VERSION),
    ],
  );
  await client.query('DELETE FROM sed_pins WHERE sed_id = ANY($1::bigint[])', [ids]);
  await client.query('DELETE FROM sed_employers WHERE sed_id = ANY($1::bigint[])', [ids]);
  await client.query('DELETE FROM sed_invalidations WHERE invalidating_sed_id = ANY($1::bigint[])', [ids]);
  await insertSedDetails(client, rows);
  await refreshSedStatus(client, ids);
}
