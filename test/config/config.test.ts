import { expect, test } from 'vitest';
import { loadConfig } from '../../lib/config/config.js';
import { ConfigError } from '../../core/errors.js';

test('defaults apply when nothing is set', () => {
  const c = loadConfig({});
  expect(c.databaseUrl).toBeNull();
  expect(c.kafkaBrokers).toBeNull();
  expect(c.dbSchema).toBe('lac');
  expect(c.topics.sed).toBe('lac.sed.received');
  expect(c.topics.dlq).toBe('lac.dlq');
  expect(c.ingest.maxDocumentBytes).toBe(5 * 1024 * 1024);
});

test('values are read and trimmed', () => {
  const c = loadConfig({ KAFKA_BROKERS: ' 127.0.0.1:9092, kafka-2:9093 ', DATABASE_URL: 'postgres://u@h:5432/db', LAC_MAX_DEPTH: '32' });
  expect(c.kafkaBrokers).toEqual(['127.0.0.1:9092', 'kafka-2:9093']);
  expect(c.databaseUrl).toBe('postgres://u@h:5432/db');
  expect(c.ingest.maxDepth).toBe(32);
});

test.each([
  ['DATABASE_URL', 'mysql://x@y/z'],
  ['DATABASE_URL', 'not a url'],
  ['REDIS_URL', 'http://x'],
  ['KAFKA_BROKERS', 'localhost'],
  ['LAC_LOG_LEVEL', 'loud'],
  ['LAC_MAX_DOCUMENT_BYTES', '-1'],
  ['LAC_MAX_ATTEMPTS', '2.5'],
  ['LAC_DB_SCHEMA', 'Robert"; DROP'],
  ['LAC_TOPIC_SED', 'bad topic'],
])('%s=%s is rejected with a message naming the variable', (name, value) => {
  let error: unknown;
  try {
    loadConfig({ [name]: value });
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).variable).toBe(name);
  expect((error as ConfigError).message.startsWith(`${name}:`)).toBe(true);
});
