/**
 * Structured JSON logs (pino). Pretty-printed only when stdout is a TTY.
 * Personal identifiers never appear in clear: known personal keys are censored
 * wherever they sit (up to two levels deep), and code logs document ids, never people.
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
    formatters: { level: (label) => ({ level: label }) },
  };
  if (settings.destination) return pino(options, settings.destination);
  const pretty = settings.pretty ?? (process.stdout.isTTY === true && process.env.LAC_LOG_FORMAT !== 'json');
  if (pretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } });
  }
  // Logs go to stderr so that commands can write data (exports) to stdout.
  return pino(options, pino.destination({ fd: 2, sync: false }));
}
