/**
 * Verification of a certificate by number and security code, with rate limiting and an audit
 * trail; used by `lac verify` and the HTTP handler (lib/verify/http.ts). Rules: README.md here.
 *
 * Every attempt costs the same three statements whatever the outcome (count the attempt, read
 * the certificate by primary key, write the audit row) and the same crypto work (core/verify),
 * so the time taken does not tell an unknown number from a wrong code.
 */
import type { KeyObject } from 'node:crypto';
import { calendarDate, pseudonym, verifyPresentedCode, type VerificationResult, type VerifyKey } from '../../core/verify/verify.js';
import { signQrPayload, type QrCertificate } from '../../core/verify/qr-payload.js';
import { CERTIFICATE_KINDS, type CertificateKind } from '../../core/model/certificate.js';
import type { Pool } from '../db/pool.js';
import { loadQrPrivateKey, loadVerifyKey } from './secrets.js';
import { countAttempts, loadCurrentCertificateRecord, loadStoredCertificate, pruneRateLimits, recordAttempt, type RateLimitScope } from './sql-verify.js';

export interface RateLimit {
  /** Attempts allowed per window; the next one is refused (`rate-limited`). */
  max: number;
  windowSeconds: number;
}

export interface RateLimits {
  /** Per client id (an IP address for HTTP, the operating-system user for the CLI). */
  client: RateLimit;
  /** Per certificate number presented, known or not: caps guessing one certificate's code from many clients. */
  certificate: RateLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  client: { max: 10, windowSeconds: 60 },
  certificate: { max: 10, windowSeconds: 60 },
};

export interface VerifyOptions {
  /** Who asks: the rate-limit key (kept only as a keyed pseudonym). */
  clientId: string;
  /** Default: the current time. Decides "today" for expiry and the rate-limit window. */
  now?: Date;
  /** The calendar day validity is judged on (YYYY-MM-DD); default: `now`'s date in `timeZone`. */
  today?: string;
  /** IANA time zone for "today"; default `UTC`. */
  timeZone?: string;
  /** Audit label: `cli`, `http`, `api`, ... Default `api`. */
  channel?: string;
  limits?: Partial<RateLimits>;
  /** Default: LAC_VERIFY_SECRET or the generated key (lib/verify/secrets.ts). */
  key?: VerifyKey;
}

export type VerifyServiceResult = VerificationResult | { result: 'rate-limited'; certificateNumber: string; retryAfterSeconds: number };
export type VerifyServiceOutcome = VerifyServiceResult['result'];

/** Input that cannot be a certificate number or a security code. Nothing was counted or looked up. */
export class VerifyInputError extends Error {
  override readonly name = 'VerifyInputError';
  readonly code = 'VERIFY_INPUT_INVALID';
  constructor(
    readonly field: 'certificateNumber' | 'securityCode' | 'clientId',
    message: string,
  ) {
    super(message);
  }
}

export const MAX_NUMBER_LENGTH = 64;
export const MAX_CODE_LENGTH = 64;
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f]/u;

/** Trimmed number and code, or a VerifyInputError. */
export function checkVerifyInput(certificateNumber: string, securityCode: string): { number: string; code: string } {
  const number = certificateNumber.trim();
  const code = securityCode.trim();
  if (number === '') throw new VerifyInputError('certificateNumber', 'the certificate number is empty');
  if (number.length > MAX_NUMBER_LENGTH) throw new VerifyInputError('certificateNumber', `the certificate number is longer than ${MAX_NUMBER_LENGTH} characters`);
  if (CONTROL_RE.test(number)) throw new VerifyInputError('certificateNumber', 'the certificate number contains control characters');
  if (code === '') throw new VerifyInputError('securityCode', 'the security code is empty');
  if (code.length > MAX_CODE_LENGTH) throw new VerifyInputError('securityCode', `the security code is longer than ${MAX_CODE_LENGTH} characters`);
  if (CONTROL_RE.test(code)) throw new VerifyInputError('securityCode', 'the security code contains control characters');
  return { number, code };
}

/**
 * valid | withdrawn | expired | unknown | wrong-code | rate-limited. A rate-limited attempt is
 * not looked up. Every attempt is audited (without the code).
 * @throws VerifyInputError for an empty or over-long number or code
 */
export async function verifyCertificate(pool: Pool, certificateNumber: string, securityCode: string, options: VerifyOptions): Promise<VerifyServiceResult> {
  const { number, code } = checkVerifyInput(certificateNumber, securityCode);
  if (options.clientId === '' || options.clientId.length > 256) throw new VerifyInputError('clientId', 'the client id must be 1 to 256 characters');
  const now = options.now ?? new Date();
  const today = options.today ?? calendarDate(now, options.timeZone ?? 'UTC');
  const limits: RateLimits = {
    client: options.limits?.client ?? DEFAULT_RATE_LIMITS.client,
    certificate: options.limits?.certificate ?? DEFAULT_RATE_LIMITS.certificate,
  };
  for (const l of [limits.client, limits.certificate]) {
    if (!(Number.isInteger(l.max) && l.max >= 0 && Number.isInteger(l.windowSeconds) && l.windowSeconds > 0)) throw new RangeError('rate limits need an integer max >= 0 and windowSeconds > 0');
  }
  const key = options.key ?? (await loadVerifyKey(pool));
  const clientKey = pseudonym(key, 'client', options.clientId);
  const channel = options.channel ?? 'api';

  const limited = await rateLimit(pool, key, limits, now, clientKey, number);
  let result: VerifyServiceResult;
  if (limited !== null) {
    result = { result: 'rate-limited', certificateNumber: number, retryAfterSeconds: limited };
  } else {
    const stored = await loadStoredCertificate(pool, key, number);
    result = verifyPresentedCode({ stored, certificateNumber: number, securityCode: code, today, key });
  }
  await recordAttempt(pool, { attemptedAt: now, channel, clientKey, certificateNumber: number, result: result.result });
  return result;
}

/** Counts the attempt; null when allowed, else the seconds until the refusing window ends. */
async function rateLimit(pool: Pool, key: VerifyKey, limits: RateLimits, now: Date, clientKey: Buffer, number: string): Promise<number | null> {
  const windowOf = (l: RateLimit): Date => {
    const ms = l.windowSeconds * 1000;
    return new Date(Math.floor(now.getTime() / ms) * ms);
  };
  const scopes: Array<{ scope: RateLimitScope; subject: Buffer; limit: RateLimit }> = [
    { scope: 'client', subject: clientKey, limit: limits.client },
    { scope: 'certificate', subject: pseudonym(key, 'certificate', number), limit: limits.certificate },
  ];
  const counts = await countAttempts(
    pool,
    scopes.map((s) => ({ scope: s.scope, subject: s.subject, windowStart: windowOf(s.limit) })),
  );
  if (counts.get('client') === 1) {
    // A new window for this client: drop windows long gone (cheap, indexed, bounded by traffic).
    const longest = Math.max(limits.client.windowSeconds, limits.certificate.windowSeconds);
    await pruneRateLimits(pool, new Date(now.getTime() - Math.max(2 * longest, 3600) * 1000));
  }
  let retryAfter: number | null = null;
  for (const s of scopes) {
    if ((counts.get(s.scope) ?? 0) <= s.limit.max) continue;
    const end = windowOf(s.limit).getTime() + s.limit.windowSeconds * 1000;
    const seconds = Math.max(1, Math.ceil((end - now.getTime()) / 1000));
    retryAfter = Math.max(retryAfter ?? 0, seconds);
  }
  return retryAfter;
}

/**
 * The signed QR payload of a valid certificate (core/verify/qr-payload.ts), signed with
 * LAC_QR_PRIVATE_KEY or the generated development key; null when the number is unknown or
 * withdrawn, or its record lacks what the payload needs.
 */
export async function certificateQrPayload(pool: Pool, certificateNumber: string, privateKey?: KeyObject): Promise<string | null> {
  const record = await loadCurrentCertificateRecord(pool, certificateNumber);
  if (record === null) return null;
  const cert = qrCertificateFrom(record);
  if (cert === null) return null;
  return signQrPayload(cert, privateKey ?? (await loadQrPrivateKey(pool)));
}

function qrCertificateFrom(r: Record<string, unknown>): QrCertificate | null {
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const obj = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
  const number = str(r.certificateNumber);
  const kind = str(r.kind);
  const legislationState = str(r.legislationState);
  const startDate = str(r.startDate);
  const issuedAt = str(r.issuedAt);
  const person = obj(r.person);
  const familyName = str(person?.familyName);
  const birthDate = str(person?.birthDate);
  const issuerCountry = str(obj(r.issuer)?.country);
  if (number === null || kind === null || !isKind(kind) || legislationState === null || startDate === null || issuedAt === null) return null;
  if (familyName === null || birthDate === null) return null;
  return {
    certificateNumber: number,
    kind,
    legislationState,
    startDate,
    endDate: str(r.endDate),
    issuedAt,
    issuer: issuerCountry === null ? null : { country: issuerCountry },
    person: { familyName, forename: str(person?.forename), birthDate },
  };
}

function isKind(k: string): k is CertificateKind {
  return (CERTIFICATE_KINDS as readonly string[]).includes(k);
}
