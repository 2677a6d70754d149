/**
 * API keys, from the environment only. A key is a token `<keyId>.<secret>` handed to its holder
 * once; LAC keeps only `keyId:role:sha256hex(token)` in LAC_API_KEYS, so neither the database nor
 * the logs ever hold a usable secret. Secrets are 32 random bytes (generateApiKey), so a plain
 * SHA-256 is enough: there is nothing to brute-force (unlike passwords, no slow hash needed).
 *
 * Checking costs the same whatever is wrong: one SHA-256 and one timingSafeEqual of 32 bytes,
 * against a decoy digest when the key id is unknown.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../../core/errors.js';

export const API_KEYS_VARIABLE = 'LAC_API_KEYS';
export const ROLES = ['inspector', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKeyEntry {
  keyId: string;
  role: Role;
  /** SHA-256 of the whole token. */
  digest: Buffer;
}

export interface Principal {
  keyId: string;
  role: Role;
}

const KEY_ID_RE = /^[a-z0-9][a-z0-9-]{0,31}$/;
const TOKEN_RE = /^([a-z0-9][a-z0-9-]{0,31})\.([A-Za-z0-9_-]{32,128})$/;
const DECOY = createHash('sha256').update('lac-api-decoy').digest();

export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** `id:role:sha256hex` entries separated by commas, semicolons or white space. */
export function parseApiKeys(value: string | undefined): Map<string, ApiKeyEntry> {
  const keys = new Map<string, ApiKeyEntry>();
  for (const item of (value ?? '').split(/[\s,;]+/).filter((s) => s !== '')) {
    const [keyId = '', role = '', hex = '', ...rest] = item.split(':');
    if (rest.length > 0 || !KEY_ID_RE.test(keyId)) throw new ConfigError(API_KEYS_VARIABLE, `an entry is not keyId:role:sha256hex (key ids: a-z, 0-9, -)`);
    if (!(ROLES as readonly string[]).includes(role)) throw new ConfigError(API_KEYS_VARIABLE, `key "${keyId}": role must be one of ${ROLES.join(', ')}`);
    if (!/^[0-9a-f]{64}$/i.test(hex)) throw new ConfigError(API_KEYS_VARIABLE, `key "${keyId}": the digest must be 64 hex characters (SHA-256 of the token)`);
    if (keys.has(keyId)) throw new ConfigError(API_KEYS_VARIABLE, `key "${keyId}" is listed twice`);
    keys.set(keyId, { keyId, role: role as Role, digest: Buffer.from(hex, 'hex') });
  }
  return keys;
}

/**
 * The principal of an `Authorization: Bearer <token>` header, or null for anything else (no
 * header, another scheme, a malformed token, an unknown key id, a wrong secret): callers answer
 * all of these alike, so a response never tells which key ids exist.
 */
export function authenticate(header: string | undefined, keys: ReadonlyMap<string, ApiKeyEntry>): Principal | null {
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  const token = m?.[1] ?? '';
  const parsed = TOKEN_RE.exec(token);
  const entry = parsed?.[1] === undefined ? undefined : keys.get(parsed[1]);
  const presented = tokenDigest(token);
  const equal = timingSafeEqual(presented, entry?.digest ?? DECOY);
  return equal && entry !== undefined && parsed !== null ? { keyId: entry.keyId, role: entry.role } : null;
}

/** A new key: the token for its holder (shown once) and the LAC_API_KEYS entry for the server. */
export function generateApiKey(keyId: string, role: string): { token: string; entry: string } {
  if (!KEY_ID_RE.test(keyId)) throw new Error(`key id "${keyId}" must be 1-32 characters of a-z, 0-9 and -, starting with a letter or digit`);
  if (!(ROLES as readonly string[]).includes(role)) throw new Error(`role must be one of ${ROLES.join(', ')}`);
  const token = `${keyId}.${randomBytes(32).toString('base64url')}`;
  return { token, entry: `${keyId}:${role}:${tokenDigest(token).toString('hex')}` };
}
