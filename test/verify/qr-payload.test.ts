/** Signed QR payloads (core/verify/qr-payload.ts): round trip, tampering, keys, malformed input. */
import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { foldName, holderHash, holderMatches, signQrPayload, verifyQrPayload } from '../../core/verify/qr-payload.js';
import { qrCertificate } from '../support/verify-certificates.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');

const cert = qrCertificate();

function parts(text: string): [string, string, string] {
  const [a = '', b = '', c = ''] = text.split('.');
  return [a, b, c];
}

function errorCode(text: string, key = publicKey): string | null {
  const r = verifyQrPayload(text, key);
  return r.ok ? null : r.error.code;
}

describe('round trip', () => {
  test('sign then verify gives the payload back; it is compact and carries no name', () => {
    const text = signQrPayload(cert, privateKey);
    expect(text).toMatch(/^LAC1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/);
    expect(text.length).toBeLessThan(350);
    const r = verifyQrPayload(text, publicKey);
    expect(r).toEqual({
      ok: true,
      payload: {
        certificateNumber: 'FR-A1-2024-0001234',
        kind: 'A1',
        legislationState: 'FR',
        issuingState: 'FR',
        startDate: '2024-04-01',
        endDate: '2025-03-31',
        issuedAt: '2024-03-20',
        holderHash: holderHash(cert.person).subarray(0, 8).toString('base64url'),
      },
    });
    const json = Buffer.from(parts(text)[1], 'base64url').toString('utf8');
    expect(JSON.parse(json)).toEqual({ n: 'FR-A1-2024-0001234', k: 'A1', s: 'FR', c: 'FR', f: '2024-04-01', t: '2025-03-31', i: '2024-03-20', h: expect.any(String) });
    expect(json).not.toContain('Martin');
    expect(json).not.toContain('1979');
  });

  test('open end and unknown issuer are null', () => {
    const r = verifyQrPayload(signQrPayload({ ...cert, endDate: null, issuer: null }, privateKey), publicKey);
    expect(r.ok && r.payload.endDate).toBeNull();
    expect(r.ok && r.payload.issuingState).toBeNull();
  });

  test('surrounding white space (a scanner adding a newline) is tolerated', () => {
    expect(verifyQrPayload(`  ${signQrPayload(cert, privateKey)}\n`, publicKey).ok).toBe(true);
  });

  test('the private key also verifies (it holds the public one)', () => {
    expect(verifyQrPayload(signQrPayload(cert, privateKey), privateKey).ok).toBe(true);
  });
});

describe('tampering', () => {
  const text = signQrPayload(cert, privateKey);
  const [v, body, sig] = parts(text);

  test('changed content under the old signature: signature invalid', () => {
    const wire = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    for (const [k, value] of Object.entries({ t: '2030-03-31', n: 'FR-A1-2024-0001235', s: 'DE', k: 'E101', h: 'AAAAAAAAAAA' })) {
      const forged = Buffer.from(JSON.stringify({ ...wire, [k]: value })).toString('base64url');
      expect(errorCode(`${v}.${forged}.${sig}`), k).toBe('QR_SIGNATURE_INVALID');
    }
  });

  test('every single-character change of the content or signature is caught', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '.') continue;
      const swapped = alphabet[(alphabet.indexOf(text[i] ?? 'A') + 1) % alphabet.length] ?? 'A';
      const changed = text.slice(0, i) + swapped + text.slice(i + 1);
      expect(verifyQrPayload(changed, publicKey).ok, `position ${i}`).toBe(false);
    }
  });

  test('a signature by another key: signature invalid; verifying with another key: signature invalid', () => {
    expect(errorCode(signQrPayload(cert, other.privateKey))).toBe('QR_SIGNATURE_INVALID');
    expect(errorCode(text, other.publicKey)).toBe('QR_SIGNATURE_INVALID');
  });

  test('the version is signed too', () => {
    expect(errorCode(`LAC2.${body}.${sig}`)).toBe('QR_VERSION_UNSUPPORTED');
  });

  test('signature swapped between two payloads: invalid', () => {
    const [, body2] = parts(signQrPayload({ ...cert, certificateNumber: 'FR-A1-2024-0009999' }, privateKey));
    expect(errorCode(`${v}.${body2}.${sig}`)).toBe('QR_SIGNATURE_INVALID');
  });
});

describe('malformed input never throws', () => {
  const text = signQrPayload(cert, privateKey);
  const [v, body, sig] = parts(text);
  test.each([
    ['', 'QR_MALFORMED'],
    ['hello', 'QR_MALFORMED'],
    ['https://example.org/verify?x=1', 'QR_MALFORMED'],
    [`${v}.${body}`, 'QR_MALFORMED'],
    [`${text}.extra`, 'QR_MALFORMED'],
    [`XYZ1.${body}.${sig}`, 'QR_MALFORMED'],
    [`LAC9.${body}.${sig}`, 'QR_VERSION_UNSUPPORTED'],
    [`${v}.${body}.${sig.slice(0, 40)}`, 'QR_MALFORMED'],
    [`${v}.${body}==.${sig}`, 'QR_MALFORMED'],
    [`${v}.${body}.${sig}=`, 'QR_MALFORMED'],
    [`${v}.${body.replace(/./, '+')}.${sig}`, 'QR_MALFORMED'],
    [`${v}.${'A'.repeat(3000)}.${sig}`, 'QR_MALFORMED'],
  ])('%j → %s', (input, code) => {
    expect(errorCode(input)).toBe(code);
  });

  test('a non-canonical base64url spelling of the same signature is refused', () => {
    // 64 bytes = 86 characters; the last carries 4 unused bits. Flip one of them.
    const last = sig.at(-1) ?? 'A';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const variant = alphabet[alphabet.indexOf(last) ^ 1] ?? 'A';
    const respelled = sig.slice(0, -1) + variant;
    expect(Buffer.from(respelled, 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
    expect(errorCode(`${v}.${body}.${respelled}`)).toBe('QR_MALFORMED');
  });

  test('correctly signed but wrong content: content invalid', () => {
    // What a buggy signer would produce: well signed, wrong content.
    const bad = (wire: unknown): string => {
      const b = Buffer.from(JSON.stringify(wire)).toString('base64url');
      const signed = `LAC1.${b}`;
      const signature = cryptoSign(signed);
      return `${signed}.${signature}`;
    };
    expect(errorCode(bad({ n: 'X', k: 'A2', s: 'FR', c: null, f: '2024-01-01', t: null, i: '2024-01-01', h: 'AAAAAAAAAAA' }))).toBe('QR_CONTENT_INVALID');
    expect(errorCode(bad([1, 2, 3]))).toBe('QR_CONTENT_INVALID');
    expect(errorCode(bad({ n: 'X', k: 'A1', s: 'FR', c: null, f: '2024-01-01', t: 'soon', i: '2024-01-01', h: 'AAAAAAAAAAA' }))).toBe('QR_CONTENT_INVALID');
  });

  test('keys of the wrong type are a programming error', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => signQrPayload(cert, rsa.privateKey)).toThrow(TypeError);
    expect(() => signQrPayload(cert, publicKey)).toThrow(TypeError);
    expect(() => verifyQrPayload(text, rsa.publicKey)).toThrow(TypeError);
  });
});

describe('holder hash', () => {
  test('matches the person however the name is typed; not another person', () => {
    const r = verifyQrPayload(signQrPayload({ ...cert, person: { familyName: 'Müller-Lüdenscheidt', forename: 'Zoë', birthDate: '1985-02-11' } }, privateKey), publicKey);
    if (!r.ok) throw r.error;
    expect(holderMatches(r.payload, { familyName: 'MULLER LUDENSCHEIDT', forename: 'zoe', birthDate: '1985-02-11' })).toBe(true);
    expect(holderMatches(r.payload, { familyName: 'Muller-Ludenscheidt', forename: 'Zoe', birthDate: '1985-02-12' })).toBe(false);
    expect(holderMatches(r.payload, { familyName: 'Muller', forename: 'Zoe', birthDate: '1985-02-11' })).toBe(false);
  });

  test('foldName removes accents, case and punctuation', () => {
    expect(foldName("d'Artagnan-Éluard ")).toBe('DARTAGNANELUARD');
    expect(foldName('Straße')).toBe('STRASSE');
  });
});

function cryptoSign(signed: string): string {
  return nodeSign(null, Buffer.from(signed, 'ascii'), privateKey).toString('base64url');
}
