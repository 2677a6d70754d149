/**
 * The contract's example certificate (A1 FR-A1-2024-0001234 of Luc Martin, ../shared/CONTRACTS.md)
 * in the shapes the verification code takes and shows; builders take overrides per test.
 */
import { hashSecurityCode, type StoredCertificate, type VerifyKey } from '../../core/verify/verify.js';
import type { QrCertificate } from '../../core/verify/qr-payload.js';

export const CERTIFICATE_NUMBER = 'FR-A1-2024-0001234';
export const SECURITY_CODE = '7K2Q-9XTD';

/** What a caller with the right code sees of this certificate (and of test/verify/helpers.ts `certificateEvent()`): no names, no full birth date. */
export const DEFAULT_PUBLIC_VIEW = {
  certificateNumber: CERTIFICATE_NUMBER,
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
} as const;

/** As stored (certificates): what is shown, the holder in full, and the security code hashed with `key`. */
export function storedCertificate(key: VerifyKey, over: Partial<StoredCertificate> = {}): StoredCertificate {
  const { holder: _shownHolder, statesOfWork, ...shown } = DEFAULT_PUBLIC_VIEW;
  return {
    ...shown,
    statesOfWork: [...statesOfWork],
    holder: { familyName: 'Martin', forename: 'Luc', birthDate: '1979-07-02' },
    securityCodeHash: hashSecurityCode(key, CERTIFICATE_NUMBER, SECURITY_CODE),
    ...over,
  };
}

/** As signed into a QR code. */
export function qrCertificate(over: Partial<QrCertificate> = {}): QrCertificate {
  return {
    certificateNumber: CERTIFICATE_NUMBER,
    kind: 'A1',
    legislationState: 'FR',
    startDate: '2024-04-01',
    endDate: '2025-03-31',
    issuedAt: '2024-03-20',
    issuer: { country: 'FR' },
    person: { familyName: 'Martin', forename: 'Luc', birthDate: '1979-07-02' },
    ...over,
  };
}
