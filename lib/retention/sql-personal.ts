/**
 * Personal fields past their age, one batch per call (select with SKIP LOCKED, transform in memory
 * with the pure functions of ./purge-record.ts, write back with one unnest UPDATE per table).
 * Each source row is marked `personal_purged_at`, so a second run finds nothing to do.
 * The pseudonyms are HMACs computed in Node with the same code as `--pseudonymise` exports.
 */
import type { PoolClient } from '../db/pool.js';
import type { Pseudonymiser } from '../export/pseudonymise.js';
import { pseudonymName, pseudonymPins, purgeCertificateRecord, purgeDeclarationRecord, purgeSedRecord } from './purge-record.js';

const nameOrNull = (v: string | null, p: Pseudonymiser): string | null => (v === null ? null : (pseudonymName(v, p) as string));

/** What one batch purged: its rows, and the keys (document, declaration or certificate ids) of their person records. */
export interface PurgedBatch {
  rows: number;
  keys: string[];
}

const NOTHING: PurgedBatch = { rows: 0, keys: [] };

/** SEDs received before `cutoff`: record, name columns, birth date, PINs. Keys: document ids. */
export async function purgeSedBatch(client: PoolClient, cutoff: Date, limit: number, p: Pseudonymiser): Promise<PurgedBatch> {
  const rows = await client.query<{ id: string; document_id: string; record: unknown; family_name: string | null; forename: string | null }>(
    `SELECT id, document_id, record, family_name, forename FROM seds
      WHERE personal_purged_at IS NULL AND received_at < $1 ORDER BY received_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [cutoff, limit],
  );
  if (rows.rows.length === 0) return NOTHING;
  const ids = rows.rows.map((r) => r.id);
  await client.query(
    `UPDATE seds s SET record = u.record, family_name = u.family_name, forename = u.forename, birth_date = NULL, personal_purged_at = now()
       FROM unnest($1::bigint[], $2::jsonb[], $3::text[], $4::text[]) AS u(id, record, family_name, forename)
      WHERE s.id = u.id`,
    [ids, rows.rows.map((r) => JSON.stringify(purgeSedRecord(r.record, p))), rows.rows.map((r) => nameOrNull(r.family_name, p)), rows.rows.map((r) => nameOrNull(r.forename, p))],
  );
  const pins = await client.query<{ sed_id: string; country: string | null; pin: string }>(
    'SELECT DISTINCT sed_id, country, pin FROM sed_pins WHERE sed_id = ANY($1::bigint[])',
    [ids],
  );
  if (pins.rows.length > 0) {
    await client.query(
      `UPDATE sed_pins t SET pin = u.new_pin
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS u(sed_id, country, old_pin, new_pin)
        WHERE t.sed_id = u.sed_id AND t.country IS NOT DISTINCT FROM u.country AND t.pin = u.old_pin AND t.pin <> u.new_pin`,
      [pins.rows.map((r) => r.sed_id), pins.rows.map((r) => r.country), pins.rows.map((r) => r.pin), pins.rows.map((r) => p.pin(r.country, r.pin))],
    );
  }
  return { rows: rows.rows.length, keys: [...new Set(rows.rows.map((r) => r.document_id))] };
}

/** Declaration versions received before `cutoff`: record (workers, liaison person) and worker rows. Keys: declaration ids. */
export async function purgeDeclarationBatch(client: PoolClient, cutoff: Date, limit: number, p: Pseudonymiser): Promise<PurgedBatch> {
  const rows = await client.query<{ id: string; declaration_id: string; record: unknown }>(
    `SELECT id, declaration_id, record FROM declarations
      WHERE personal_purged_at IS NULL AND received_at < $1 ORDER BY received_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [cutoff, limit],
  );
  if (rows.rows.length === 0) return NOTHING;
  const ids = rows.rows.map((r) => r.id);
  await client.query(
    `UPDATE declarations d SET record = u.record, personal_purged_at = now()
       FROM unnest($1::bigint[], $2::jsonb[]) AS u(id, record) WHERE d.id = u.id`,
    [ids, rows.rows.map((r) => JSON.stringify(purgeDeclarationRecord(r.record, p)))],
  );
  const workers = await client.query<{ declaration_row_id: string; worker_idx: number; family_name: string | null; forename: string | null; pins: unknown }>(
    'SELECT declaration_row_id, worker_idx, family_name, forename, pins FROM declaration_workers WHERE declaration_row_id = ANY($1::bigint[])',
    [ids],
  );
  if (workers.rows.length > 0) {
    await client.query(
      `UPDATE declaration_workers w SET family_name = u.family_name, forename = u.forename, birth_date = NULL, pins = u.pins
         FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::jsonb[]) AS u(row_id, idx, family_name, forename, pins)
        WHERE w.declaration_row_id = u.row_id AND w.worker_idx = u.idx`,
      [
        workers.rows.map((w) => w.declaration_row_id),
        workers.rows.map((w) => w.worker_idx),
        workers.rows.map((w) => nameOrNull(w.family_name, p)),
        workers.rows.map((w) => nameOrNull(w.forename, p)),
        workers.rows.map((w) => JSON.stringify(pseudonymPins(w.pins, p))),
      ],
    );
  }
  return { rows: rows.rows.length, keys: [...new Set(rows.rows.map((r) => r.declaration_id))] };
}

/** Certificate events received before `cutoff`: the person in the record. Keys: certificate numbers. */
export async function purgeCertificateEventBatch(client: PoolClient, cutoff: Date, limit: number, p: Pseudonymiser): Promise<PurgedBatch> {
  const rows = await client.query<{ id: string; certificate_number: string; record: unknown }>(
    `SELECT id, certificate_number, record FROM certificate_events
      WHERE personal_purged_at IS NULL AND received_at < $1 ORDER BY received_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [cutoff, limit],
  );
  if (rows.rows.length === 0) return NOTHING;
  await client.query(
    `UPDATE certificate_events e SET record = u.record, personal_purged_at = now()
       FROM unnest($1::bigint[], $2::jsonb[]) AS u(id, record) WHERE e.id = u.id`,
    [rows.rows.map((r) => r.id), rows.rows.map((r) => JSON.stringify(purgeCertificateRecord(r.record, p)))],
  );
  return { rows: rows.rows.length, keys: [...new Set(rows.rows.map((r) => r.certificate_number))] };
}

/**
 * Certificates whose current event is purged and whose own row is not (or was re-derived since):
 * their record (already without the security code) and name columns. Returns the numbers.
 */
export async function purgeCertificateBatch(client: PoolClient, limit: number, p: Pseudonymiser): Promise<string[]> {
  const rows = await client.query<{ certificate_number: string; record: unknown; family_name: string | null; forename: string | null }>(
    `SELECT c.certificate_number, c.record, c.family_name, c.forename
       FROM certificates c JOIN certificate_events e ON e.id = c.current_event_id
      WHERE e.personal_purged_at IS NOT NULL AND (c.personal_purged_at IS NULL OR c.personal_purged_at < c.updated_at)
      ORDER BY c.certificate_number LIMIT $1 FOR UPDATE OF c SKIP LOCKED`,
    [limit],
  );
  if (rows.rows.length === 0) return [];
  await client.query(
    `UPDATE certificates c SET record = u.record, family_name = u.family_name, forename = u.forename, birth_date = NULL,
            personal_purged_at = greatest(now(), c.updated_at)
       FROM unnest($1::text[], $2::jsonb[], $3::text[], $4::text[]) AS u(num, record, family_name, forename)
      WHERE c.certificate_number = u.num`,
    [
      rows.rows.map((r) => r.certificate_number),
      rows.rows.map((r) => JSON.stringify(purgeCertificateRecord(r.record, p))),
      rows.rows.map((r) => nameOrNull(r.family_name, p)),
      rows.rows.map((r) => nameOrNull(r.forename, p)),
    ],
  );
  return rows.rows.map((r) => r.certificate_number);
}

export interface PersonalCounts {
  seds: number;
  declarations: number;
  certificateEvents: number;
}

export async function countPersonalToPurge(client: PoolClient, cutoff: Date): Promise<PersonalCounts> {
  const res = await client.query<{ seds: string; declarations: string; events: string }>(
    `SELECT (SELECT count(*) FROM seds WHERE personal_purged_at IS NULL AND received_at < $1) AS seds,
            (SELECT count(*) FROM declarations WHERE personal_purged_at IS NULL AND received_at < $1) AS declarations,
            (SELECT count(*) FROM certificate_events WHERE personal_purged_at IS NULL AND received_at < $1) AS events`,
    [cutoff],
  );
  const r = res.rows[0];
  return { seds: Number(r?.seds ?? 0), declarations: Number(r?.declarations ?? 0), certificateEvents: Number(r?.events ?? 0) };
}
