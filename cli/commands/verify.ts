/**
 * `lac verify <certificateNumber> <securityCode> [--json]`: checks a certificate online (the
 * database), rate limited and audited like the HTTP endpoint.
 * `lac verify --qr <payload> [--public-key FILE]`: checks a signed QR payload offline, with only
 * the public key. Exit codes: VERIFY_EXIT_CODES below (also in `lac verify --help`).
 */
import fs from 'node:fs';
import os from 'node:os';
import type { Command } from 'commander';
import { ConfigError } from '../../core/errors.js';
import { calendarDate } from '../../core/verify/verify.js';
import { verifyQrPayload, type QrPayload } from '../../core/verify/qr-payload.js';
import { generatedSecretsAllowed, loadConfig, required } from '../../lib/config/config.js';
import { checkVerifySecret, loadQrPublicKey, parseQrPublicKey } from '../../lib/verify/secrets.js';
import { verifyCertificate, type VerifyServiceResult } from '../../lib/verify/verify-service.js';
import { withDatabase } from '../db-command.js';

/** 0: valid. 3: checked and not valid. 4: refused for now (rate limit). 1: error or bad usage. */
export const VERIFY_EXIT_CODES = {
  valid: 0,
  withdrawn: 3,
  expired: 3,
  unknown: 3,
  'wrong-code': 3,
  'invalid-signature': 3,
  malformed: 3,
  'rate-limited': 4,
} as const;

export type QrCheckResult =
  | { result: 'valid' | 'expired'; offline: true; payload: QrPayload }
  | { result: 'invalid-signature' | 'malformed'; offline: true; error: { code: string; message: string } };

interface VerifyCliOptions {
  qr?: string;
  publicKey?: string;
  on?: string;
  json?: boolean;
}

const HELP = `
Results and exit codes:
  valid                 0  the code matches and the certificate is in force (or starts later)
  withdrawn             3  the code matches; the issuer withdrew the certificate
  expired               3  the code matches; the period ended before today (or --on)
  unknown               3  no certificate has this number
  wrong-code            3  the security code does not match (or the certificate has none)
  rate-limited          4  too many attempts for this user or this number; try again later
  (errors, bad usage)   1
With --qr (offline, signature and period only; withdrawals need the online check):
  valid 0, expired 3, invalid-signature 3, malformed 3.
The public key for --qr: --public-key FILE, else LAC_QR_PUBLIC_KEY (PEM), else derived from
LAC_QR_PRIVATE_KEY, else (LAC_ALLOW_GENERATED_SECRETS=1 only) the development key in the
database when DATABASE_URL is set. The online check needs LAC_VERIFY_SECRET (or that opt-in).
`;

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('check a certificate: valid, withdrawn, expired, unknown, or wrong code (or a QR payload offline with --qr)')
    .argument('[certificateNumber]', 'the number printed on the certificate')
    .argument('[securityCode]', 'the security code printed on the certificate (case, spaces and dashes do not matter)')
    .option('--qr <payload>', 'check a signed QR payload (LAC1....) offline instead')
    .option('--public-key <file>', 'PEM file with the Ed25519 public key for --qr')
    .option('--on <date>', 'judge expiry on this day (YYYY-MM-DD) instead of today')
    .option('--json', 'print the result as one JSON object')
    .addHelpText('after', HELP)
    .action(async (number: string | undefined, code: string | undefined, opts: VerifyCliOptions) => {
      if (opts.on !== undefined && !isDate(opts.on)) throw new Error(`--on: "${opts.on}" is not a date (YYYY-MM-DD)`);
      if (opts.qr !== undefined) {
        if (number !== undefined) throw new Error('give either --qr <payload> or <certificateNumber> <securityCode>, not both');
        const result = await checkQr(opts.qr, opts);
        process.stdout.write(opts.json === true ? `${JSON.stringify(result)}\n` : `${describeQr(result)}\n`);
        process.exitCode = VERIFY_EXIT_CODES[result.result];
        return;
      }
      if (number === undefined || code === undefined) throw new Error('usage: lac verify <certificateNumber> <securityCode>, or lac verify --qr <payload>');
      required(loadConfig().databaseUrl, 'DATABASE_URL', 'to verify certificates');
      checkVerifySecret();
      const result = await withDatabase('verify', 'to verify certificates', ({ pool }) =>
        verifyCertificate(pool, number, code, { clientId: `cli:${userName()}`, channel: 'cli', ...(opts.on === undefined ? {} : { today: opts.on }) }),
      );
      process.stdout.write(opts.json === true ? `${JSON.stringify(result)}\n` : `${describe(result)}\n`);
      process.exitCode = VERIFY_EXIT_CODES[result.result];
    });
}

async function checkQr(text: string, opts: VerifyCliOptions): Promise<QrCheckResult> {
  const publicKey =
    opts.publicKey !== undefined ? parseQrPublicKey(fs.readFileSync(opts.publicKey, 'utf8'), opts.publicKey) : await publicKeyFromEnvironment();
  const checked = verifyQrPayload(text, publicKey);
  if (!checked.ok) {
    const result = checked.error.code === 'QR_SIGNATURE_INVALID' ? 'invalid-signature' : 'malformed';
    return { result, offline: true, error: { code: checked.error.code, message: checked.error.message } };
  }
  const today = opts.on ?? calendarDate(new Date(), 'UTC');
  const expired = checked.payload.endDate !== null && checked.payload.endDate < today;
  return { result: expired ? 'expired' : 'valid', offline: true, payload: checked.payload };
}

async function publicKeyFromEnvironment() {
  try {
    return await loadQrPublicKey(null);
  } catch (err) {
    if (!(err instanceof ConfigError) || err.variable !== 'LAC_QR_PUBLIC_KEY' || (process.env.DATABASE_URL ?? '').trim() === '' || !generatedSecretsAllowed()) throw err;
    return withDatabase('verify', 'to read the development QR key', ({ pool }) => loadQrPublicKey(pool));
  }
}

function describe(r: VerifyServiceResult): string {
  switch (r.result) {
    case 'unknown':
      return `unknown: no certificate ${r.certificateNumber}`;
    case 'wrong-code':
      return `wrong-code: the security code does not match certificate ${r.certificateNumber}`;
    case 'rate-limited':
      return `rate-limited: too many attempts; try again in ${r.retryAfterSeconds} s`;
    default: {
      const c = r.certificate;
      const parts = [
        `${r.result}: ${c.certificateNumber}`,
        `${c.kind}${c.form === null ? '' : ` (${c.form})`}${c.provisional ? ', provisional' : ''}`,
        `issued by ${c.issuingState ?? '?'}${c.issuedAt === null ? '' : ` on ${c.issuedAt}`}`,
        `legislation of ${c.legislationState ?? '?'}${c.statesOfWork.length === 0 ? '' : `, work in ${c.statesOfWork.join(' ')}`}`,
        `${c.startDate ?? '?'} to ${c.endDate ?? 'open end'}`,
        `holder ${c.holder.initials ?? '?'}, born ${c.holder.birthYear ?? '?'}`,
      ];
      if (c.withdrawnAt !== null) parts.push(`withdrawn on ${c.withdrawnAt}`);
      return parts.join('; ');
    }
  }
}

function describeQr(r: QrCheckResult): string {
  if ('error' in r) return `${r.result}: ${r.error.message} (${r.error.code})`;
  const p = r.payload;
  return [
    `${r.result} (offline: signature and period only; check withdrawal online with lac verify <number> <code>): ${p.certificateNumber}`,
    p.kind,
    `issued by ${p.issuingState ?? '?'} on ${p.issuedAt}`,
    `legislation of ${p.legislationState}`,
    `${p.startDate} to ${p.endDate ?? 'open end'}`,
    `holder hash ${p.holderHash}`,
  ].join('; ');
}

function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function userName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}
