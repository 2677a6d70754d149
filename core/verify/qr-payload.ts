/**
 * The signed payload of a certificate's QR code, checkable offline with only the public key.
 *
 *   LAC1.<base64url(JSON)>.<base64url(Ed25519 signature)>
 *
 * The signature covers the ASCII text `LAC1.<base64url(JSON)>` (version included). The JSON is
 * `{"n": number, "k": kind, "s": legislation state, "c": issuing state, "f": from, "t": to or
 * null, "i": issued at, "h": base64url of the first 8 bytes of the holder hash}` in that key
 * order. The holder hash (see `holderHash`) lets a verifier who holds the person's identity
 * document confirm the paper belongs to them without the payload carrying the name.
 * Format and rationale: lib/verify/README.md. Pure: no I/O, no clock.
 */
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { CERTIFICATE_KINDS, type CertificateKind } from '../model/certificate.js';

export const QR_VERSION = 'LAC1';
/** Longest text `verifyQrPayload` looks at (a real payload is about 300 characters). */
export const QR_MAX_LENGTH = 2048;
const HOLDER_PREFIX_BYTES = 8;
const SIGNATURE_BYTES = 64;

export interface QrPayload {
  certificateNumber: string;
  kind: CertificateKind;
  legislationState: string;
  /** Country of the issuing institution; null when unknown. */
  issuingState: string | null;
  /** YYYY-MM-DD */
  startDate: string;
  /** YYYY-MM-DD, null: open-ended. */
  endDate: string | null;
  /** YYYY-MM-DD */
  issuedAt: string;
  /** base64url of the first 8 bytes of `holderHash(person)`. */
  holderHash: string;
}

/** What signing needs; a `CertificateIssue` (core/model/certificate.ts) fits. */
export interface QrCertificate {
  certificateNumber: string;
  kind: CertificateKind;
  legislationState: string;
  startDate: string;
  endDate: string | null;
  issuedAt: string;
  issuer: { country: string } | null;
  person: QrHolder;
}

export interface QrHolder {
  familyName: string;
  forename: string | null;
  /** YYYY-MM-DD */
  birthDate: string;
}

export type QrErrorCode =
  /** Not three dot-separated base64url parts, bad encoding, wrong signature length, too long. */
  | 'QR_MALFORMED'
  /** Starts with `LAC<n>` for a version this code does not know. */
  | 'QR_VERSION_UNSUPPORTED'
  /** The signature does not match the content under the given public key: forged or altered. */
  | 'QR_SIGNATURE_INVALID'
  /** Correctly signed but the content is not a payload of this version (a signer bug). */
  | 'QR_CONTENT_INVALID';

export class QrPayloadError extends Error {
  override readonly name = 'QrPayloadError';
  constructor(
    readonly code: QrErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type QrVerification = { ok: true; payload: QrPayload } | { ok: false; error: QrPayloadError };

/**
 * SHA-256 of `lac-holder-v1` LF FAMILYNAME LF FORENAME LF birthDate, names folded to A-Z0-9
 * (accents removed, upper case, everything else dropped), so the same person typed from an
 * identity document gives the same hash.
 */
export function holderHash(person: QrHolder): Buffer {
  return createHash('sha256')
    .update(`lac-holder-v1\n${foldName(person.familyName)}\n${foldName(person.forename ?? '')}\n${person.birthDate}`, 'utf8')
    .digest();
}

/** Does the person (from an identity document) match the payload's holder hash? */
export function holderMatches(payload: QrPayload, person: QrHolder): boolean {
  return holderHash(person).subarray(0, HOLDER_PREFIX_BYTES).toString('base64url') === payload.holderHash;
}

export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'SS')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '');
}

export function signQrPayload(cert: QrCertificate, privateKey: KeyObject): string {
  assertEd25519(privateKey, 'private');
  const wire = {
    n: cert.certificateNumber,
    k: cert.kind,
    s: cert.legislationState,
    c: cert.issuer?.country ?? null,
    f: cert.startDate,
    t: cert.endDate,
    i: cert.issuedAt,
    h: holderHash(cert.person).subarray(0, HOLDER_PREFIX_BYTES).toString('base64url'),
  };
  const signed = `${QR_VERSION}.${Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url')}`;
  const signature = sign(null, Buffer.from(signed, 'ascii'), privateKey);
  return `${signed}.${signature.toString('base64url')}`;
}

const B64URL_RE = /^[A-Za-z0-9_-]+$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const COUNTRY_RE = /^[A-Z]{2}$/;

/** Checks the signature first; only signed content is parsed. Never throws for bad input. */
export function verifyQrPayload(text: string, publicKey: KeyObject): QrVerification {
  assertEd25519(publicKey, 'public');
  const fail = (code: QrErrorCode, message: string): QrVerification => ({ ok: false, error: new QrPayloadError(code, message) });
  const trimmed = text.trim();
  if (trimmed.length > QR_MAX_LENGTH) return fail('QR_MALFORMED', `longer than ${QR_MAX_LENGTH} characters`);
  const parts = trimmed.split('.');
  const [version, body, sig] = parts;
  if (parts.length !== 3 || version === undefined || body === undefined || sig === undefined) {
    return fail('QR_MALFORMED', 'expected three parts separated by dots');
  }
  if (version !== QR_VERSION) {
    return /^LAC\d+$/.test(version) ? fail('QR_VERSION_UNSUPPORTED', `version ${version} is not supported (only ${QR_VERSION})`) : fail('QR_MALFORMED', 'not a LAC QR payload');
  }
  const content = strictBase64url(body);
  const signature = strictBase64url(sig);
  if (content === null || signature === null) return fail('QR_MALFORMED', 'not base64url');
  if (signature.length !== SIGNATURE_BYTES) return fail('QR_MALFORMED', `signature is ${signature.length} bytes, expected ${SIGNATURE_BYTES}`);
  if (!verify(null, Buffer.from(`${version}.${body}`, 'ascii'), publicKey, signature)) {
    return fail('QR_SIGNATURE_INVALID', 'the signature does not match: forged or altered');
  }
  const payload = readWire(content);
  if (payload === null) return fail('QR_CONTENT_INVALID', 'signed content is not a LAC1 payload');
  return { ok: true, payload };
}

/** Decodes only canonical base64url (no padding, no stray bits), so one payload has one spelling. */
function strictBase64url(s: string): Buffer | null {
  if (!B64URL_RE.test(s)) return null;
  const buf = Buffer.from(s, 'base64url');
  return buf.toString('base64url') === s ? buf : null;
}

function readWire(content: Buffer): QrPayload | null {
  let wire: unknown;
  try {
    wire = JSON.parse(content.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof wire !== 'object' || wire === null || Array.isArray(wire)) return null;
  const w = wire as Record<string, unknown>;
  const { n, k, s, f, i, h } = w;
  const c = optionalMatch(w.c, COUNTRY_RE);
  const t = optionalMatch(w.t, DATE_RE);
  if (typeof n !== 'string' || n.length === 0 || n.length > 64) return null;
  if (typeof k !== 'string' || !isKind(k)) return null;
  if (typeof s !== 'string' || !COUNTRY_RE.test(s)) return null;
  if (c === undefined || t === undefined) return null;
  if (typeof f !== 'string' || !DATE_RE.test(f)) return null;
  if (typeof i !== 'string' || !DATE_RE.test(i)) return null;
  if (typeof h !== 'string' || strictBase64url(h)?.length !== HOLDER_PREFIX_BYTES) return null;
  return { certificateNumber: n, kind: k, legislationState: s, issuingState: c, startDate: f, endDate: t, issuedAt: i, holderHash: h };
}

/** null stays null, a matching string is kept, anything else is undefined (invalid). */
function optionalMatch(v: unknown, re: RegExp): string | null | undefined {
  if (v === null) return null;
  return typeof v === 'string' && re.test(v) ? v : undefined;
}

function isKind(k: string): k is CertificateKind {
  return (CERTIFICATE_KINDS as readonly string[]).includes(k);
}

function assertEd25519(key: KeyObject, type: 'private' | 'public'): void {
  if (key.asymmetricKeyType !== 'ed25519' || (type === 'private' ? key.type !== 'private' : key.type !== 'public' && key.type !== 'private')) {
    throw new TypeError(`expected an Ed25519 ${type} key`);
  }
}
