/** The one place that builds kafkajs clients (kafkajs is unmaintained: keep it behind our interfaces). */
import { EventEmitter } from 'node:events';
import { Kafka, logLevel as KafkaLogLevel, type LogEntry } from 'kafkajs';
import type { Logger } from '../log/logger.js';

/**
 * kafkajs retries a broker that went away quietly (no consumer event until it gives up), so
 * connection failures are picked out of its log here: 'connection-error' with the message.
 * KafkaSource turns them into dependency state (down now, up at the next join or batch).
 */
export const kafkaConnectionEvents = new EventEmitter();
kafkaConnectionEvents.setMaxListeners(50);

function isConnectionFailure(message: string, error: unknown): boolean {
  const text = `${message} ${typeof error === 'string' ? error : ''}`;
  return /Connection error|ECONNREFUSED|ECONNRESET|Connection timeout|Closed connection|Failed to connect to seed broker/i.test(text);
}

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  logger: Logger;
}

export function createKafka(settings: KafkaSettings): Kafka {
  const log = settings.logger.child({ component: 'kafka' });
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 300, retries: 10, maxRetryTime: 10_000 },
    logLevel: KafkaLogLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        const fields = { kafkaLogger: entry.logger, broker: rest.broker, error: rest.error };
        if (level <= KafkaLogLevel.ERROR && isConnectionFailure(String(message), rest.error)) {
          kafkaConnectionEvents.emit('connection-error', { code: 'KAFKA_CONNECTION', message: String(message) });
        }
        if (level <= KafkaLogLevel.ERROR) log.error(fields, message);
        else if (level === KafkaLogLevel.WARN) log.warn(fields, message);
        else log.debug(fields, message);
      },
  });
}

/** Kafka headers arrive as Buffer | string | arrays of them; we keep the first value as UTF-8. */
export function decodeHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const [k, v] of Object.entries(headers)) {
    const first: unknown = Array.isArray(v) ? v[0] : v;
    if (first === undefined || first === null) continue;
    out[k] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}
