/**
 * Unknown number, wrong code and right code take the same path: one HMAC over a message of the
 * same length and one timingSafeEqual over two 32-byte buffers. Counted, not timed: a timing
 * assertion measures the machine's load, not the code.
 */
import * as crypto from 'node:crypto';
import { afterEach, expect, test, vi } from 'vitest';
import { CERTIFICATE_NUMBER as NUMBER, storedCertificate } from '../support/verify-certificates.js';

vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, createHmac: vi.fn(original.createHmac), timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

const { verifyKeyFromSecret, verifyPresentedCode } = await import('../../core/verify/verify.js');
type Stored = Parameters<typeof verifyPresentedCode>[0]['stored'];

const key = verifyKeyFromSecret(Buffer.from('constant time test secret, 32+ bytes long'));
const stored: Stored = storedCertificate(key, { statesOfWork: [], endDate: null });
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
