/**
 * Configuration from environment variables, validated once at start-up.
 * A bad value stops the process with a message naming the variable.
 */
import { ConfigError } from '../../core/errors.js';

export interface LacConfig {
  databaseUrl: string | null;
  /** PostgreSQL schema holding LAC's tables (tests use one schema per file). */
  dbSchema: string;
  kafkaBrokers: string[] | null;
  redisUrl: string | null;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  kafkaClientId: string;
  topics: {
    sed: string;
    declarations: string;
    certificates: string;
    dlq: string;
    riskScores: string;
  };
  ingest: {
    groupId: string;
    maxDocumentBytes: number;
    maxDepth: number;
    /** Attempts before a message that keeps failing is dead-lettered (crash loops). */
    maxAttempts: number;
    /** How long the group waits for a silent member (a killed process) before handing its partitions on. */
    sessionTimeoutMs: number;
    /** Worker threads that parse batches (0: parse on the main thread). */
    prepareWorkers: number;
    /** Partitions whose batches one process handles at once (each its own transaction). */
    partitionsConcurrently: number;
  };
  queuePrefix: string;
  /** Health/readiness/metrics endpoint and heartbeat of the long-running services (lib/ops). */
  ops: {
    /** null: no endpoint; 0: a free port (logged). */
    metricsPort: number | null;
    metricsHost: string;
    heartbeatMs: number;
  };
  /**
   * LAC_ALLOW_GENERATED_SECRETS: keys missing from the environment may be generated and kept in
   * the database (lib/verify/secrets.ts). Development and `lac demo` only; otherwise a command
   * that needs a missing key stops at start-up.
   */
  allowGeneratedSecrets: boolean;
  /** How long a service waits for PostgreSQL at start-up before giving up (0: one attempt). */
  startupTimeoutMs: number;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Every variable LAC reads, with its meaning and default: drives the README table and `lac --help`. */
export const CONFIG_VARIABLES: ReadonlyArray<{ name: string; default: string; meaning: string }> = [
  { name: 'DATABASE_URL', default: '(none; `lac demo` uses embedded PostgreSQL)', meaning: 'PostgreSQL connection string' },
  { name: 'KAFKA_BROKERS', default: '(none)', meaning: 'Comma-separated Kafka bootstrap servers, e.g. 127.0.0.1:9092' },
  { name: 'REDIS_URL', default: '(none)', meaning: 'Redis URL for BullMQ queues, e.g. redis://127.0.0.1:6379' },
  { name: 'LAC_DB_SCHEMA', default: 'lac', meaning: 'PostgreSQL schema holding LAC tables' },
  { name: 'LAC_LOG_LEVEL', default: 'info', meaning: 'trace|debug|info|warn|error|fatal|silent' },
  { name: 'LAC_KAFKA_CLIENT_ID', default: 'lac', meaning: 'Kafka client id' },
  { name: 'LAC_TOPIC_SED', default: 'lac.sed.received', meaning: 'Incoming SEDs' },
  { name: 'LAC_TOPIC_DECLARATIONS', default: 'lac.posting.declarations', meaning: 'Posting declarations' },
  { name: 'LAC_TOPIC_CERTIFICATES', default: 'lac.certificates', meaning: 'Certificate events' },
  { name: 'LAC_TOPIC_DLQ', default: 'lac.dlq', meaning: 'Dead-letter topic' },
  { name: 'LAC_TOPIC_RISK', default: 'lac.risk.scores', meaning: 'Company risk scores (output)' },
  { name: 'LAC_INGEST_GROUP', default: 'lac-ingest', meaning: 'Consumer group of the ingest service' },
  { name: 'LAC_MAX_DOCUMENT_BYTES', default: '5242880', meaning: 'Larger documents are rejected (TOO_LARGE)' },
  { name: 'LAC_MAX_DEPTH', default: '64', meaning: 'Deeper nesting is rejected (TOO_DEEP)' },
  { name: 'LAC_MAX_ATTEMPTS', default: '5', meaning: 'Failures before a message is dead-lettered (RETRIES_EXHAUSTED)' },
  { name: 'LAC_KAFKA_SESSION_TIMEOUT_MS', default: '30000', meaning: 'Consumer session timeout: how soon a dead consumer\'s partitions move on' },
  { name: 'LAC_INGEST_WORKERS', default: '1', meaning: 'Parse worker threads per ingest process (0: parse on the main thread)' },
  { name: 'LAC_INGEST_CONCURRENCY', default: '1', meaning: 'Partitions one ingest process handles at once (each batch its own transaction)' },
  { name: 'LAC_QUEUE_PREFIX', default: 'lac', meaning: 'BullMQ key prefix in Redis' },
  { name: 'LAC_METRICS_PORT', default: '(none: no endpoint)', meaning: 'Port of /health, /ready, /metrics in ingest, matcher, risk (0 = a free port, logged)' },
  { name: 'LAC_METRICS_HOST', default: '127.0.0.1', meaning: 'Address that endpoint listens on (0.0.0.0 for a scraper on another host)' },
  { name: 'LAC_HEARTBEAT_MS', default: '10000', meaning: 'How often each service writes its status row (down after 3 missed beats)' },
  { name: 'LAC_PSEUDONYM_SECRET', default: '(none)', meaning: 'Key for --pseudonymise exports and the pseudonyms retention leaves (HMAC-SHA256)' },
  { name: 'LAC_RETENTION_RAW_DAYS', default: '730', meaning: 'Days raw document bytes are kept (lac retention)' },
  { name: 'LAC_RETENTION_PERSONAL_DAYS', default: '1825', meaning: 'Days names, birth dates, PINs and addresses are kept in clear (lac retention)' },
  { name: 'LAC_VERIFY_SECRET', default: '(none; required by ingest, replay, dlq retry, verify, api)', meaning: 'Key of security-code hashes, 32+ bytes (openssl rand -base64 48)' },
  { name: 'LAC_QR_PRIVATE_KEY', default: '(none)', meaning: 'Ed25519 private key (PEM) signing QR payloads (openssl genpkey -algorithm ed25519)' },
  { name: 'LAC_QR_PUBLIC_KEY', default: '(derived from LAC_QR_PRIVATE_KEY)', meaning: 'Ed25519 public key (PEM) checking QR payloads (lac verify --qr)' },
  { name: 'LAC_ALLOW_GENERATED_SECRETS', default: 'false (`lac demo`: true)', meaning: 'Development only: generate missing verify/QR keys into the database instead of refusing to start' },
  { name: 'LAC_STARTUP_TIMEOUT_MS', default: '180000', meaning: 'How long ingest, matcher, risk, api and the retention worker wait for PostgreSQL at start-up (0: no wait)' },
  { name: 'LAC_API_PORT', default: '8080', meaning: '`lac api` listen port (--port overrides)' },
  { name: 'LAC_API_HOST', default: '127.0.0.1', meaning: '`lac api` listen address (0.0.0.0 for all interfaces)' },
  { name: 'LAC_API_KEYS', default: '(none; `lac api` refuses to start)', meaning: 'API keys: keyId:role:sha256hex(token),... (role inspector|operator)' },
  { name: 'LAC_API_TRUST_PROXY', default: 'false', meaning: 'Behind one reverse proxy: /v1/verify rate-limits by X-Forwarded-For' },
];

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
const IDENT_RE = /^[a-z_][a-z0-9_]{0,62}$/;
const TOPIC_RE = /^[A-Za-z0-9._-]{1,249}$/;

export function loadConfig(env: Env = process.env): LacConfig {
  return {
    databaseUrl: optionalUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    dbSchema: pattern(env, 'LAC_DB_SCHEMA', 'lac', IDENT_RE, 'a lower-case SQL identifier'),
    kafkaBrokers: brokers(env),
    redisUrl: optionalUrl(env, 'REDIS_URL', ['redis:', 'rediss:']),
    logLevel: oneOf(env, 'LAC_LOG_LEVEL', 'info', LOG_LEVELS),
    kafkaClientId: pattern(env, 'LAC_KAFKA_CLIENT_ID', 'lac', TOPIC_RE, 'letters, digits, . _ -'),
    topics: {
      sed: topic(env, 'LAC_TOPIC_SED', 'lac.sed.received'),
      declarations: topic(env, 'LAC_TOPIC_DECLARATIONS', 'lac.posting.declarations'),
      certificates: topic(env, 'LAC_TOPIC_CERTIFICATES', 'lac.certificates'),
      dlq: topic(env, 'LAC_TOPIC_DLQ', 'lac.dlq'),
      riskScores: topic(env, 'LAC_TOPIC_RISK', 'lac.risk.scores'),
    },
    ingest: {
      groupId: pattern(env, 'LAC_INGEST_GROUP', 'lac-ingest', TOPIC_RE, 'letters, digits, . _ -'),
      maxDocumentBytes: positiveInt(env, 'LAC_MAX_DOCUMENT_BYTES', 5 * 1024 * 1024),
      maxDepth: positiveInt(env, 'LAC_MAX_DEPTH', 64),
      maxAttempts: positiveInt(env, 'LAC_MAX_ATTEMPTS', 5),
      sessionTimeoutMs: positiveInt(env, 'LAC_KAFKA_SESSION_TIMEOUT_MS', 30_000),
      prepareWorkers: Number(pattern(env, 'LAC_INGEST_WORKERS', '1', /^\d{1,2}$/, 'a number of threads (0-99)')),
      partitionsConcurrently: positiveInt(env, 'LAC_INGEST_CONCURRENCY', 1),
    },
    queuePrefix: pattern(env, 'LAC_QUEUE_PREFIX', 'lac', TOPIC_RE, 'letters, digits, . _ -'),
    ops: {
      metricsPort: portNumber(env, 'LAC_METRICS_PORT'),
      metricsHost: pattern(env, 'LAC_METRICS_HOST', '127.0.0.1', /^[A-Za-z0-9.:-]{1,253}$/, 'a host name or IP address'),
      heartbeatMs: positiveInt(env, 'LAC_HEARTBEAT_MS', 10_000),
    },
    allowGeneratedSecrets: generatedSecretsAllowed(env),
    startupTimeoutMs: nonNegativeInt(env, 'LAC_STARTUP_TIMEOUT_MS', 180_000),
  };
}

export const ALLOW_GENERATED_SECRETS_VARIABLE = 'LAC_ALLOW_GENERATED_SECRETS';

/** LAC_ALLOW_GENERATED_SECRETS: `1`/`true` or `0`/`false` (default). */
export function generatedSecretsAllowed(env: Env = process.env): boolean {
  const v = read(env, ALLOW_GENERATED_SECRETS_VARIABLE)?.toLowerCase();
  if (v === undefined || v === '0' || v === 'false') return false;
  if (v === '1' || v === 'true') return true;
  throw new ConfigError(ALLOW_GENERATED_SECRETS_VARIABLE, `"${v}" is not 1, true, 0 or false`);
}

/** The value of a required connection, or a ConfigError saying which variable to set. */
export function required<T>(value: T | null, variable: string, purpose: string): T {
  if (value === null) throw new ConfigError(variable, `is not set; it is needed ${purpose}`);
  return value;
}

function read(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function optionalUrl(env: Env, name: string, protocols: string[]): string | null {
  const v = read(env, name);
  if (v === undefined) return null;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new ConfigError(name, `is not a valid URL`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return v;
}

function brokers(env: Env): string[] | null {
  const v = read(env, 'KAFKA_BROKERS');
  if (v === undefined) return null;
  const list = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const b of list) {
    if (!/^[A-Za-z0-9.-]+:\d{1,5}$/.test(b) && !/^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(b)) {
      throw new ConfigError('KAFKA_BROKERS', `"${b}" is not host:port`);
    }
  }
  if (list.length === 0) throw new ConfigError('KAFKA_BROKERS', 'is empty');
  return list;
}

function pattern(env: Env, name: string, def: string, re: RegExp, what: string): string {
  const v = read(env, name) ?? def;
  if (!re.test(v)) throw new ConfigError(name, `"${v}" is not valid (expected ${what})`);
  return v;
}

function topic(env: Env, name: string, def: string): string {
  return pattern(env, name, def, TOPIC_RE, 'a Kafka topic name');
}

function oneOf<T extends string>(env: Env, name: string, def: T, allowed: readonly T[]): T {
  const v = read(env, name) ?? def;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new ConfigError(name, `"${v}" is not one of ${allowed.join(', ')}`);
  }
  return v as T;
}

function positiveInt(env: Env, name: string, def: number): number {
  const v = read(env, name);
  if (v === undefined) return def;
  if (!/^\d+$/.test(v) || Number(v) <= 0 || !Number.isSafeInteger(Number(v))) {
    throw new ConfigError(name, `"${v}" is not a positive integer`);
  }
  return Number(v);
}

function nonNegativeInt(env: Env, name: string, def: number): number {
  const v = read(env, name);
  if (v === undefined) return def;
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new ConfigError(name, `"${v}" is not a whole number (0 or more)`);
  return Number(v);
}

/** A TCP port 0-65535 (0 = any free port). */
export function parsePort(value: string, name: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new ConfigError(name, `"${value}" is not a port (0-65535)`);
  return Number(value);
}

function portNumber(env: Env, name: string): number | null {
  const v = read(env, name);
  return v === undefined ? null : parsePort(v, name);
}
