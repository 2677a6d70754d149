/** `lac verify` through the real CLI (a child process) on the real PostgreSQL. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { certificateQrPayload } from '../../lib/verify/verify-service.js';
import { hashSecurityCodes } from '../../lib/verify/sql-verify.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { runLac } from '../support/cli.js';
import { certificateEvent, ingestEvents, withdrawalEvent } from './helpers.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await ingestEvents(db.pool, [
    certificateEvent({ certificateNumber: 'FR-A1-2026-0000001', securityCode: 'VALI-D001', issuedAt: '2026-01-05', startDate: '2026-02-01', endDate: '2099-01-31' }),
    certificateEvent({ certificateNumber: 'FR-A1-2026-0000002', securityCode: 'WITH-D002', issuedAt: '2026-01-05', startDate: '2026-02-01', endDate: '2099-01-31' }),
    withdrawalEvent('FR-A1-2026-0000002', '2026-03-01'),
    certificateEvent({ certificateNumber: 'FR-A1-2020-0000003', securityCode: 'EXPI-R003', issuedAt: '2020-01-05', startDate: '2020-02-01', endDate: '2021-01-31' }),
  ]);
  await hashSecurityCodes(db.pool);
});
afterAll(async () => {
  await db.drop();
});

test('valid: exit 0 and a one-line summary without names', async () => {
  const r = await runLac(['verify', 'FR-A1-2026-0000001', 'vali d001'], db.env);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^valid: FR-A1-2026-0000001; A1; issued by FR on 2026-01-05; legislation of FR, work in DE; 2026-02-01 to 2099-01-31; holder L\. M\., born 1979\n$/);
  expect(r.stdout).not.toContain('Martin');
});

test('--json prints the result object', async () => {
  const r = await runLac(['verify', 'FR-A1-2026-0000001', 'VALI-D001', '--json'], db.env);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ result: 'valid', certificateNumber: 'FR-A1-2026-0000001', certificate: { status: 'valid', holder: { initials: 'L. M.', birthYear: 1979 } } });
});

test.each([
  ['withdrawn', 'FR-A1-2026-0000002', 'WITH-D002'],
  ['expired', 'FR-A1-2020-0000003', 'EXPI-R003'],
  ['unknown', 'FR-A1-2026-9999999', 'VALI-D001'],
  ['wrong-code', 'FR-A1-2026-0000001', 'AAAA-BBBB'],
])('%s: exit 3', async (expected, number, code) => {
  const r = await runLac(['verify', number, code, '--json'], db.env);
  expect(r.code).toBe(3);
  expect((JSON.parse(r.stdout) as { result: string }).result).toBe(expected);
});

test('--on judges expiry on another day', async () => {
  const r = await runLac(['verify', 'FR-A1-2020-0000003', 'EXPI-R003', '--on', '2020-06-01'], db.env);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^valid: /);
});

test('attempts are audited under the cli channel', async () => {
  const rows = await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM verification_attempts WHERE channel = 'cli'");
  expect(Number(rows.rows[0]?.n)).toBeGreaterThanOrEqual(6);
});

test('--qr checks a payload signed with the development key kept in the database', async () => {
  const payload = await certificateQrPayload(db.pool, 'FR-A1-2026-0000001');
  expect(payload).not.toBeNull();
  const r = await runLac(['verify', '--qr', payload ?? ''], db.env);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^valid \(offline/);
});

test('usage errors and a missing database: exit 1 with a one-line reason', async () => {
  const noCode = await runLac(['verify', 'FR-A1-2026-0000001'], db.env);
  expect(noCode.code).toBe(1);
  expect(noCode.stderr).toMatch(/^lac: usage: lac verify/);
  const noDb = await runLac(['verify', 'FR-A1-2026-0000001', 'VALI-D001'], {});
  expect(noDb.code).toBe(1);
  expect(noDb.stderr).toMatch(/^lac: DATABASE_URL: /);
});
