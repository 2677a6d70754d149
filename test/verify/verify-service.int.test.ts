/**
 * Verification on the real PostgreSQL, with certificates stored through the real ingestion
 * path: hashing, outcomes, rate limiting, audit, key rotation, amendments.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyKeyFromSecret } from '../../core/verify/verify.js';
import { verifyQrPayload } from '../../core/verify/qr-payload.js';
import { hashSecurityCodes } from '../../lib/verify/sql-verify.js';
import { loadQrPublicKey, loadVerifyKey } from '../../lib/verify/secrets.js';
import { certificateQrPayload, VerifyInputError, verifyCertificate, type VerifyOptions } from '../../lib/verify/verify-service.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { certificateEvent, ingestEvents, validWithdrawnExpired, withdrawalEvent } from './helpers.js';
import { DEFAULT_PUBLIC_VIEW } from '../support/verify-certificates.js';

let db: TestDatabase;
const now = new Date('2024-06-15T12:00:00Z');
let clientCounter = 0;
/** A fresh client id per call site, so rate limits of one test do not leak into another. */
const opts = (over: Partial<VerifyOptions> = {}): VerifyOptions => ({ clientId: `test-${++clientCounter}`, now, ...over });

beforeAll(async () => {
  db = await createTestDatabase();
  await ingestEvents(db.pool, [
    ...validWithdrawnExpired(),
    certificateEvent({ certificateNumber: 'FR-E101-NOCODE', kind: 'E101', securityCode: undefined }),
  ]);
});
afterAll(async () => {
  await db.drop();
});

describe('hashing', () => {
  test('ingestion hashes every code and removes it from certificates.record; hashing again changes nothing', async () => {
    expect(await hashSecurityCodes(db.pool)).toBe(0);
    const rows = await db.pool.query<{ certificate_number: string; has_code: boolean; hash: Buffer | null; text: string }>(
      "SELECT certificate_number, record ? 'securityCode' AS has_code, security_code_hash AS hash, record::text AS text FROM certificates ORDER BY 1",
    );
    expect(rows.rows.length).toBe(4);
    for (const r of rows.rows) {
      expect(r.has_code, r.certificate_number).toBe(false);
      expect(r.text).not.toMatch(/7K2Q|WWWW|XXXX/);
      if (r.certificate_number === 'FR-E101-NOCODE') expect(r.hash).toBeNull();
      else expect(r.hash).toHaveLength(32);
    }
  });

  test('rows left with a clear code (rewritten since) are hashed: only the numbers asked for, when given', async () => {
    await ingestEvents(db.pool, [certificateEvent({ certificateNumber: 'FR-A1-2024-N1', securityCode: 'NNNN-0001' }), certificateEvent({ certificateNumber: 'FR-A1-2024-N2', securityCode: 'NNNN-0002' })]);
    // As if an older ingestion had left the codes in clear.
    await db.pool.query(
      `UPDATE certificates c SET record = c.record || jsonb_build_object('securityCode', e.record->>'securityCode'), security_code_hash = NULL
         FROM certificate_events e WHERE e.id = c.current_event_id AND c.certificate_number IN ('FR-A1-2024-N1', 'FR-A1-2024-N2')`,
    );
    expect(await hashSecurityCodes(db.pool, ['FR-A1-2024-N1', 'FR-A1-2024-N1', 'NOPE'])).toBe(1);
    expect(await hashSecurityCodes(db.pool)).toBe(1);
    expect((await verifyCertificate(db.pool, 'FR-A1-2024-N2', 'NNNN-0002', opts())).result).toBe('valid');
  });

  test('a certificate is verifiable as soon as its ingestion transaction commits', async () => {
    await ingestEvents(db.pool, [certificateEvent({ certificateNumber: 'FR-A1-2024-TX', securityCode: 'TTTT-0001' })]);
    expect((await verifyCertificate(db.pool, 'FR-A1-2024-TX', 'tttt0001', opts())).result).toBe('valid');
  });

  test('a certificate ingested but not yet hashed is hashed on first verification', async () => {
    await ingestEvents(db.pool, [certificateEvent({ certificateNumber: 'FR-A1-2024-LAZY', securityCode: 'LAZY-0001' })]);
    expect((await verifyCertificate(db.pool, 'FR-A1-2024-LAZY', 'LAZY-0001', opts())).result).toBe('valid');
    const r = await db.pool.query<{ has: boolean }>("SELECT record ? 'securityCode' AS has FROM certificates WHERE certificate_number = 'FR-A1-2024-LAZY'");
    expect(r.rows[0]?.has).toBe(false);
  });

  test('an amendment with a new code replaces the code; one without a code keeps the last one', async () => {
    const n = 'FR-A1-2024-AMEND';
    await ingestEvents(db.pool, [certificateEvent({ certificateNumber: n, securityCode: 'OLD0-0001' })]);
    await hashSecurityCodes(db.pool, [n]);
    expect((await verifyCertificate(db.pool, n, 'OLD0-0001', opts())).result).toBe('valid');

    await ingestEvents(db.pool, [certificateEvent({ certificateNumber: n, securityCode: 'NEW0-0002', issueType: 'amendment', issuedAt: '2024-04-10', endDate: '2024-12-31' })]);
    expect(await hashSecurityCodes(db.pool, [n])).toBe(0);
    expect((await verifyCertificate(db.pool, n, 'OLD0-0001', opts())).result).toBe('wrong-code');
    const r = await verifyCertificate(db.pool, n, 'NEW0-0002', opts());
    expect(r.result === 'valid' && r.certificate.endDate).toBe('2024-12-31');

    await ingestEvents(db.pool, [certificateEvent({ certificateNumber: n, securityCode: undefined, issueType: 'amendment', issuedAt: '2024-05-10', endDate: '2025-01-31' })]);
    const r2 = await verifyCertificate(db.pool, n, 'NEW0-0002', opts());
    expect(r2.result === 'valid' && r2.certificate.endDate).toBe('2025-01-31');
  });

  test('a withdrawal arriving after hashing: withdrawn, the code still recognised, no clear code left', async () => {
    const n = 'FR-A1-2024-LATEW';
    await ingestEvents(db.pool, [certificateEvent({ certificateNumber: n, securityCode: 'LATE-0001' })]);
    await hashSecurityCodes(db.pool, [n]);
    await ingestEvents(db.pool, [withdrawalEvent(n, '2024-06-01')]);
    const r = await verifyCertificate(db.pool, n, 'LATE-0001', opts());
    expect(r.result).toBe('withdrawn');
    const row = await db.pool.query<{ has: boolean }>('SELECT record ? \'securityCode\' AS has FROM certificates WHERE certificate_number = $1', [n]);
    expect(row.rows[0]?.has).toBe(false);
  });

  test('a new key (LAC_VERIFY_SECRET changed) re-hashes on use', async () => {
    const other = verifyKeyFromSecret(randomBytes(32));
    expect((await verifyCertificate(db.pool, 'FR-A1-2024-0001234', '7K2Q-9XTD', opts({ key: other }))).result).toBe('valid');
    expect((await verifyCertificate(db.pool, 'FR-A1-2024-0001234', '7K2Q-9XTD', opts())).result).toBe('valid');
    const keyId = (await loadVerifyKey(db.pool)).id;
    const row = await db.pool.query<{ key_id: Buffer }>("SELECT security_code_key_id AS key_id FROM certificates WHERE certificate_number = 'FR-A1-2024-0001234'");
    expect(row.rows[0]?.key_id.equals(keyId)).toBe(true);
  });

  test('the generated key is kept in lac_secrets and is the same on every load', async () => {
    const a = await loadVerifyKey(db.pool);
    const client = await db.pool.connect();
    try {
      const b = await loadVerifyKey(client);
      expect(b.id.equals(a.id)).toBe(true);
    } finally {
      client.release();
    }
    const r = await db.pool.query<{ name: string }>('SELECT name FROM lac_secrets');
    expect(r.rows.map((x) => x.name)).toContain('verify-hmac-key');
  });
});

describe('outcomes', () => {
  test('valid: what the paper shows, the holder as initials and birth year only', async () => {
    const r = await verifyCertificate(db.pool, 'FR-A1-2024-0001234', '7k2q 9xtd', opts());
    expect(r).toEqual({
      result: 'valid',
      certificateNumber: 'FR-A1-2024-0001234',
      certificate: DEFAULT_PUBLIC_VIEW,
    });
    const text = JSON.stringify(r);
    for (const personal of ['Martin', 'Luc', '1979-07-02', '1790775123456', 'SARL', '7K2Q']) expect(text).not.toContain(personal);
  });

  test('withdrawn (withdrawal event)', async () => {
    const r = await verifyCertificate(db.pool, 'FR-A1-2024-W', 'WWWW-1111', opts());
    expect(r.result).toBe('withdrawn');
    expect(r.result === 'withdrawn' && r.certificate.withdrawnAt).toBe('2024-05-02');
  });

  test('expired (end date past)', async () => {
    const r = await verifyCertificate(db.pool, 'FR-A1-2023-X', 'XXXX-2222', opts());
    expect(r.result).toBe('expired');
    expect(r.result === 'expired' && r.certificate.endDate).toBe('2024-01-31');
    expect((await verifyCertificate(db.pool, 'FR-A1-2023-X', 'XXXX-2222', opts({ today: '2024-01-31' }))).result).toBe('valid');
  });

  test('the date is judged in the given time zone', async () => {
    const lateNight = new Date('2025-03-31T22:30:00Z');
    expect((await verifyCertificate(db.pool, 'FR-A1-2024-0001234', '7K2Q-9XTD', opts({ now: lateNight }))).result).toBe('valid');
    expect((await verifyCertificate(db.pool, 'FR-A1-2024-0001234', '7K2Q-9XTD', opts({ now: lateNight, timeZone: 'Europe/Paris' }))).result).toBe('expired');
  });

  test('unknown number', async () => {
    expect(await verifyCertificate(db.pool, 'FR-A1-2024-9999999', '7K2Q-9XTD', opts())).toEqual({ result: 'unknown', certificateNumber: 'FR-A1-2024-9999999' });
  });

  test('wrong code, also on a withdrawn or expired certificate (its status is not revealed)', async () => {
    expect(await verifyCertificate(db.pool, 'FR-A1-2024-0001234', 'AAAA-BBBB', opts())).toEqual({ result: 'wrong-code', certificateNumber: 'FR-A1-2024-0001234' });
    expect((await verifyCertificate(db.pool, 'FR-A1-2024-W', 'AAAA-BBBB', opts())).result).toBe('wrong-code');
    expect((await verifyCertificate(db.pool, 'FR-A1-2023-X', 'AAAA-BBBB', opts())).result).toBe('wrong-code');
  });

  test('a certificate issued without a security code cannot be verified by code', async () => {
    expect((await verifyCertificate(db.pool, 'FR-E101-NOCODE', '7K2Q-9XTD', opts())).result).toBe('wrong-code');
  });

  test('the number is trimmed; empty or over-long input is refused before anything is counted', async () => {
    expect((await verifyCertificate(db.pool, '  FR-A1-2024-0001234 ', '7K2Q-9XTD', opts())).result).toBe('valid');
    await expect(verifyCertificate(db.pool, '', 'x', opts())).rejects.toBeInstanceOf(VerifyInputError);
    await expect(verifyCertificate(db.pool, 'FR', '   ', opts())).rejects.toBeInstanceOf(VerifyInputError);
    await expect(verifyCertificate(db.pool, 'x'.repeat(65), 'x', opts())).rejects.toBeInstanceOf(VerifyInputError);
    await expect(verifyCertificate(db.pool, 'FR\u0000', 'x', opts())).rejects.toBeInstanceOf(VerifyInputError);
  });
});

describe('rate limiting and audit', () => {
  test('the 11th attempt of a client within a minute is rate-limited, without a look-up; the next window is open again', async () => {
    const clientId = 'ip:198.51.100.7';
    const t0 = new Date('2024-06-15T12:05:03Z');
    for (let i = 0; i < 10; i++) {
      const r = await verifyCertificate(db.pool, `FR-RL-${i}`, 'AAAA-BBBB', { clientId, now: t0 });
      expect(r.result).toBe('unknown');
    }
    const limited = await verifyCertificate(db.pool, 'FR-A1-2024-0001234', '7K2Q-9XTD', { clientId, now: t0 });
    expect(limited).toEqual({ result: 'rate-limited', certificateNumber: 'FR-A1-2024-0001234', retryAfterSeconds: 57 });
    // Another client is not affected.
    expect((await verifyCertificate(db.pool, 'FR-A1-2024-0001234', '7K2Q-9XTD', { clientId: 'ip:198.51.100.8', now: t0 })).result).toBe('valid');
    // The next minute.
    expect((await verifyCertificate(db.pool, 'FR-A1-2024-0001234', '7K2Q-9XTD', { clientId, now: new Date('2024-06-15T12:06:00Z') })).result).toBe('valid');
  });

  test('one certificate number guessed from many clients is rate-limited after 10 attempts, known or unknown alike', async () => {
    const t0 = new Date('2024-06-15T13:00:00Z');
    for (const number of ['FR-A1-2023-X', 'FR-NEVER-ISSUED']) {
      for (let i = 0; i < 10; i++) {
        const r = await verifyCertificate(db.pool, number, `GUESS-${i}`, { clientId: `ip:203.0.113.${i}`, now: t0 });
        expect(r.result).not.toBe('rate-limited');
      }
      const r = await verifyCertificate(db.pool, number, 'XXXX-2222', { clientId: 'ip:203.0.113.200', now: t0 });
      expect(r.result, number).toBe('rate-limited');
    }
  });

  test('limits are configurable', async () => {
    const t0 = new Date('2024-06-15T14:00:00Z');
    const limits = { client: { max: 2, windowSeconds: 3600 } };
    const o = { clientId: 'cli:small', now: t0, limits };
    expect((await verifyCertificate(db.pool, 'A', 'B', o)).result).toBe('unknown');
    expect((await verifyCertificate(db.pool, 'A', 'B', o)).result).toBe('unknown');
    const r = await verifyCertificate(db.pool, 'A', 'B', o);
    expect(r).toEqual({ result: 'rate-limited', certificateNumber: 'A', retryAfterSeconds: 3600 });
  });

  test('concurrent attempts are counted exactly (no lost updates across connections)', async () => {
    const t0 = new Date('2024-06-15T15:00:00Z');
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => verifyCertificate(db.pool, `FR-CONC-${i}`, 'AAAA', { clientId: 'ip:192.0.2.99', now: t0 })),
    );
    expect(results.filter((r) => r.result === 'rate-limited')).toHaveLength(15);
  });

  test('every attempt is audited with its result, the client only as a pseudonym, never the code', async () => {
    const t0 = new Date('2024-06-15T16:00:00Z');
    await verifyCertificate(db.pool, 'FR-A1-2024-0001234', 'SECRET-GUESS-42', { clientId: 'ip:192.0.2.55', now: t0, channel: 'http' });
    const rows = await db.pool.query<{ channel: string; result: string; certificate_number: string; client_key: Buffer; attempted_at: Date }>(
      'SELECT channel, result, certificate_number, client_key, attempted_at FROM verification_attempts WHERE attempted_at = $1',
      [t0],
    );
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]).toMatchObject({ channel: 'http', result: 'wrong-code', certificate_number: 'FR-A1-2024-0001234' });
    expect(rows.rows[0]?.client_key).toHaveLength(16);

    const all = await db.pool.query<{ t: string }>('SELECT string_agg(v::text, \' \') AS t FROM verification_attempts v');
    const limits = await db.pool.query<{ t: string | null }>('SELECT string_agg(r::text, \' \') AS t FROM verification_rate_limits r');
    for (const text of [all.rows[0]?.t ?? '', limits.rows[0]?.t ?? '']) {
      expect(text).not.toContain('SECRET');
      expect(text).not.toContain('GUESS');
      expect(text).not.toContain('192.0.2.55');
      expect(text).not.toContain('7K2Q');
    }
    const results = await db.pool.query<{ result: string }>('SELECT DISTINCT result FROM verification_attempts ORDER BY 1');
    expect(results.rows.map((r) => r.result)).toEqual(['expired', 'rate-limited', 'unknown', 'valid', 'withdrawn', 'wrong-code']);
  });
});

describe('QR payloads', () => {
  test('a valid certificate gets a payload signed with the development key; the public key checks it', async () => {
    const text = await certificateQrPayload(db.pool, 'FR-A1-2024-0001234');
    expect(text).not.toBeNull();
    const r = verifyQrPayload(text ?? '', await loadQrPublicKey(db.pool, { LAC_ALLOW_GENERATED_SECRETS: '1' }));
    expect(r.ok && r.payload).toMatchObject({ certificateNumber: 'FR-A1-2024-0001234', kind: 'A1', legislationState: 'FR', issuingState: 'FR', startDate: '2024-04-01', endDate: '2025-03-31' });
    expect(await certificateQrPayload(db.pool, 'FR-A1-2024-W')).toBeNull();
    expect(await certificateQrPayload(db.pool, 'NOPE')).toBeNull();
  });
});
