/**
 * Security codes at rest (migration 0013): after ingestion no column of certificate_events or
 * certificates holds a code in clear, in any written form; verification still works, also after
 * the key changed (the code is read again from the original message), and rows written before
 * the migration are scrubbed by it. The key comes from LAC_VERIFY_SECRET, as in production.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { hashSecurityCode, verifyKeyFromSecret, type VerifyKey } from '../../core/verify/verify.js';
import { withTransaction } from '../../lib/db/pool.js';
import { MIGRATIONS_FOLDER } from '../../lib/paths.js';
import { purgeRawBatch } from '../../lib/retention/sql-raw.js';
import { loadVerifyKey } from '../../lib/verify/secrets.js';
import { verifyCertificate, type VerifyOptions } from '../../lib/verify/verify-service.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { certificateEvent, ingestEvents, withdrawalEvent } from './helpers.js';

const SECRET = randomBytes(48).toString('base64');
const envKey = verifyKeyFromSecret(Buffer.from(SECRET, 'utf8'));
/** Codes with letters outside 0-9A-F, so a hash printed in hex cannot contain them by chance. */
const CODES = {
  plain: 'R3ST-C0DX',
  initial: 'INIT-MNPQ',
  amended: 'AMND-RSTU',
  kept: 'KEEP-VWXY',
  withdrawn: 'WDRN-GHJK',
  legacyHashed: 'OLDH-ZZZ1',
  legacyClear: 'OLDC-ZZZ2',
};

let db: TestDatabase;
let client = 0;
const opts = (over: Partial<VerifyOptions> = {}): VerifyOptions => ({ clientId: `rest-${++client}`, now: new Date('2024-06-15T12:00:00Z'), ...over });

/** Every written form of a code a reader could search for: as issued, normalised, lower case, with a space. */
function forms(code: string): string[] {
  const bare = code.replace(/-/g, '');
  return [code, bare, code.toLowerCase(), bare.toLowerCase(), code.replace('-', ' ')];
}

/** Rows (as text, every column) of `table` that contain one of `codes` in any form. */
async function rowsHoldingCodes(table: 'certificate_events' | 'certificates' | 'raw_messages', codes: string[]): Promise<string[]> {
  // raw_messages.body is bytea: compared as its UTF-8 text, the way a reader of a dump would.
  const text = table === 'raw_messages' ? "convert_from(t.body, 'UTF8') || t::text" : 't::text';
  const res = await db.pool.query<{ row: string }>(`SELECT ${text} AS row FROM ${table} t`);
  const needles = codes.flatMap(forms).map((f) => f.toLowerCase());
  return res.rows.map((r) => r.row).filter((row) => needles.some((n) => row.toLowerCase().includes(n)));
}

beforeAll(async () => {
  vi.stubEnv('LAC_VERIFY_SECRET', SECRET);
  vi.stubEnv('LAC_ALLOW_GENERATED_SECRETS', '0');
  db = await createTestDatabase();
  await ingestEvents(db.pool, [
    certificateEvent({ certificateNumber: 'FR-A1-2024-REST1', securityCode: CODES.plain }),
    certificateEvent({ certificateNumber: 'FR-A1-2024-REST2', securityCode: CODES.initial }),
    certificateEvent({ certificateNumber: 'FR-A1-2024-REST2', securityCode: CODES.amended, issueType: 'amendment', issuedAt: '2024-04-10' }),
    certificateEvent({ certificateNumber: 'FR-A1-2024-REST3', securityCode: CODES.kept }),
    certificateEvent({ certificateNumber: 'FR-A1-2024-REST3', securityCode: undefined, issueType: 'amendment', issuedAt: '2024-04-10', endDate: '2025-01-31' }),
    { ...withdrawalEvent('FR-A1-2024-REST1', '2024-09-01'), securityCode: CODES.withdrawn },
  ]);
});
afterAll(async () => {
  await db.drop();
  vi.unstubAllEnvs();
});

test('no column of certificate_events or certificates holds a code in clear; the original message still does (kept by design)', async () => {
  const all = Object.values(CODES);
  expect(await rowsHoldingCodes('certificate_events', all)).toEqual([]);
  expect(await rowsHoldingCodes('certificates', all)).toEqual([]);
  // The search finds what is there: raw_messages keeps the original bytes until retention.
  expect(await rowsHoldingCodes('raw_messages', [CODES.plain])).toHaveLength(1);
  expect(await rowsHoldingCodes('raw_messages', all)).toHaveLength(5);
});

test('each event keeps the keyed hash of its code under LAC_VERIFY_SECRET; nothing generated into lac_secrets', async () => {
  const rows = await db.pool.query<{ number: string; issue_type: string; has: boolean; hash: Buffer | null; key_id: Buffer | null }>(
    `SELECT certificate_number AS number, issue_type, has_security_code AS has, security_code_hash AS hash, security_code_key_id AS key_id
       FROM certificate_events ORDER BY id`,
  );
  const expected: Array<[string, string, string | null]> = [
    ['FR-A1-2024-REST1', 'initial', CODES.plain],
    ['FR-A1-2024-REST2', 'initial', CODES.initial],
    ['FR-A1-2024-REST2', 'amendment', CODES.amended],
    ['FR-A1-2024-REST3', 'initial', CODES.kept],
    ['FR-A1-2024-REST3', 'amendment', null],
    ['FR-A1-2024-REST1', 'withdrawal', CODES.withdrawn],
  ];
  const byKey = (n: string, t: string) => rows.rows.find((r) => r.number === n && r.issue_type === t);
  for (const [number, type, code] of expected) {
    const r = byKey(number, type);
    expect(r, `${number} ${type}`).toBeDefined();
    expect(r?.has).toBe(code !== null);
    if (code === null) {
      expect(r?.hash).toBeNull();
      expect(r?.key_id).toBeNull();
    } else {
      expect(r?.hash?.equals(hashSecurityCode(envKey, number, code))).toBe(true);
      expect(r?.key_id?.equals(envKey.id)).toBe(true);
    }
  }
  expect((await db.pool.query('SELECT 1 FROM lac_secrets')).rowCount).toBe(0);
});

test('verification works from the stored hashes: current code, amended code, code kept from an earlier event', async () => {
  expect((await verifyCertificate(db.pool, 'FR-A1-2024-REST1', 'r3st c0dx', opts())).result).toBe('withdrawn');
  expect((await verifyCertificate(db.pool, 'FR-A1-2024-REST2', CODES.amended, opts())).result).toBe('valid');
  expect((await verifyCertificate(db.pool, 'FR-A1-2024-REST2', CODES.initial, opts())).result).toBe('wrong-code');
  const kept = await verifyCertificate(db.pool, 'FR-A1-2024-REST3', CODES.kept, opts());
  expect(kept.result === 'valid' && kept.certificate.endDate).toBe('2025-01-31');
});

test('a new key: the code is read again from the original message, the event re-hashed, nothing stored in clear', async () => {
  const other = verifyKeyFromSecret(randomBytes(32));
  expect((await verifyCertificate(db.pool, 'FR-A1-2024-REST2', CODES.amended, opts({ key: other }))).result).toBe('valid');
  expect((await verifyCertificate(db.pool, 'FR-A1-2024-REST3', CODES.kept, opts({ key: other }))).result).toBe('valid');
  const ev = await db.pool.query<{ hash: Buffer; key_id: Buffer }>(
    "SELECT security_code_hash AS hash, security_code_key_id AS key_id FROM certificate_events WHERE certificate_number = 'FR-A1-2024-REST2' AND issue_type = 'amendment'",
  );
  expect(ev.rows[0]?.key_id.equals(other.id)).toBe(true);
  expect(ev.rows[0]?.hash.equals(hashSecurityCode(other, 'FR-A1-2024-REST2', CODES.amended))).toBe(true);
  expect(await rowsHoldingCodes('certificate_events', Object.values(CODES))).toEqual([]);
  expect(await rowsHoldingCodes('certificates', Object.values(CODES))).toEqual([]);
  // And back to LAC_VERIFY_SECRET.
  expect((await verifyCertificate(db.pool, 'FR-A1-2024-REST2', CODES.amended, opts())).result).toBe('valid');
  expect((await verifyCertificate(db.pool, 'FR-A1-2024-REST2', CODES.initial, opts())).result).toBe('wrong-code');
});

test('rows written before migration 0013 (code in both records) are scrubbed by it and still verify', async () => {
  await ingestEvents(db.pool, [
    certificateEvent({ certificateNumber: 'FR-A1-2024-OLDH', securityCode: CODES.legacyHashed }),
    certificateEvent({ certificateNumber: 'FR-A1-2024-OLDC', securityCode: CODES.legacyClear }),
  ]);
  // As the code before 0013 left them: the code in the event record; OLDH hashed (its code gone
  // from certificates.record), OLDC not yet (its code still in certificates.record).
  await db.pool.query(
    `UPDATE certificate_events e SET record = e.record || jsonb_build_object('securityCode', c.code),
            has_security_code = false, security_code_hash = NULL, security_code_key_id = NULL
       FROM (VALUES ('FR-A1-2024-OLDH', $1::text), ('FR-A1-2024-OLDC', $2::text)) AS c(number, code)
      WHERE e.certificate_number = c.number`,
    [CODES.legacyHashed, CODES.legacyClear],
  );
  await db.pool.query(
    `UPDATE certificates SET record = record || jsonb_build_object('securityCode', $1::text),
            security_code_hash = NULL, security_code_key_id = NULL, security_code_event_id = NULL
      WHERE certificate_number = 'FR-A1-2024-OLDC'`,
    [CODES.legacyClear],
  );
  expect(await rowsHoldingCodes('certificate_events', [CODES.legacyHashed, CODES.legacyClear])).toHaveLength(2);
  expect(await rowsHoldingCodes('certificates', [CODES.legacyClear])).toHaveLength(1);

  for (const statement of migrationDataStatements('0013_secrets_and_codes.sql')) await db.pool.query(statement);

  expect(await rowsHoldingCodes('certificate_events', Object.values(CODES))).toEqual([]);
  expect(await rowsHoldingCodes('certificates', Object.values(CODES))).toEqual([]);
  const marked = await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM certificate_events WHERE certificate_number LIKE 'FR-A1-2024-OLD_' AND has_security_code");
  expect(marked.rows[0]?.n).toBe('2');
  expect((await verifyCertificate(db.pool, 'FR-A1-2024-OLDH', CODES.legacyHashed, opts())).result).toBe('valid');
  expect((await verifyCertificate(db.pool, 'FR-A1-2024-OLDC', CODES.legacyClear, opts())).result).toBe('valid');
  expect((await verifyCertificate(db.pool, 'FR-A1-2024-OLDC', CODES.legacyHashed, opts())).result).toBe('wrong-code');
});

test('once retention purged the original bytes: the same key still verifies; a new key cannot (the code is gone)', async () => {
  const purged = await withTransaction(db.pool, (c) => purgeRawBatch(c, new Date(Date.now() + 86_400_000), 10_000));
  expect(purged.rawMessages).toBeGreaterThan(0);
  expect(await rowsHoldingCodes('raw_messages', Object.values(CODES))).toEqual([]);
  expect((await verifyCertificate(db.pool, 'FR-A1-2024-REST2', CODES.amended, opts())).result).toBe('valid');
  const third: VerifyKey = verifyKeyFromSecret(randomBytes(32));
  expect((await verifyCertificate(db.pool, 'FR-A1-2024-REST2', CODES.amended, opts({ key: third }))).result).toBe('wrong-code');
  expect((await loadVerifyKey(db.pool)).id.equals(envKey.id)).toBe(true);
});

/** The data statements (UPDATE) of a migration file: its ALTERs already ran when the schema was created. */
function migrationDataStatements(file: string): string[] {
  return fs
    .readFileSync(path.join(MIGRATIONS_FOLDER, file), 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.split('\n').filter((l) => !l.trim().startsWith('--')).join('\n').trim())
    .filter((s) => /^UPDATE\b/i.test(s));
}
