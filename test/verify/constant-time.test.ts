/**
 * Unknown number, wrong code and right code take the same path: one HMAC over a message of the
 * same length and one timingSafeEqual over two 32-byte buffers. Counted, not timed (timing
 * assertions are flaky); a rough timing comparison is added with a generous bound.
 */
import * as crypto from 'node:crypto';
import { afterEach, expect, test, vi } from 'vitest';

vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, createHmac: vi.fn(original.createHmac), timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

const { hashSecurityCode, verifyKeyFromSecret, verifyPresentedCode } = await import('../../core/verify/verify.js');
type Stored = Parameters<typeof verifyPresentedCode>[0]['stored'];

const key = verifyKeyFromSecret(Buffer.from('constant time test secret, 32+ bytes long'));
const NUMBER = 'FR-A1-2024-0001234';
const stored: Stored = {
  certificateNumber: NUMBER,
  status: 'valid',
  kind: 'A1',
  form: null,
  issuingState: 'FR',
  legislationState: 'FR',
  statesOfWork: [],
  startDate: '2024-04-01',
  endDate: null,
  provisional: false,
  issuedAt: '2024-03-20',
  withdrawnAt: null,
  holder: { familyName: 'Martin', forename: 'Luc', birthDate: '1979-07-02' },
  securityCodeHash: hashSecurityCode(key, NUMBER, '7K2Q-9XTD'),
};
const cases: Array<[string, Stored, string]> = [
  ['unknown', null, '7K2Q-9XTD'],
  ['wrong-code', stored, 'AAAA-BBBB'],
  ['valid', stored, '7K2Q-9XTD'],
  ['no code stored', stored === null ? null : { ...stored, securityCodeHash: null }, '7K2Q-9XTD'],
];

afterEach(() => vi.clearAllMocks());

test.each(cases)('%s: exactly one HMAC and one constant-time comparison of 32-byte buffers', (expected, s, code) => {
  vi.clearAllMocks();
  const r = verifyPresentedCode({ stored: s, certificateNumber: NUMBER, securityCode: code, today: '2024-06-15', key });
  expect(r.result).toBe(expected === 'no code stored' ? 'wrong-code' : expected);
  expect(vi.mocked(crypto.createHmac)).toHaveBeenCalledTimes(1);
  expect(vi.mocked(crypto.timingSafeEqual)).toHaveBeenCalledTimes(1);
  const [a, b] = vi.mocked(crypto.timingSafeEqual).mock.calls[0] ?? [];
  expect((a as Buffer).length).toBe(32);
  expect((b as Buffer).length).toBe(32);
});

test('unknown and wrong-code take about the same time', () => {
  const time = (s: Stored, code: string): number => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 2000; i++) verifyPresentedCode({ stored: s, certificateNumber: NUMBER, securityCode: code, today: '2024-06-15', key });
    return Number(process.hrtime.bigint() - start);
  };
  time(null, 'AAAA-BBBB');
  time(stored, 'AAAA-BBBB');
  const unknown = Math.min(...[0, 1, 2].map(() => time(null, 'AAAA-BBBB')));
  const wrong = Math.min(...[0, 1, 2].map(() => time(stored, 'AAAA-BBBB')));
  expect(unknown / wrong).toBeGreaterThan(0.33);
  expect(unknown / wrong).toBeLessThan(3);
});
