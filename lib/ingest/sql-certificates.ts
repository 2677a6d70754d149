/** SQL for certificates: every event kept (the history), the current state derived from them. */
import type { PoolClient } from '../db/pool.js';
import type { CertificateEvent } from '../../core/model/certificate.js';
import { hashSecurityCode, type VerifyKey } from '../../core/verify/verify.js';
import { loadVerifyKey } from '../verify/secrets.js';

export interface CertificateToStore {
  rawMessageId: number;
  certificate: CertificateEvent;
}

/**
 * The security code is stored only as its keyed hash (lib/verify/README.md), never in `record`.
 * `key`: default LAC_VERIFY_SECRET (lib/verify/secrets.ts).
 */
export async function insertCertificateEvents(client: PoolClient, items: CertificateToStore[], options: { key?: VerifyKey } = {}): Promise<number> {
  if (items.length === 0) return 0;
  const key = items.some((i) => i.certificate.securityCode !== null) ? (options.key ?? (await loadVerifyKey(client))) : null;
  await client.query(
    `INSERT INTO certificate_events (certificate_number, issue_type, issued_at, record, raw_message_id,
                                     has_security_code, security_code_hash, security_code_key_id)
     SELECT n, t, d, r, m, h IS NOT NULL, h, CASE WHEN h IS NOT NULL THEN $7::bytea END
       FROM unnest($1::text[], $2::text[], $3::date[], $4::jsonb[], $5::bigint[], $6::bytea[]) AS u(n, t, d, r, m, h)`,
    [
      items.map((i) => i.certificate.certificateNumber),
      items.map((i) => i.certificate.issueType),
      items.map((i) => i.certificate.issuedAt),
      items.map((i) => JSON.stringify({ ...i.certificate, securityCode: undefined })),
      items.map((i) => i.rawMessageId),
      items.map((i) => (key === null || i.certificate.securityCode === null ? null : hashSecurityCode(key, i.certificate.certificateNumber, i.certificate.securityCode))),
      key?.id ?? null,
    ],
  );
  await refreshCertificates(client, [...new Set(items.map((i) => i.certificate.certificateNumber))]);
  return items.length;
}

/**
 * Current state of each certificate from all its events: the content of the latest issue or
 * amendment (by issue date; ties broken by content, never by arrival), withdrawn if any
 * withdrawal exists. Independent of the order in which events arrived.
 */
export async function refreshCertificates(client: PoolClient, numbers: string[]): Promise<void> {
  if (numbers.length === 0) return;
  await client.query(
    `WITH content AS (
       SELECT DISTINCT ON (e.certificate_number) e.*
         FROM certificate_events e
        WHERE e.certificate_number = ANY($1::text[]) AND e.issue_type <> 'withdrawal'
        ORDER BY e.certificate_number, e.issued_at DESC NULLS LAST, (e.issue_type = 'amendment') DESC, md5(e.record::text) DESC,
                 e.security_code_hash DESC NULLS LAST
     ), withdrawal AS (
       SELECT certificate_number, min(issued_at) AS withdrawn_at
         FROM certificate_events
        WHERE certificate_number = ANY($1::text[]) AND issue_type = 'withdrawal'
        GROUP BY certificate_number
     )
     INSERT INTO certificates (certificate_number, kind, status, current_event_id, legislation_state, article,
                               start_date, end_date, provisional, family_name, forename, birth_date,
                               employer_name, employer_country, record, withdrawn_at, updated_at)
     SELECT c.certificate_number, c.record->>'kind', CASE WHEN w.certificate_number IS NULL THEN 'valid' ELSE 'withdrawn' END,
            c.id, c.record->>'legislationState', c.record->>'article',
            (c.record->>'startDate')::date, (c.record->>'endDate')::date, coalesce((c.record->>'provisional')::boolean, false),
            c.record->'person'->>'familyName', c.record->'person'->>'forename', (c.record->'person'->>'birthDate')::date,
            c.record->'employer'->>'name', c.record->'employer'->>'country', c.record, w.withdrawn_at, now()
       FROM content c LEFT JOIN withdrawal w USING (certificate_number)
     ON CONFLICT (certificate_number) DO UPDATE SET
       kind = EXCLUDED.kind, status = EXCLUDED.status, current_event_id = EXCLUDED.current_event_id,
       legislation_state = EXCLUDED.legislation_state, article = EXCLUDED.article,
       start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date, provisional = EXCLUDED.provisional,
       family_name = EXCLUDED.family_name, forename = EXCLUDED.forename, birth_date = EXCLUDED.birth_date,
       employer_name = EXCLUDED.employer_name, employer_country = EXCLUDED.employer_country,
       record = EXCLUDED.record, withdrawn_at = EXCLUDED.withdrawn_at, updated_at = now()
     WHERE certificates.current_event_id IS DISTINCT FROM EXCLUDED.current_event_id
        OR certificates.status IS DISTINCT FROM EXCLUDED.status
        OR certificates.withdrawn_at IS DISTINCT FROM EXCLUDED.withdrawn_at`,
    [numbers],
  );
}
