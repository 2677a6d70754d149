/**
 * Certificate verification by number and security code: the decision, pure (no I/O, no clock).
 * The rules, what is shown and why are in lib/verify/README.md.
 *
 * The security code is never compared in clear: both sides are HMAC-SHA256 under a server-side
 * key of the certificate number and the normalised code, compared with `timingSafeEqual`.
 * Every call computes exactly one HMAC and one constant-time comparison, whether the number is
 * known or not (an unknown number is compared against a decoy hash), so an unknown number and a
 * wrong code take the same path.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type VerificationOutcome = 'valid' | 'withdrawn' | 'expired' | 'unknown' | 'wrong-code';
export const VERIFICATION_OUTCOMES: readonly VerificationOutcome[] = ['valid', 'withdrawn', 'expired', 'unknown', 'wrong-code'];

/** Bytes of a security-code hash (HMAC-SHA256). */
export const SECURITY_CODE_HASH_BYTES = 32;

/** The server-side HMAC key, its public id (which key hashed a row) and a decoy hash for unknown numbers. */
export interface VerifyKey {
  /** First 8 bytes of HMAC(secret, 'lac-verify-key-id'): stored beside each hash, safe to reveal. */
  readonly id: Buffer;
  readonly secret: Buffer;
  /** A hash no presented code can produce on purpose: what an unknown number is compared against. */
  readonly decoy: Buffer;
}

export function verifyKeyFromSecret(secret: Buffer): VerifyKey {
  if (secret.length < 16) throw new RangeError('the verification secret must be at least 16 bytes');
  const copy = Buffer.from(secret);
  return {
    id: createHmac('sha256', copy).update('lac-verify-key-id').digest().subarray(0, 8),
    secret: copy,
    decoy: createHmac('sha256', copy).update('lac-verify-decoy').digest(),
  };
}

/**
 * The code as compared: Unicode NFKC (full-width forms fold to ASCII), upper case, without
 * white space and dashes (`7k2q 9xtd`, `7K2Q-9XTD` and `7K2Q9XTD` are the same code).
 */
export function normaliseSecurityCode(code: string): string {
  return code.normalize('NFKC').toUpperCase().replace(/[\s\-\u2010-\u2015\u2212]+/gu, '');
}

/**
 * HMAC-SHA256(key, "lac-sc-v1" 0x00 certificateNumber 0x00 normalisedCode). The number is part
 * of the message so that equal codes on two certificates hash differently and a hash cannot be
 * moved from one certificate to another.
 */
export function hashSecurityCode(key: VerifyKey, certificateNumber: string, code: string): Buffer {
  return createHmac('sha256', key.secret).update(`lac-sc-v1\u0000${certificateNumber}\u0000${normaliseSecurityCode(code)}`, 'utf8').digest();
}

/** A keyed pseudonym (16 bytes) of a value: client ids and numbers in the rate-limit and audit tables. */
export function pseudonym(key: VerifyKey, scope: string, value: string): Buffer {
  return createHmac('sha256', key.secret).update(`lac-pseudonym-v1\u0000${scope}\u0000${value}`, 'utf8').digest().subarray(0, 16);
}

/** The current state of a certificate as stored (table `certificates`). */
export interface StoredCertificate {
  certificateNumber: string;
  status: 'valid' | 'withdrawn';
  kind: string;
  form: string | null;
  /** Country of the issuing institution. */
  issuingState: string | null;
  legislationState: string | null;
  statesOfWork: string[];
  /** YYYY-MM-DD */
  startDate: string | null;
  /** YYYY-MM-DD; null: open-ended. */
  endDate: string | null;
  provisional: boolean;
  /** YYYY-MM-DD: issue date of the current content (initial issue or latest amendment). */
  issuedAt: string | null;
  withdrawnAt: string | null;
  holder: { familyName: string | null; forename: string | null; birthDate: string | null };
  /** null when the issuing system sent no security code (nothing can match). */
  securityCodeHash: Buffer | null;
}

/** What a caller who presented the right code is shown: what the paper shows, minus the personal details. */
export interface VerifiedCertificate extends Omit<StoredCertificate, 'holder' | 'securityCodeHash'> {
  /** Initials (`L. M.`, forename first) and birth year: enough to tell the paper belongs to the person in front of you. */
  holder: { initials: string | null; birthYear: number | null };
}

export type VerificationResult =
  | { result: 'valid' | 'withdrawn' | 'expired'; certificateNumber: string; certificate: VerifiedCertificate }
  | { result: 'unknown' | 'wrong-code'; certificateNumber: string };

export interface VerifyInput {
  /** The row found for the presented number, or null. */
  stored: StoredCertificate | null;
  /** The number as presented (and looked up). */
  certificateNumber: string;
  securityCode: string;
  /** YYYY-MM-DD: the day the validity is judged on. */
  today: string;
  key: VerifyKey;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * unknown (no such number) → wrong-code (code does not match, or the certificate has no code)
 * → withdrawn (withdrawn at any date: a withdrawal is final) → expired (end date before today)
 * → valid (including a period that starts later: the certificate is authentic and in force
 * for the period shown). Nothing about the certificate is returned unless the code matches.
 */
export function verifyPresentedCode(input: VerifyInput): VerificationResult {
  if (!DATE_RE.test(input.today)) throw new RangeError(`today must be YYYY-MM-DD, got ${input.today}`);
  const { stored, key } = input;
  // Always one HMAC and one constant-time comparison of two 32-byte buffers.
  const presented = hashSecurityCode(key, stored?.certificateNumber ?? input.certificateNumber, input.securityCode);
  const reference = stored?.securityCodeHash != null && stored.securityCodeHash.length === SECURITY_CODE_HASH_BYTES ? stored.securityCodeHash : key.decoy;
  const equal = timingSafeEqual(presented, reference);
  if (stored === null) return { result: 'unknown', certificateNumber: input.certificateNumber };
  if (!equal || reference === key.decoy) return { result: 'wrong-code', certificateNumber: stored.certificateNumber };

  const certificate = shownCertificate(stored);
  if (stored.status === 'withdrawn') return { result: 'withdrawn', certificateNumber: stored.certificateNumber, certificate };
  if (stored.endDate !== null && stored.endDate < input.today) return { result: 'expired', certificateNumber: stored.certificateNumber, certificate };
  return { result: 'valid', certificateNumber: stored.certificateNumber, certificate };
}

export function shownCertificate(stored: StoredCertificate): VerifiedCertificate {
  return {
    certificateNumber: stored.certificateNumber,
    status: stored.status,
    kind: stored.kind,
    form: stored.form,
    issuingState: stored.issuingState,
    legislationState: stored.legislationState,
    statesOfWork: [...stored.statesOfWork],
    startDate: stored.startDate,
    endDate: stored.endDate,
    provisional: stored.provisional,
    issuedAt: stored.issuedAt,
    withdrawnAt: stored.withdrawnAt,
    holder: {
      initials: initials(stored.holder.forename, stored.holder.familyName),
      birthYear: birthYear(stored.holder.birthDate),
    },
  };
}

/** `Luc`, `Martin` → `L. M.`; missing parts are left out; null when both are missing. */
export function initials(forename: string | null, familyName: string | null): string | null {
  const parts = [forename, familyName].map(firstLetter).filter((c): c is string => c !== null);
  return parts.length === 0 ? null : parts.map((c) => `${c}.`).join(' ');
}

function firstLetter(name: string | null): string | null {
  if (name === null) return null;
  const match = /\p{L}/u.exec(name.normalize('NFC'));
  return match === null ? null : match[0].toLocaleUpperCase('en');
}

function birthYear(date: string | null): number | null {
  if (date === null || !DATE_RE.test(date)) return null;
  return Number(date.slice(0, 4));
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone (IANA name, e.g. `UTC`, `Europe/Paris`). */
export function calendarDate(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
