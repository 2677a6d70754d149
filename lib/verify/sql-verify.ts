/**
 * SQL for certificate verification: hashing security codes into `certificates`, reading a
 * certificate's verification state, rate-limit counters and the audit of attempts.
 *
 * Where the code comes from: the current event (`certificates.current_event_id`) or, when that
 * event carries none (an amendment without a new code), the latest earlier issue or amendment
 * that does, in the order refreshCertificates() uses. The hash is stale, and recomputed, when
 * the current event changed since it was computed, when it was computed under another key, or
 * when `certificates.record` again holds `securityCode` (refreshCertificates() rewrites the
 * record from the event); hashing also removes `securityCode` from `certificates.record`.
 */
import { hashSecurityCode, type StoredCertificate, type VerifyKey } from '../../core/verify/verify.js';
import { loadVerifyKey, type Queryable } from './secrets.js';

const STALE = `(c.security_code_event_id IS DISTINCT FROM c.current_event_id
               OR c.security_code_key_id IS DISTINCT FROM $1::bytea
               OR c.record ? 'securityCode')`;

const CODE_OF_CURRENT = `coalesce(
    (SELECT e.record->>'securityCode' FROM certificate_events e WHERE e.id = c.current_event_id),
    (SELECT e.record->>'securityCode' FROM certificate_events e
      WHERE e.certificate_number = c.certificate_number AND e.issue_type <> 'withdrawal'
        AND e.record->>'securityCode' IS NOT NULL
      ORDER BY e.issued_at DESC NULLS LAST, (e.issue_type = 'amendment') DESC, md5(e.record::text) DESC
      LIMIT 1))`;

export interface HashOptions {
  /** The HMAC key; by default LAC_VERIFY_SECRET or the generated key (lib/verify/secrets.ts). */
  key?: VerifyKey;
  /** Certificates per round trip. */
  batchSize?: number;
}

/**
 * Computes the security-code hash of the given certificates (or of all) whose hash is missing
 * or stale, and removes the clear code from `certificates.record`. Safe to call at any time, in
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
      updated += await writeHashes(client, key, rows);
    }
    return updated;
  }
  let after = '';
  for (;;) {
    const rows = await staleRows(client, key, { after, limit: batchSize });
    const last = rows.at(-1);
    if (last === undefined) return updated;
    updated += await writeHashes(client, key, rows);
    after = last.number;
  }
}

interface StaleRow {
  number: string;
  event_id: string;
  code: string | null;
}

async function staleRows(client: Queryable, key: VerifyKey, which: { numbers: string[] } | { after: string; limit: number }): Promise<StaleRow[]> {
  const select = `SELECT c.certificate_number AS number, c.current_event_id AS event_id, ${CODE_OF_CURRENT} AS code
                    FROM certificates c`;
  const res =
    'numbers' in which
      ? await client.query<StaleRow>(`${select} WHERE c.certificate_number = ANY($2::text[]) AND ${STALE}`, [key.id, which.numbers])
      : await client.query<StaleRow>(
          `${select} WHERE c.certificate_number > $2 AND ${STALE} ORDER BY c.certificate_number LIMIT $3`,
          [key.id, which.after, which.limit],
        );
  return res.rows;
}

async function writeHashes(client: Queryable, key: VerifyKey, rows: StaleRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const res = await client.query(
    `UPDATE certificates c
        SET security_code_hash = u.hash, security_code_key_id = $4, security_code_event_id = u.event_id,
            record = c.record - 'securityCode'
       FROM unnest($1::text[], $2::bytea[], $3::bigint[]) AS u(number, hash, event_id)
      WHERE c.certificate_number = u.number AND c.current_event_id = u.event_id`,
    [
      rows.map((r) => r.number),
      rows.map((r) => (r.code === null ? null : hashSecurityCode(key, r.number, r.code))),
      rows.map((r) => r.event_id),
      key.id,
    ],
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
