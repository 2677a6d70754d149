/**
 * Structured JSON logs (pino). Pretty-printed only when stdout is a TTY.
 * Personal identifiers never appear in clear: known personal keys are censored wherever they sit
 * (pino's redaction for the usual depths, a walk of the logged object for deeper ones), errors are
 * logged without the parts that quote row values (PostgreSQL's `detail`, quoted input in the
 * message), and code logs document ids, never people. test/privacy greps the logs of a full run.
 */
import pino, { type DestinationStream, type LoggerOptions } from 'pino';
import type { Logger } from 'pino';

export type { Logger } from 'pino';

/** Keys that hold personal data in any of our models or in raw documents. */
export const PERSONAL_KEYS = [
  'familyName', 'forename', 'familyNameAtBirth', 'forenameAtBirth', 'birthDate', 'dateBirth',
  'pin', 'pins', 'personalIdentificationNumber', 'person', 'persons', 'workers', 'worker',
  'etternavn', 'fornavn', 'foedselsdato', 'identifikator', 'securityCode', 'body', 'value',
] as const;

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const k of PERSONAL_KEYS) paths.push(k, `*.${k}`, `*.*.${k}`);
  return paths;
}

const PERSONAL = new Set<string>(PERSONAL_KEYS);
const CENSOR = '[redacted]';
const MAX_DEPTH = 8;

/** A copy of `value` with every personal key censored at any depth (the logged object is left alone). */
export function redactPersonal(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || value instanceof Error || Buffer.isBuffer(value)) return value;
  if (depth >= MAX_DEPTH) return CENSOR;
  if (Array.isArray(value)) return value.map((v) => redactPersonal(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = PERSONAL.has(k) ? CENSOR : redactPersonal(v, depth + 1);
  return out;
}

/** PostgreSQL errors (a SQLSTATE code) quote input values: `invalid input syntax for type date: "14.08.1979"`. */
function isDatabaseError(err: { code?: unknown }): boolean {
  return typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code);
}

/** An error's message fit for logs and stderr: database errors lose their quoted values. */
export function safeErrorMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return isDatabaseError(err as { code?: unknown }) ? err.message.replace(/"(?:[^"\\]|\\.)*"/g, '"[redacted]"') : err.message;
}

/** Errors as logged: type, message, code, stack and the names a database error carries; never `detail` (the failing row). */
function errSerializer(err: unknown): unknown {
  if (!(err instanceof Error)) return redactPersonal(err);
  const e = err as Error & { code?: unknown; constraint?: unknown; table?: unknown; column?: unknown };
  return {
    type: e.name,
    message: safeErrorMessage(e),
    ...(e.code === undefined ? {} : { code: e.code }),
    ...(typeof e.constraint === 'string' ? { constraint: e.constraint } : {}),
    ...(typeof e.table === 'string' ? { table: e.table } : {}),
    ...(typeof e.column === 'string' ? { column: e.column } : {}),
    // The stack's first line repeats the message.
    ...(e.stack === undefined ? {} : { stack: e.message === '' ? e.stack : e.stack.replace(e.message, safeErrorMessage(e)) }),
  };
}

export interface LoggerSettings {
  level?: LoggerOptions['level'];
  name?: string;
  /** Defaults to pretty output on a TTY, JSON otherwise. */
  pretty?: boolean;
  destination?: DestinationStream;
}

export function createLogger(settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? process.env.LAC_LOG_LEVEL ?? 'info',
    base: { service: settings.name ?? 'lac', pid: process.pid },
    redact: { paths: redactPaths(), censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }), log: (object) => redactPersonal(object) as Record<string, unknown> },
    serializers: { err: errSerializer, error: errSerializer },
  };
  if (settings.destination) return pino(options, settings.destination);
  const pretty = settings.pretty ?? (process.stdout.isTTY === true && process.env.LAC_LOG_FORMAT !== 'json');
  if (pretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } });
  }
  // Logs go to stderr so that commands can write data (exports) to stdout.
  return pino(options, pino.destination({ fd: 2, sync: false }));
}
