/**
 * SQL for certificate verification: hashing security codes into `certificates`, reading a
 * certificate's verification state, rate-limit counters and the audit of attempts.
 *
 * No table keeps the code in clear. Ingestion stores each event's code as its keyed hash
 * (`certificate_events.security_code_hash`, under the key `security_code_key_id`); the hash of a
 * certificate is that of its source event: the current event (`certificates.current_event_id`)
 * or, when that event carries no code (an amendment without a new code), the latest earlier
 * issue or amendment that does, in the order refreshCertificates() uses. When the source event
 * was hashed under another key (LAC_VERIFY_SECRET changed) or never (rows scrubbed by migration
 * 0013), the code is read again from the original message (`raw_messages.body`) and the event's
 * hash rewritten; once retention purged those bytes the code is gone and the certificate can no
 * longer be verified under a new key (lib/verify/README.md).
 *
 * The certificate's hash is stale, and recomputed, when the current event changed since it was
 * computed, when it was computed under another key, or when `certificates.record` holds
 * `securityCode` (rows written before migration 0013); hashing also removes it from the record.
 */
import { hashSecurityCode, type StoredCertificate, type VerifyKey } from '../../core/verify/verify.js';
import { prepareMessage } from '../../core/ingest/prepare.js';
import type { SourceMessage } from '../../core/ingest/types.js';
import { loadVerifyKey, type Queryable } from './secrets.js';

const STALE = `(c.security_code_event_id IS DISTINCT FROM c.current_event_id
               OR c.security_code_key_id IS DISTINCT FROM $1::bytea
               OR c.record ? 'securityCode')`;

/** The event whose code is the certificate's (same order as refreshCertificates, current event first). */
const SOURCE_EVENT = `LEFT JOIN LATERAL (
    SELECT e.id, e.security_code_hash, e.security_code_key_id
      FROM certificate_events e
     WHERE e.certificate_number = c.certificate_number AND e.issue_type <> 'withdrawal' AND e.has_security_code
     ORDER BY (e.id = c.current_event_id) DESC, e.issued_at DESC NULLS LAST, (e.issue_type = 'amendment') DESC,
              md5(e.record::text) DESC, e.security_code_hash DESC NULLS LAST
     LIMIT 1) s ON true`;

/**
 * Limits for re-reading an original message: it was accepted once under the configured limits,
 * and only its security code is wanted now.
 */
const REREAD_LIMITS = { maxBytes: Number.MAX_SAFE_INTEGER, maxDepth: 1000 };

export interface HashOptions {
  /** The HMAC key; by default LAC_VERIFY_SECRET (lib/verify/secrets.ts). */
  key?: VerifyKey;
  /** Certificates per round trip. */
  batchSize?: number;
}

/**
 * Computes the security-code hash of the given certificates (or of all) whose hash is missing
 * or stale, and removes any clear code from `certificates.record`. Safe to call at any time, in
 * or out of a transaction, concurrently with ingestion (a row whose current event changed
 * meanwhile is left stale and done next time). Returns the number of certificates updated.
 */
export async function hashSecurityCodes(client: Queryable, numbers?: string[], options: HashOptions = {}): Promise<number> {
  const key = options.key ?? (await loadVerifyKey(client));
  const batchSize = options.batchSize ?? 1000;
  let updated = 0;
  if (numbers !== undefined) {
    const distinct = [...new Set(numbers)];
    for (let i = 0; i < distinct.length; i += batchSize) {
      const rows = await staleRows(client, key, { numbers: distinct.slice(i, i + batchSize) });
      updated += await writeHashes(client, key, await withHashes(client, key, rows));
    }
    return updated;
  }
  let after = '';
  for (;;) {
    const rows = await staleRows(client, key, { after, limit: batchSize });
    const last = rows.at(-1);
    if (last === undefined) return updated;
    updated += await writeHashes(client, key, await withHashes(client, key, rows));
    after = last.number;
  }
}

interface StaleRow {
  number: string;
  event_id: string;
  /** The source event; null when no event of this certificate carries a code. */
  source_id: string | null;
  source_hash: Buffer | null;
  source_key_id: Buffer | null;
}

async function staleRows(client: Queryable, key: VerifyKey, which: { numbers: string[] } | { after: string; limit: number }): Promise<StaleRow[]> {
  const select = `SELECT c.certificate_number AS number, c.current_event_id AS event_id,
                         s.id AS source_id, s.security_code_hash AS source_hash, s.security_code_key_id AS source_key_id
                    FROM certificates c ${SOURCE_EVENT}`;
  const res =
    'numbers' in which
      ? await client.query<StaleRow>(`${select} WHERE c.certificate_number = ANY($2::text[]) AND ${STALE}`, [key.id, which.numbers])
      : await client.query<StaleRow>(
          `${select} WHERE c.certificate_number > $2 AND ${STALE} ORDER BY c.certificate_number LIMIT $3`,
          [key.id, which.after, which.limit],
        );
  return res.rows;
}

interface HashedRow {
  number: string;
  event_id: string;
  hash: Buffer | null;
}

/**
 * Each row's hash: the source event's when made under `key`, else from the code read again from
 * the original message (and written back to the event, so that happens once per event and key).
 * Null when there is no code, or its message was purged.
 */
async function withHashes(client: Queryable, key: VerifyKey, rows: StaleRow[]): Promise<HashedRow[]> {
  const reread = rows.filter((r) => r.source_id !== null && !(r.source_hash !== null && r.source_key_id?.equals(key.id) === true));
  const fresh = await rehashFromOriginals(client, key, [...new Set(reread.map((r) => r.source_id as string))]);
  return rows.map((r) => ({
    number: r.number,
    event_id: r.event_id,
    hash: r.source_id === null ? null : (fresh.get(r.source_id) ?? (r.source_key_id?.equals(key.id) === true ? r.source_hash : null)),
  }));
}

/** Hashes under `key` of the codes in these events' original messages (events whose bytes are gone are left out). */
async function rehashFromOriginals(client: Queryable, key: VerifyKey, eventIds: string[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  if (eventIds.length === 0) return out;
  const res = await client.query<{ id: string; number: string; source: SourceMessage['source']; headers: Record<string, string>; body: Buffer }>(
    `SELECT e.id, e.certificate_number AS number, r.source, r.headers, r.body
       FROM certificate_events e JOIN raw_messages r ON r.id = e.raw_message_id
      WHERE e.id = ANY($1::bigint[]) AND r.purged_at IS NULL`,
    [eventIds],
  );
  for (const r of res.rows) {
    const message: SourceMessage = { source: r.source, topic: null, partition: null, offset: null, key: null, headers: r.headers, body: r.body };
    const outcome = prepareMessage(message, REREAD_LIMITS).outcome;
    if (outcome.type !== 'certificate' || outcome.certificate.securityCode === null || outcome.certificate.certificateNumber !== r.number) continue;
    out.set(r.id, hashSecurityCode(key, r.number, outcome.certificate.securityCode));
  }
  if (out.size > 0) {
    await client.query(
      `UPDATE certificate_events e SET security_code_hash = u.hash, security_code_key_id = $3
         FROM unnest($1::bigint[], $2::bytea[]) AS u(id, hash) WHERE e.id = u.id`,
      [[...out.keys()], [...out.values()], key.id],
    );
  }
  return out;
}

async function writeHashes(client: Queryable, key: VerifyKey, rows: HashedRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const res = await client.query(
    `UPDATE certificates c
        SET security_code_hash = u.hash, security_code_key_id = $4, security_code_event_id = u.event_id,
            record = c.record - 'securityCode'
       FROM unnest($1::text[], $2::bytea[], $3::bigint[]) AS u(number, hash, event_id)
      WHERE c.certificate_number = u.number AND c.current_event_id = u.event_id`,
    [rows.map((r) => r.number), rows.map((r) => r.hash), rows.map((r) => r.event_id), key.id],
  );
  return res.rowCount ?? 0;
}

interface CertificateRow {
  certificate_number: string;
  status: 'valid' | 'withdrawn';
  kind: string;
  form: string | null;
  issuing_state: string | null;
  legislation_state: string | null;
  states_of_work: unknown;
  start_date: string | null;
  end_date: string | null;
  provisional: boolean;
  issued_at: string | null;
  withdrawn_at: string | null;
  family_name: string | null;
  forename: string | null;
  birth_date: string | null;
  security_code_hash: Buffer | null;
  stale: boolean;
}

/** The stored state of one certificate, hashing its code first when the hash is missing or stale. */
export async function loadStoredCertificate(client: Queryable, key: VerifyKey, certificateNumber: string): Promise<StoredCertificate | null> {
  let row = await readCertificateRow(client, key, certificateNumber);
  if (row?.stale === true) {
    await hashSecurityCodes(client, [certificateNumber], { key });
    row = await readCertificateRow(client, key, certificateNumber);
  }
  if (row === undefined) return null;
  return {
    certificateNumber: row.certificate_number,
    status: row.status,
    kind: row.kind,
    form: row.form,
    issuingState: row.issuing_state,
    legislationState: row.legislation_state,
    statesOfWork: Array.isArray(row.states_of_work) ? row.states_of_work.filter((s): s is string => typeof s === 'string') : [],
    startDate: row.start_date,
    endDate: row.end_date,
    provisional: row.provisional,
    issuedAt: row.issued_at,
    withdrawnAt: row.withdrawn_at,
    holder: { familyName: row.family_name, forename: row.forename, birthDate: row.birth_date },
    // Still stale after hashing: the current event changed in between; no hash means no match.
    securityCodeHash: row.stale ? null : row.security_code_hash,
  };
}

async function readCertificateRow(client: Queryable, key: VerifyKey, certificateNumber: string): Promise<CertificateRow | undefined> {
  const res = await client.query<CertificateRow>(
    `SELECT c.certificate_number, c.status, c.kind, c.record->>'form' AS form, c.record->'issuer'->>'country' AS issuing_state,
            c.legislation_state, c.record->'statesOfWork' AS states_of_work,
            to_char(c.start_date, 'YYYY-MM-DD') AS start_date, to_char(c.end_date, 'YYYY-MM-DD') AS end_date,
            c.provisional, c.record->>'issuedAt' AS issued_at, to_char(c.withdrawn_at, 'YYYY-MM-DD') AS withdrawn_at,
            c.family_name, c.forename, to_char(c.birth_date, 'YYYY-MM-DD') AS birth_date,
            c.security_code_hash, ${STALE} AS stale
       FROM certificates c
      WHERE c.certificate_number = $2`,
    [key.id, certificateNumber],
  );
  return res.rows[0];
}

/** The current content of a valid certificate (for signing its QR payload); null if unknown or withdrawn. */
export async function loadCurrentCertificateRecord(client: Queryable, certificateNumber: string): Promise<Record<string, unknown> | null> {
  const res = await client.query<{ record: Record<string, unknown> }>(
    `SELECT c.record - 'securityCode' AS record FROM certificates c WHERE c.certificate_number = $1 AND c.status = 'valid'`,
    [certificateNumber],
  );
  return res.rows[0]?.record ?? null;
}

export type RateLimitScope = 'client' | 'certificate';

export interface RateLimitHit {
  scope: RateLimitScope;
  subject: Buffer;
  windowStart: Date;
}

/** Counts one attempt in each window (atomically, across processes) and returns the counts after it. */
export async function countAttempts(client: Queryable, hits: RateLimitHit[]): Promise<Map<RateLimitScope, number>> {
  const res = await client.query<{ scope: RateLimitScope; attempts: number }>(
    `INSERT INTO verification_rate_limits AS r (scope, subject, window_start, attempts)
     SELECT u.scope, u.subject, u.window_start, 1 FROM unnest($1::text[], $2::bytea[], $3::timestamptz[]) AS u(scope, subject, window_start)
     ON CONFLICT (scope, subject, window_start) DO UPDATE SET attempts = r.attempts + 1
     RETURNING r.scope, r.attempts`,
    [hits.map((h) => h.scope), hits.map((h) => h.subject), hits.map((h) => h.windowStart)],
  );
  return new Map(res.rows.map((r) => [r.scope, r.attempts]));
}

/** Drops rate-limit windows that started before `before`. */
export async function pruneRateLimits(client: Queryable, before: Date): Promise<number> {
  const res = await client.query('DELETE FROM verification_rate_limits WHERE window_start < $1', [before]);
  return res.rowCount ?? 0;
}

export interface AttemptRecord {
  attemptedAt: Date;
  channel: string;
  clientKey: Buffer;
  certificateNumber: string;
  result: string;
}

/** Audit row of one attempt: never the presented code, the client only as a pseudonym. */
export async function recordAttempt(client: Queryable, attempt: AttemptRecord): Promise<void> {
  await client.query(
    `INSERT INTO verification_attempts (attempted_at, channel, client_key, certificate_number, result) VALUES ($1, $2, $3, $4, $5)`,
    [attempt.attemptedAt, attempt.channel, attempt.clientKey, attempt.certificateNumber, attempt.result],
  );
}

/** Deletes audit rows older than `before` (retention); returns how many. */
export async function pruneVerificationAttempts(client: Queryable, before: Date): Promise<number> {
  const res = await client.query('DELETE FROM verification_attempts WHERE attempted_at < $1', [before]);
  return res.rowCount ?? 0;
}
