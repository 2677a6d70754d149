/** SQL for canonical SEDs and the tables the matcher joins on. Set-based: one COPY or statement per table per batch. */
import type { PoolClient } from '../db/pool.js';
import type { SedRow } from '../../core/ingest/types.js';
import { NORMALISER_VERSION } from '../../core/ingest/normaliser-version.js';
import { copyRows, type CopyColumns, type CopyValue } from './copy-binary.js';
import type { StoredState } from './sql-batch-state.js';

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

const SED_COLUMNS: CopyColumns = [
  ['id', 'int8'], ['document_id', 'text'], ['version', 'int4'], ['document_id_derived', 'bool'], ['case_id', 'text'],
  ['sed_type', 'text'], ['buc_type', 'text'], ['cdm_version', 'text'], ['source_format', 'text'],
  ['sender_institution', 'text'], ['sender_country', 'text'], ['receiver_institution', 'text'], ['receiver_country', 'text'],
  ['supported', 'bool'], ['family_name', 'text'], ['forename', 'text'], ['birth_date', 'date'], ['sex', 'text'],
  ['legislation_state', 'text'], ['article', 'text'], ['start_date', 'date'], ['end_date', 'date'],
  ['open_ended', 'bool'], ['provisional', 'bool'], ['amending', 'bool'],
  ['record', 'jsonb'], ['normaliser_version', 'int4'], ['raw_message_id', 'int8'],
];

export interface SedToCopy {
  id: number;
  rawMessageId: number;
  sed: SedRow;
}

/**
 * Writes new SED versions with their reserved ids (status takes its default, `active`; the
 * caller derives it where other rows bear on it). The caller checked that no version is stored:
 * a concurrent writer of the same version makes this fail with a unique violation, and the
 * batch is retried (store-batch.ts).
 */
export async function copySeds(client: PoolClient, items: readonly SedToCopy[]): Promise<void> {
  if (items.length === 0) return;
  const flat = flattenedColumns(items.map((i) => i.sed));
  await copyRows(client, 'seds', SED_COLUMNS, items.map((i, n) => [
    i.id, i.sed.documentId, i.sed.version, i.sed.documentIdDerived, i.sed.caseId, i.sed.sedType, i.sed.bucType, i.sed.cdmVersion,
    i.sed.sourceFormat, i.sed.senderInstitution, i.sed.senderCountry, i.sed.receiverInstitution, i.sed.receiverCountry,
    i.sed.supported, ...flat.map((col) => col[n] as CopyValue), sedRecordJson(i.sed), NORMALISER_VERSION, i.rawMessageId,
  ]));
}

const PIN_COLUMNS: CopyColumns = [['sed_id', 'int8'], ['country', 'text'], ['pin', 'text'], ['sector', 'text']];
const EMPLOYER_COLUMNS: CopyColumns = [['sed_id', 'int8'], ['idx', 'int4'], ['role', 'text'], ['name', 'text'], ['country', 'text'], ['ids', 'jsonb']];
const INVALIDATION_COLUMNS: CopyColumns = [['invalidating_sed_id', 'int8'], ['case_id', 'text'], ['target_document_id', 'text'], ['target_sed_type', 'text']];

/** What a batch's SEDs say about their cases: the BUC type, and the X001 that closes it. */
type CaseFacts = Map<string, { buc: string | null; closedBy: number | null }>;

/**
 * PINs, employers, invalidations and cases of newly stored SEDs (no detail row exists for these
 * ids yet). Call it only after writing the SEDs' rows, or deleting their old details, in the same
 * transaction: the matcher's change log (migration 0018) has no INSERT trigger on the detail
 * tables and relies on those writes being logged. `storedCases`: the batch's cases as read before (readStoredState); without it every
 * case is treated as possibly new.
 */
export async function insertSedDetails(client: PoolClient, rows: ReadonlyArray<{ id: number; sed: SedRow }>, storedCases?: StoredState['cases']): Promise<void> {
  const pins: CopyValue[][] = [];
  const employers: CopyValue[][] = [];
  const invalidations: CopyValue[][] = [];
  const cases: CaseFacts = new Map();
  for (const { id, sed } of rows) {
    for (const pin of sed.content.person?.pins ?? []) pins.push([id, pin.country, pin.id, pin.sector]);
    sed.content.employers.forEach((e, idx) => employers.push([id, idx, e.role, e.name, e.country, JSON.stringify(e.ids)]));
    const target = sed.content.target;
    if (sed.sedType === 'X008' && target !== null && (target.documentId !== null || target.sedType !== null)) {
      invalidations.push([id, sed.caseId, target.documentId, target.sedType]);
    }
    if (sed.caseId !== null) {
      const prev = cases.get(sed.caseId);
      const closedBy = sed.sedType === 'X001' ? id : (prev?.closedBy ?? null);
      cases.set(sed.caseId, { buc: prev?.buc ?? sed.bucType, closedBy });
    }
  }
  await copyRows(client, 'sed_pins', PIN_COLUMNS, pins);
  await copyRows(client, 'sed_employers', EMPLOYER_COLUMNS, employers);
  await copyRows(client, 'sed_invalidations', INVALIDATION_COLUMNS, invalidations);
  await upsertCases(client, cases, storedCases);
}

/**
 * The first X001 to arrive closes the case; later documents never reopen it here (X002-X004 do,
 * later). New cases are inserted (ON CONFLICT DO NOTHING: no lock on existing rows); a stored
 * case is updated only when the batch fills a field it lacks, so concurrent batches of one case
 * do not queue on its row and unchanged rows are not rewritten.
 */
async function upsertCases(client: PoolClient, cases: CaseFacts, stored: StoredState['cases'] | undefined): Promise<void> {
  if (cases.size === 0) return;
  const ids = [...cases.keys()].sort(); // one lock order for every batch
  const fills = (c: string, s: { bucTypeMissing: boolean; open: boolean }): boolean => {
    const facts = cases.get(c);
    return (s.bucTypeMissing && (facts?.buc ?? null) !== null) || (s.open && (facts?.closedBy ?? null) !== null);
  };
  const toUpdate = stored === undefined ? [] : ids.filter((c) => { const s = stored.get(c); return s !== undefined && fills(c, s); });
  const fresh = stored === undefined ? ids : ids.filter((c) => !stored.has(c));
  if (fresh.length > 0) {
    const res = await client.query<{ case_id: string }>(
      `INSERT INTO sed_cases (case_id, buc_type, closed_by_sed_id, closed_at)
       SELECT c, b, x, CASE WHEN x IS NULL THEN NULL ELSE now() END FROM unnest($1::text[], $2::text[], $3::bigint[]) AS u(c, b, x)
       ON CONFLICT (case_id) DO NOTHING
       RETURNING case_id`,
      [fresh, fresh.map((c) => cases.get(c)?.buc ?? null), fresh.map((c) => cases.get(c)?.closedBy ?? null)],
    );
    // Cases another writer created meanwhile (or, without `stored`, that existed): fill what they lack.
    const inserted = new Set(res.rows.map((r) => r.case_id));
    toUpdate.push(...fresh.filter((c) => !inserted.has(c) && fills(c, { bucTypeMissing: true, open: true })));
  }
  if (toUpdate.length === 0) return;
  await client.query(
    `UPDATE sed_cases s
        SET buc_type = coalesce(s.buc_type, u.b),
            closed_by_sed_id = coalesce(s.closed_by_sed_id, u.x),
            closed_at = coalesce(s.closed_at, CASE WHEN u.x IS NULL THEN NULL ELSE now() END)
       FROM unnest($1::text[], $2::text[], $3::bigint[]) AS u(c, b, x)
      WHERE s.case_id = u.c AND ((s.buc_type IS NULL AND u.b IS NOT NULL) OR (s.closed_by_sed_id IS NULL AND u.x IS NOT NULL))`,
    [toUpdate, toUpdate.map((c) => cases.get(c)?.buc ?? null), toUpdate.map((c) => cases.get(c)?.closedBy ?? null)],
  );
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
