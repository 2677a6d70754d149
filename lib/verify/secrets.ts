/**
 * Server-side keys for verification: the HMAC key for security codes and the Ed25519 key pair
 * for QR payloads, from the environment only. In development (LAC_ALLOW_GENERATED_SECRETS=1,
 * which `lac demo` sets) a missing key is generated on first use and kept in table
 * `lac_secrets`; otherwise a missing key is a ConfigError naming the variable, and commands
 * check at start-up (checkVerifySecret). A key kept in the database protects less: whoever
 * reads the database can then brute-force the short security codes (lib/verify/README.md).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import pg from 'pg';
import { ConfigError } from '../../core/errors.js';
import { verifyKeyFromSecret, type VerifyKey } from '../../core/verify/verify.js';
import { ALLOW_GENERATED_SECRETS_VARIABLE, generatedSecretsAllowed } from '../config/config.js';
import type { Pool, PoolClient } from '../db/pool.js';

export type Queryable = Pool | PoolClient;
type Env = Readonly<Record<string, string | undefined>>;

export const VERIFY_SECRET_VARIABLE = 'LAC_VERIFY_SECRET';
export const QR_PRIVATE_KEY_VARIABLE = 'LAC_QR_PRIVATE_KEY';
export const QR_PUBLIC_KEY_VARIABLE = 'LAC_QR_PUBLIC_KEY';
const VERIFY_SECRET_ROW = 'verify-hmac-key';
const QR_PRIVATE_KEY_ROW = 'qr-ed25519-private-key';
const MIN_SECRET_BYTES = 32;

/** Cache of keys read from the database, per pool (never per pooled client: its transaction may roll back). */
const dbVerifyKeys = new WeakMap<Pool, Promise<VerifyKey>>();
const dbQrKeys = new WeakMap<Pool, Promise<KeyObject>>();

function envValue(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v;
}

/** How to make each key, for the message of a missing one. */
const HOW_TO_GENERATE: Record<string, string> = {
  [VERIFY_SECRET_VARIABLE]: 'Generate one with `openssl rand -base64 48`',
  [QR_PRIVATE_KEY_VARIABLE]: 'Generate one with `openssl genpkey -algorithm ed25519` (PEM; `\\n` escapes accepted)',
  [QR_PUBLIC_KEY_VARIABLE]: 'Derive it with `openssl pkey -pubout` from the signing key, or set LAC_QR_PRIVATE_KEY',
};

/** The ConfigError of a key that is neither in the environment nor allowed to be generated. */
export function missingSecret(variable: string, purpose: string): ConfigError {
  return new ConfigError(
    variable,
    `is not set; it is ${purpose}. ${HOW_TO_GENERATE[variable] ?? 'Make one'} and set it in the environment ` +
      `(for development only, ${ALLOW_GENERATED_SECRETS_VARIABLE}=1 generates one into the database)`,
  );
}

const VERIFY_PURPOSE = 'the key of the security-code hashes';
const QR_PRIVATE_PURPOSE = 'the key signing QR payloads';

/** Keys derived from LAC_VERIFY_SECRET, by value: ingestion asks for the key on every batch. */
const envVerifyKeys = new Map<string, VerifyKey>();

/** LAC_VERIFY_SECRET checked (32+ bytes), or null when it is not set. */
function verifyKeyFromEnv(env: Env): VerifyKey | null {
  const fromEnv = envValue(env, VERIFY_SECRET_VARIABLE);
  if (fromEnv === undefined) return null;
  const hit = envVerifyKeys.get(fromEnv);
  if (hit !== undefined) return hit;
  const secret = Buffer.from(fromEnv, 'utf8');
  if (secret.length < MIN_SECRET_BYTES) {
    throw new ConfigError(VERIFY_SECRET_VARIABLE, `is ${secret.length} bytes; use at least ${MIN_SECRET_BYTES} (e.g. \`openssl rand -base64 48\`)`);
  }
  const key = verifyKeyFromSecret(secret);
  envVerifyKeys.clear();
  envVerifyKeys.set(fromEnv, key);
  return key;
}

/**
 * For commands that hash or check security codes (ingest, replay, dlq retry, verify, api), at
 * start-up before any work: LAC_VERIFY_SECRET is set and long enough, or generated keys are allowed.
 * @throws ConfigError naming LAC_VERIFY_SECRET
 */
export function checkVerifySecret(env: Env = process.env): void {
  if (verifyKeyFromEnv(env) === null && !generatedSecretsAllowed(env)) throw missingSecret(VERIFY_SECRET_VARIABLE, VERIFY_PURPOSE);
}

/**
 * The HMAC key: LAC_VERIFY_SECRET (at least 32 bytes), or in development the generated one in `lac_secrets`.
 * @throws ConfigError when the variable is missing and generated keys are not allowed
 */
export async function loadVerifyKey(db: Queryable, env: Env = process.env): Promise<VerifyKey> {
  const fromEnv = verifyKeyFromEnv(env);
  if (fromEnv !== null) return fromEnv;
  if (!generatedSecretsAllowed(env)) throw missingSecret(VERIFY_SECRET_VARIABLE, VERIFY_PURPOSE);
  return cached(dbVerifyKeys, db, async () => verifyKeyFromSecret(await getOrCreateSecret(db, VERIFY_SECRET_ROW, () => randomBytes(32))));
}

/**
 * The QR signing key: LAC_QR_PRIVATE_KEY (PEM), or in development the generated one in `lac_secrets`.
 * @throws ConfigError when the variable is missing and generated keys are not allowed
 */
export async function loadQrPrivateKey(db: Queryable, env: Env = process.env): Promise<KeyObject> {
  const fromEnv = envValue(env, QR_PRIVATE_KEY_VARIABLE);
  if (fromEnv !== undefined) return parseQrPrivateKey(fromEnv, QR_PRIVATE_KEY_VARIABLE);
  if (!generatedSecretsAllowed(env)) throw missingSecret(QR_PRIVATE_KEY_VARIABLE, QR_PRIVATE_PURPOSE);
  return cached(dbQrKeys, db, async () => {
    const der = await getOrCreateSecret(db, QR_PRIVATE_KEY_ROW, () =>
      generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }),
    );
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  });
}

/**
 * The QR verification key, for offline checks: LAC_QR_PUBLIC_KEY (PEM), else derived from
 * LAC_QR_PRIVATE_KEY, else (development only, and only when a database is given) from the
 * generated key in `lac_secrets`.
 * @throws ConfigError when none is available
 */
export async function loadQrPublicKey(db: Queryable | null, env: Env = process.env): Promise<KeyObject> {
  const pub = envValue(env, QR_PUBLIC_KEY_VARIABLE);
  if (pub !== undefined) return parseQrPublicKey(pub, QR_PUBLIC_KEY_VARIABLE);
  const priv = envValue(env, QR_PRIVATE_KEY_VARIABLE);
  if (priv !== undefined) return createPublicKey(parseQrPrivateKey(priv, QR_PRIVATE_KEY_VARIABLE));
  if (db === null || !generatedSecretsAllowed(env)) {
    throw new ConfigError(QR_PUBLIC_KEY_VARIABLE, `is not set; it is needed to check QR payloads (or pass --public-key FILE). ${HOW_TO_GENERATE[QR_PUBLIC_KEY_VARIABLE]}`);
  }
  return createPublicKey(await loadQrPrivateKey(db, env));
}

/** PEM (a literal `\n` in an environment variable counts as a line break). */
export function parseQrPrivateKey(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(unescapePem(pem));
  } catch {
    throw new ConfigError(source, 'is not a PEM private key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new ConfigError(source, `is a ${key.asymmetricKeyType ?? 'unknown'} key; an Ed25519 key is needed`);
  return key;
}

export function parseQrPublicKey(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(unescapePem(pem));
  } catch {
    throw new ConfigError(source, 'is not a PEM public key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new ConfigError(source, `is a ${key.asymmetricKeyType ?? 'unknown'} key; an Ed25519 key is needed`);
  return key;
}

function unescapePem(pem: string): string {
  return pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem;
}

/**
 * The secret stored under `name`, created by `create` if there is none. Concurrent first uses
 * agree: the losing insert waits for the winner's commit and then reads its value.
 */
export async function getOrCreateSecret(db: Queryable, name: string, create: () => Buffer): Promise<Buffer> {
  const read = async (): Promise<Buffer | undefined> =>
    (await db.query<{ value: Buffer }>('SELECT value FROM lac_secrets WHERE name = $1', [name])).rows[0]?.value;
  const existing = await read();
  if (existing !== undefined) return existing;
  const inserted = await db.query<{ value: Buffer }>(
    'INSERT INTO lac_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING value',
    [name, create()],
  );
  const value = inserted.rows[0]?.value ?? (await read());
  if (value === undefined) throw new Error(`secret ${name} vanished`);
  return value;
}

function cached<T>(cache: WeakMap<Pool, Promise<T>>, db: Queryable, load: () => Promise<T>): Promise<T> {
  if (!(db instanceof pg.Pool)) return load();
  const hit = cache.get(db);
  if (hit !== undefined) return hit;
  const promise = load();
  cache.set(db, promise);
  promise.catch(() => cache.delete(db));
  return promise;
}
