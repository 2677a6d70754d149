/** The verification decision (core/verify/verify.ts): outcomes, normalisation, what is shown. */
import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  calendarDate,
  hashSecurityCode,
  initials,
  normaliseSecurityCode,
  pseudonym,
  verifyKeyFromSecret,
  verifyPresentedCode,
  type StoredCertificate,
} from '../../core/verify/verify.js';
import { CERTIFICATE_NUMBER as NUMBER, SECURITY_CODE as CODE, storedCertificate } from '../support/verify-certificates.js';

const key = verifyKeyFromSecret(Buffer.from('a test secret that is long enough for sure'));
const stored = (over: Partial<StoredCertificate> = {}): StoredCertificate => storedCertificate(key, over);

const check = (s: StoredCertificate | null, code = CODE, today = '2024-06-15', number = NUMBER) =>
  verifyPresentedCode({ stored: s, certificateNumber: number, securityCode: code, today, key });

describe('security code normalisation and hashing', () => {
  test.each([['7K2Q-9XTD'], ['7k2q9xtd'], [' 7K2Q 9XTD '], ['7k2q – 9xtd'], ['７Ｋ２Ｑ－９ＸＴＤ']])('%j is the printed code', (variant) => {
    expect(normaliseSecurityCode(variant)).toBe('7K2Q9XTD');
    expect(hashSecurityCode(key, NUMBER, variant).equals(hashSecurityCode(key, NUMBER, CODE))).toBe(true);
  });

  test('the hash depends on the key and on the certificate number', () => {
    const h = hashSecurityCode(key, NUMBER, CODE);
    expect(h).toHaveLength(32);
    expect(hashSecurityCode(verifyKeyFromSecret(randomBytes(32)), NUMBER, CODE).equals(h)).toBe(false);
    expect(hashSecurityCode(key, 'FR-A1-2024-0001235', CODE).equals(h)).toBe(false);
    expect(h.toString('hex')).not.toContain(Buffer.from('7K2Q9XTD').toString('hex'));
  });

  test('the key id is stable for a secret and differs between secrets; short secrets are refused', () => {
    expect(verifyKeyFromSecret(Buffer.from('a test secret that is long enough for sure')).id.equals(key.id)).toBe(true);
    expect(verifyKeyFromSecret(randomBytes(32)).id.equals(key.id)).toBe(false);
    expect(key.id).toHaveLength(8);
    expect(() => verifyKeyFromSecret(Buffer.from('short'))).toThrow(RangeError);
  });

  test('pseudonyms are 16 bytes, keyed and scoped', () => {
    const p = pseudonym(key, 'client', 'ip:192.0.2.1');
    expect(p).toHaveLength(16);
    expect(pseudonym(key, 'certificate', 'ip:192.0.2.1').equals(p)).toBe(false);
    expect(pseudonym(verifyKeyFromSecret(randomBytes(32)), 'client', 'ip:192.0.2.1').equals(p)).toBe(false);
  });
});

describe('outcomes', () => {
  test('right code, in force: valid, with only what the paper shows and the holder as initials and birth year', () => {
    const r = check(stored());
    expect(r).toEqual({
      result: 'valid',
      certificateNumber: NUMBER,
      certificate: {
        certificateNumber: NUMBER,
        status: 'valid',
        kind: 'A1',
        form: null,
        issuingState: 'FR',
        legislationState: 'FR',
        statesOfWork: ['DE'],
        startDate: '2024-04-01',
        endDate: '2025-03-31',
        provisional: false,
        issuedAt: '2024-03-20',
        withdrawnAt: null,
        holder: { initials: 'L. M.', birthYear: 1979 },
      },
    });
    const text = JSON.stringify(r);
    for (const personal of ['Martin', 'Luc', '1979-07-02', '07-02']) expect(text).not.toContain(personal);
  });

  test('the code is accepted however it is typed', () => {
    expect(check(stored(), '7k2q 9xtd').result).toBe('valid');
  });

  test('no such number: unknown; nothing else is said', () => {
    expect(check(null)).toEqual({ result: 'unknown', certificateNumber: NUMBER });
  });

  test('wrong code: wrong-code, whatever the status, and nothing about the certificate', () => {
    expect(check(stored(), 'AAAA-BBBB')).toEqual({ result: 'wrong-code', certificateNumber: NUMBER });
    expect(check(stored({ status: 'withdrawn', withdrawnAt: '2024-05-01' }), 'AAAA-BBBB')).toEqual({ result: 'wrong-code', certificateNumber: NUMBER });
    expect(check(stored({ endDate: '2020-01-01', startDate: '2019-01-01' }), 'AAAA-BBBB').result).toBe('wrong-code');
  });

  test('a certificate without a security code (or a damaged hash) matches nothing', () => {
    expect(check(stored({ securityCodeHash: null })).result).toBe('wrong-code');
    expect(check(stored({ securityCodeHash: Buffer.alloc(5) })).result).toBe('wrong-code');
    expect(check(stored({ securityCodeHash: null }), '').result).toBe('wrong-code');
  });

  test('a hash made for another certificate number does not match', () => {
    expect(check(stored({ securityCodeHash: hashSecurityCode(key, 'FR-A1-2024-0009999', CODE) })).result).toBe('wrong-code');
  });

  test('withdrawn beats expired and valid', () => {
    const w = check(stored({ status: 'withdrawn', withdrawnAt: '2024-05-01' }));
    expect(w.result).toBe('withdrawn');
    expect(w.result === 'withdrawn' && w.certificate.withdrawnAt).toBe('2024-05-01');
    expect(check(stored({ status: 'withdrawn', withdrawnAt: '2025-06-01' }), CODE, '2026-01-01').result).toBe('withdrawn');
  });

  test('expired only after the end date; the end date itself is still valid; open end never expires', () => {
    expect(check(stored(), CODE, '2025-03-31').result).toBe('valid');
    expect(check(stored(), CODE, '2025-04-01').result).toBe('expired');
    expect(check(stored({ endDate: null }), CODE, '2099-01-01').result).toBe('valid');
  });

  test('a period that starts later is valid (issued in advance); the period is shown', () => {
    const r = check(stored(), CODE, '2024-03-25');
    expect(r.result).toBe('valid');
    expect(r.result === 'valid' && r.certificate.startDate).toBe('2024-04-01');
  });

  test('a bad "today" is a programming error', () => {
    expect(() => check(stored(), CODE, '15/06/2024')).toThrow(RangeError);
  });
});

describe('holder details', () => {
  test.each([
    ['Luc', 'Martin', 'L. M.'],
    ['émile', 'de la Tour', 'É. D.'],
    [null, 'Martin', 'M.'],
    ['Luc', null, 'L.'],
    [null, null, null],
    ['  ', '-', null],
  ])('initials(%j, %j) = %j', (forename, familyName, expected) => {
    expect(initials(forename, familyName)).toBe(expected);
  });

  test('missing birth date: no birth year', () => {
    const r = check(stored({ holder: { familyName: 'Martin', forename: 'Luc', birthDate: null } }));
    expect(r.result === 'valid' && r.certificate.holder).toEqual({ initials: 'L. M.', birthYear: null });
  });
});

test('calendarDate gives the day in the time zone', () => {
  const instant = new Date('2025-03-31T22:30:00Z');
  expect(calendarDate(instant, 'UTC')).toBe('2025-03-31');
  expect(calendarDate(instant, 'Europe/Paris')).toBe('2025-04-01');
});
