/**
 * No PIN, name or birth date in the logs of a full run. Every command of the pipeline runs as a
 * real `lac` process at debug level over a generated corpus plus hostile documents that carry
 * personal data (rejections are where data classically leaks): replay (twice), the ingest service
 * on Kafka, dead-letter list and retry, match, controls, score, review, status, every export
 * (written to files: an export's data is not a log), verify, reprocess, retention. All stdout and stderr is collected
 * and searched for every name, birth date (in the usual written forms) and PIN of every person in
 * the corpus (find-leaks.ts; its own test proves it finds planted values).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { createTestDatabase, uniqueName, type TestDatabase } from '../support/db.js';
import { runLac } from '../support/cli.js';
import { startLac } from '../support/lac-process.js';
import { createTestTopics, testKafka, type TestTopics, ingestEnv } from '../support/kafka.js';
import { waitFor } from '../support/wait.js';
import { findLeaks, type Needles } from './find-leaks.js';
import { HOSTILE_NEEDLES, HOSTILE_PERSONS } from './hostile-persons.js';

let db: TestDatabase;
let dir: string;
let topics: TestTopics;
const logs: string[] = [];
let needles: Needles;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lac-privacy-'));
  topics = await createTestTopics(testKafka(), ['sed', 'decl', 'cert', 'dlq'], 1);
});
afterAll(async () => {
  await topics?.remove();
  await db?.drop();
  await fs.rm(dir, { recursive: true, force: true });
});

const ENV = (): Record<string, string> => ({ ...db.env, LAC_LOG_LEVEL: 'debug', LAC_LOG_FORMAT: 'json', LAC_PSEUDONYM_SECRET: 'privacy-test-secret-9f8e7d6c5b4a' });

async function lac(args: string[], expected = 0): Promise<string> {
  const r = await runLac(args, ENV());
  logs.push(`# lac ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  expect(r.code, `lac ${args.join(' ')}: ${r.stderr.slice(-2000)}`).toBe(expected);
  return r.stdout;
}

/** Every person value the stored corpus holds (names of 3+ letters, birth dates, PINs of 5+ characters). */
async function corpusNeedles(): Promise<Needles> {
  const q = async (sql: string): Promise<string[]> => (await db.pool.query<{ v: string | null }>(sql)).rows.map((r) => r.v).filter((v): v is string => v !== null);
  const names = await q(`SELECT DISTINCT v FROM (
      SELECT unnest(ARRAY[family_name, forename, record->'person'->>'familyNameAtBirth', record->'person'->>'forenameAtBirth']) AS v FROM seds
      UNION SELECT unnest(ARRAY[family_name, forename]) FROM declaration_workers
      UNION SELECT unnest(ARRAY[family_name, forename]) FROM certificates
      UNION SELECT unnest(ARRAY[record->'liaisonPerson'->>'familyName', record->'liaisonPerson'->>'forename']) FROM declarations) x`);
  const dates = await q(`SELECT DISTINCT to_char(v, 'YYYY-MM-DD') AS v FROM (
      SELECT birth_date AS v FROM seds UNION SELECT birth_date FROM declaration_workers UNION SELECT birth_date FROM certificates) x`);
  const pins = await q(`SELECT DISTINCT v FROM (
      SELECT pin AS v FROM sed_pins UNION SELECT e->>'id' FROM declaration_workers, jsonb_array_elements(pins) e
      UNION SELECT e->>'id' FROM certificates, jsonb_array_elements(coalesce(record->'person'->'pins', '[]')) e) x`);
  // Single words from compound names too: a log could carry one part.
  const parts = names.flatMap((n) => [n, ...n.split(/[\s-]+/)]).filter((n) => [...n].length >= 3);
  return { names: [...new Set(parts)], birthDates: dates, pins: pins.filter((p) => p.replace(/[\s.\-/]/g, '').length >= 5) };
}

test('a full run logs no name, birth date or PIN of anyone in the corpus', async () => {
  const backlog = path.join(dir, 'backlog');
  await lac(['generate', '--out', backlog, '--seds', '300', '--declarations', '100', '--certificates', '120', '--seed', '4242', '--bad-rate', '0.05']);
  const hostile = path.join(dir, 'hostile');
  await fs.mkdir(hostile);
  for (const h of HOSTILE_PERSONS) await fs.writeFile(path.join(hostile, h.name), h.body);

  await lac(['replay', backlog, hostile, '--to', 'db']);
  await lac(['replay', backlog, hostile, '--to', 'db']);
  const rejected = await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM raw_messages WHERE outcome = 'rejected'");
  expect(Number(rejected.rows[0]?.n)).toBeGreaterThanOrEqual(HOSTILE_PERSONS.length);
  const fromCorpus = await corpusNeedles();
  needles = {
    names: [...fromCorpus.names, ...HOSTILE_NEEDLES.names],
    birthDates: [...fromCorpus.birthDates, ...HOSTILE_NEEDLES.birthDates],
    pins: [...fromCorpus.pins, ...HOSTILE_NEEDLES.pins],
  };
  expect(fromCorpus.names.length).toBeGreaterThan(200);
  expect(fromCorpus.birthDates.length).toBeGreaterThan(200);
  expect(fromCorpus.pins.length).toBeGreaterThan(200);

  // The ingest service on Kafka, with the hostile documents among good ones.
  const [sedTopic, declTopic, certTopic, dlqTopic] = topics.names as [string, string, string, string];
  const kafka = new Kafka({ clientId: 'privacy-test', brokers: inject('services').KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const lines = async (f: string, n: number): Promise<string[]> => (await fs.readFile(path.join(backlog, f), 'utf8')).split('\n').filter((l) => l.trim() !== '').slice(0, n);
  // A canary last on each topic (three different bodies: the topic is not part of a message's identity): once all are stored, everything before them was consumed.
  const canary = uniqueName('canary');
  const hostileOf = (prefix: string): Array<{ key: string; value: string }> => HOSTILE_PERSONS.filter((h) => h.name.startsWith(prefix)).map((h) => ({ key: h.name, value: h.body }));
  await producer.send({ topic: sedTopic, messages: [...(await lines('seds.ndjson', 60)).map((value) => ({ key: 's', value })), ...hostileOf('nav'), ...hostileOf('xml'), ...hostileOf('unknown'), { key: 'c', value: `{"canary":"${canary}-sed"}` }] });
  await producer.send({ topic: declTopic, messages: [...(await lines('declarations.ndjson', 20)).map((value) => ({ key: 'd', value })), ...hostileOf('declaration'), { key: 'c', value: `{"canary":"${canary}-declaration"}` }] });
  await producer.send({ topic: certTopic, messages: [...(await lines('certificates.ndjson', 20)).map((value) => ({ key: 'c', value })), ...hostileOf('certificate'), { key: 'c', value: `{"canary":"${canary}-certificate"}` }] });
  await producer.disconnect();
  const service = startLac(['ingest'], {
    ...ENV(), ...ingestEnv(topics, 'privacy'),
  });
  try {
    await waitFor(async () => {
      const r = await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM raw_messages WHERE source = 'kafka' AND position(convert_to($1, 'UTF8') in body) > 0", [canary]);
      return Number(r.rows[0]?.n) >= 3;
    }, 180_000, 500);
  } catch (err) {
    throw new Error(`ingest service did not consume the topics: ${String(err)}\n${service.output().slice(-3000)}`);
  } finally {
    service.child.kill('SIGTERM');
    await service.exited;
    logs.push(`# lac ingest\n${service.output()}`);
  }

  await lac(['dlq', 'list', '--all']);
  await lac(['dlq', 'list', '--all', '--json']);
  await lac(['dlq', 'retry']);
  await lac(['match', '--all']);
  await lac(['controls', 'run', '--as-of', '2026-06-30']);
  await lac(['score', '--as-of', '2026-06-30']);
  await lac(['review']);
  await lac(['status']);
  for (const what of ['seds', 'matches', 'flags', 'risk']) {
    await lac(['export', what, '--format', 'csv', '--out', path.join(dir, `${what}.csv`)]);
    await lac(['export', what, '--format', 'jsonl', '--pseudonymise', '--out', path.join(dir, `${what}.pseudonymised.jsonl`)]);
  }
  const cert = await db.pool.query<{ n: string }>('SELECT certificate_number AS n FROM certificates ORDER BY 1 LIMIT 1');
  await lac(['verify', cert.rows[0]?.n ?? 'none', 'WRONG-CODE-1'], 3);
  await lac(['reprocess']);
  await db.pool.query("UPDATE raw_messages SET received_at = now() - interval '3000 days' WHERE id % 2 = 0");
  for (const t of ['seds', 'declarations', 'certificate_events']) await db.pool.query(`UPDATE ${t} x SET received_at = r.received_at FROM raw_messages r WHERE r.id = x.raw_message_id`);
  await lac(['retention', 'run', '--dry-run']);
  await lac(['retention', 'run']);
  await lac(['retention', 'list']);

  const all = logs.join('\n');
  expect(all).toContain('"level":"debug"');
  const leaks = logs.flatMap((section) => findLeaks(section, needles).map((l) => `${section.split('\n')[0]}: ${l.kind} ${l.needle} in ${l.line.slice(0, 300)}`));
  expect(leaks.slice(0, 30)).toEqual([]);
}, 900_000);
