/**
 * `lac replay` on a mixed backlog (ndjson, single XML and JSON files, .tar.gz, .zip):
 * straight into the database twice (the second run stores nothing new), and into Kafka,
 * from where the ingest service stores exactly what the database replay stored.
 */
import path from 'node:path';
import fs from 'node:fs/promises';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { toNdjsonLine } from '../../core/synth/ndjson.js';
import { loadConfig } from '../../lib/config/config.js';
import { createKafka } from '../../lib/kafka/client.js';
import { createLogger } from '../../lib/log/logger.js';
import { IngestService } from '../../services/ingest/ingest-service.js';
import { corpusMessages } from '../support/corpus.js';
import { createTestDatabase, uniqueName, type TestDatabase } from '../support/db.js';
import { fingerprint } from '../support/fingerprint.js';
import { createTestTopics, testKafka, type TestTopics } from '../support/kafka.js';
import { runLac } from '../support/cli.js';
import { waitFor } from '../support/wait.js';
import { makeTar, makeZip, tempDir, writeTree } from '../files/helpers.js';

const corpus = corpusMessages({ seed: 31, seds: 500, declarations: 100, certificates: 150, badRate: 0.02, duplicateRate: 0.05 });
let dir: { dir: string; cleanup: () => Promise<void> };
let viaDb: TestDatabase;
let viaKafka: TestDatabase;
let topics: TestTopics;

beforeAll(async () => {
  dir = await tempDir();
  const lines = corpus.map(toNdjsonLine).filter((l): l is string => l !== null);
  const xmlDocs = corpus.filter((m) => m.topic === 'sed' && m.value.startsWith('<') && m.expect.kind === 'valid').slice(0, 20);
  const q = Math.floor(lines.length / 4);
  await writeTree(dir.dir, {
    'part1.ndjson': `${lines.slice(0, q).join('\n')}\n`,
    'nested/part2.ndjson': `${lines.slice(q, 2 * q).join('\r\n')}\r\n`,
    ...Object.fromEntries(xmlDocs.map((m, i) => [`docs/sed-${String(i).padStart(2, '0')}.xml`, m.value])),
  });
  await fs.writeFile(path.join(dir.dir, 'part3.tar.gz'), await makeTar([{ name: 'x/part3.ndjson', content: Buffer.from(lines.slice(2 * q, 3 * q).join('\n')) }]));
  await fs.writeFile(path.join(dir.dir, 'part4.zip'), makeZip([{ name: 'part4.ndjson', content: Buffer.from(lines.slice(3 * q).join('\n')) }]));
  [viaDb, viaKafka] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  topics = await createTestTopics(testKafka(), ['sed', 'decl', 'cert', 'dlq'], 2);
});

afterAll(async () => {
  await topics.remove();
  await Promise.all([viaDb.drop(), viaKafka.drop()]);
  await dir.cleanup();
});

test('replay --to db twice: the second run stores nothing new', async () => {
  const first = await runLac(['replay', dir.dir, '--to', 'db', '--batch-size', '97'], viaDb.env);
  expect(first.code, first.stderr).toBe(0);
  expect(first.stdout).toMatch(/read \d+ document\(s\) from 24 file\(s\)/);
  expect(first.stdout).toMatch(/rejected: .*[A-Z_]+ \d+/);
  const after = await fingerprint(viaDb.pool);
  expect(Number(after.seds?.split(':')[0])).toBeGreaterThan(300);

  const second = await runLac(['replay', dir.dir, '--to', 'db'], viaDb.env);
  expect(second.code, second.stderr).toBe(0);
  expect(second.stdout).toContain('stored: 0 SED(s), 0 declaration(s), 0 certificate event(s)');
  expect(second.stdout).toContain('rejected: none');
  expect(await fingerprint(viaDb.pool)).toEqual(after);
});

test('replay --to kafka, then the ingest service: the same rows as the database replay', async () => {
  const [sed, decl, cert, dlq] = topics.names as [string, string, string, string];
  const kafkaEnv = { KAFKA_BROKERS: inject('services').KAFKA_BROKERS, LAC_TOPIC_SED: sed, LAC_TOPIC_DECLARATIONS: decl, LAC_TOPIC_CERTIFICATES: cert, LAC_TOPIC_DLQ: dlq };
  const sent = await runLac(['replay', dir.dir], { ...viaKafka.env, ...kafkaEnv });
  expect(sent.code, sent.stderr).toBe(0);
  expect(sent.stdout).toContain(`to ${sed}`);

  const logger = createLogger({ level: 'silent' });
  const config = loadConfig({ ...viaKafka.env, ...kafkaEnv, LAC_INGEST_GROUP: uniqueName('replay') });
  const service = new IngestService({ config, pool: viaKafka.pool, kafka: createKafka({ brokers: config.kafkaBrokers ?? [], clientId: 'replay-test', logger }), logger });
  await service.start();
  const want = await fingerprint(viaDb.pool);
  try {
    await waitFor(async () => (await fingerprint(viaKafka.pool)).raw_messages === want.raw_messages, 60_000);
  } finally {
    await service.stop();
  }
  expect(await fingerprint(viaKafka.pool)).toEqual(want);
});
