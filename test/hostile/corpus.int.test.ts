/**
 * The hostile corpus through the real ingest service on real Kafka and PostgreSQL: every message
 * ends stored or in dead_letters with its expected code and its original bytes (table and DLQ
 * topic), nothing is lost or duplicated, the service keeps consuming (a valid document produced
 * after the corpus is stored), and a real CSV export of the stored hostile names neutralises
 * spreadsheet formulas while keeping SQL-injection names verbatim.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { messageHash } from '../../core/ingest/message-identity.js';
import { loadConfig } from '../../lib/config/config.js';
import { runExport, sedsExport } from '../../lib/export/run.js';
import { openFileOutput } from '../../lib/export/writer.js';
import { createKafka } from '../../lib/kafka/client.js';
import { KafkaSink } from '../../lib/kafka/kafka-sink.js';
import { createLogger } from '../../lib/log/logger.js';
import { IngestService } from '../../services/ingest/ingest-service.js';
import { createTestDatabase, uniqueName, type TestDatabase } from '../support/db.js';
import { HOSTILE_LIMITS, hostileCorpus, INJECTION_NAMES, validDocuments, type HostileCase } from '../support/hostile-corpus.js';
import { createTestTopics, testKafka, type TestTopics, ingestEnv } from '../support/kafka.js';
import { waitFor } from '../support/wait.js';
import { parseCsv } from '../support/csv.js';

const logger = createLogger({ level: 'silent' });
const corpus = hostileCorpus();
let db: TestDatabase;
let topics: TestTopics;
let service: IngestService | undefined;
let tmp: string;
/** Left by the first test for the second: what the DLQ topic must hold. */
let deadLetters: Array<{ code: string; sha: string }> = [];
let dlqTopicName = '';
let kafkaClient: ReturnType<typeof createKafka> | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  topics = await createTestTopics(testKafka(), ['sed', 'decl', 'cert', 'dlq'], 3);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-hostile-'));
});
afterAll(async () => {
  await service?.stop();
  await topics?.remove();
  await db?.drop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function sha(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Batches under ~700 KB: the broker refuses a record batch over its 1 MB message limit. */
function bySize(cases: HostileCase[]): HostileCase[][] {
  const out: HostileCase[][] = [];
  let cur: HostileCase[] = [];
  let size = 0;
  for (const c of cases) {
    if (cur.length > 0 && size + c.body.length > 700_000) {
      out.push(cur);
      cur = [];
      size = 0;
    }
    cur.push(c);
    size += c.body.length;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

test('every hostile message is stored or dead-lettered as declared; nothing lost or duplicated; the service keeps going; CSV neutralises formulas', async () => {
  const [sedTopic, declTopic, certTopic, dlqTopic] = topics.names as [string, string, string, string];
  const config = loadConfig({
    ...db.env,
    ...ingestEnv(topics, 'ingest'),
    LAC_MAX_DOCUMENT_BYTES: String(HOSTILE_LIMITS.maxBytes),
    LAC_MAX_DEPTH: String(HOSTILE_LIMITS.maxDepth),
  });
  const tableNames = async (): Promise<string[]> =>
    (await db.pool.query<{ t: string }>('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1')).rows.map((r) => r.t);
  const tablesBefore = await tableNames();
  expect(tablesBefore).toContain('seds');
  const kafka = createKafka({ brokers: config.kafkaBrokers ?? [], clientId: 'test-hostile', logger });
  const sink = new KafkaSink(kafka);
  const topicOf = { sed: sedTopic, declaration: declTopic, certificate: certTopic } as const;
  for (const kind of ['sed', 'declaration', 'certificate'] as const) {
    for (const batch of bySize(corpus.filter((c) => c.topic === kind))) {
      await sink.send(topicOf[kind], batch.map((c) => ({ key: c.name, value: c.body, headers: c.headers })));
    }
  }
  // After the whole corpus, one more valid document: the consumer must get past every hostile one.
  const valid = validDocuments(1).find((d) => d.kind === 'xml' && d.headers['rinaDokumentId'] !== undefined);
  if (!valid) throw new Error('no valid XML document');
  const canaryId = 'cafecafecafecafecafecafecafecafe';
  await sink.send(sedTopic, [{ key: 'canary', value: Buffer.from(valid.text, 'utf8'), headers: { ...valid.headers, rinaDokumentId: canaryId } }]);

  service = new IngestService({ config, pool: db.pool, kafka, logger });
  await service.start();

  const total = corpus.length + 1;
  await waitFor(async () => {
    const r = await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM raw_messages WHERE outcome <> 'pending'");
    return Number(r.rows[0]?.n) >= total;
  }, 600_000);

  // Nothing lost, nothing duplicated: exactly one raw message per distinct message.
  const raws = await db.pool.query<{ id: string; hash: Buffer; outcome: string; body: Buffer; code: string | null }>(
    `SELECT r.id, r.message_hash AS hash, r.outcome, r.body, d.error_code AS code
       FROM raw_messages r LEFT JOIN dead_letters d ON d.raw_message_id = r.id`,
  );
  expect(raws.rows.length).toBe(total);
  const byHash = new Map(raws.rows.map((r) => [r.hash.toString('hex'), r]));

  const wrong: string[] = [];
  for (const c of corpus) {
    const row = byHash.get(messageHash(c.headers, c.body).toString('hex'));
    if (row === undefined) {
      wrong.push(`${c.name}: lost`);
      continue;
    }
    if (!row.body.equals(c.body)) wrong.push(`${c.name}: bytes changed`);
    const got = row.outcome === 'rejected' ? `rejected ${row.code ?? '?'}` : row.outcome;
    const want = c.expect.outcome === 'rejected' ? `rejected ${c.expect.code}` : 'stored';
    if (got !== want) wrong.push(`${c.name}: want ${want}, got ${got}`);
  }
  expect(wrong).toEqual([]);

  // The canary, produced last, is stored: the service kept consuming.
  const canary = await db.pool.query('SELECT 1 FROM seds WHERE document_id = $1', [canaryId]);
  expect(canary.rows.length).toBe(1);

  // Hostile names are stored exactly as written, wherever they went.
  const names = new Map<string, string>();
  const q = await db.pool.query<{ hash: Buffer; name: string | null }>(
    `SELECT r.message_hash AS hash, s.family_name AS name FROM seds s JOIN raw_messages r ON r.id = s.raw_message_id
     UNION ALL
     SELECT r.message_hash, w.family_name FROM declarations d JOIN raw_messages r ON r.id = d.raw_message_id
       JOIN declaration_workers w ON w.declaration_row_id = d.id AND w.worker_idx = 0
     UNION ALL
     SELECT r.message_hash, e.record->'person'->>'familyName' FROM certificate_events e JOIN raw_messages r ON r.id = e.raw_message_id`,
  );
  for (const r of q.rows) if (r.name !== null) names.set(r.hash.toString('hex'), r.name);
  const withName = corpus.filter((c) => c.expect.outcome === 'stored' && c.expect.familyName !== undefined);
  expect(withName.length).toBeGreaterThanOrEqual(50);
  for (const c of withName) {
    if (c.expect.outcome !== 'stored') continue;
    expect(names.get(messageHash(c.headers, c.body).toString('hex')), c.name).toBe(c.expect.familyName);
  }
  // The SQL-injection names did nothing to the schema.
  expect(await tableNames()).toEqual(tablesBefore);

  deadLetters = raws.rows.filter((r) => r.outcome === 'rejected').map((r) => ({ code: r.code ?? '', sha: sha(r.body) }));
  dlqTopicName = dlqTopic;
  kafkaClient = kafka;

  // A real CSV export of the stored SEDs: formula names neutralised, everything else verbatim.
  const file = path.join(tmp, 'seds.csv');
  const result = await runExport(db.pool, sedsExport, 'csv', { asOf: null, pseudonymiser: null }, await openFileOutput(file));
  expect(result.records).toBeGreaterThan(20);
  const rows = parseCsv(fs.readFileSync(file, 'utf8'));
  const header = rows[0] ?? [];
  const col = header.indexOf('familyName');
  expect(col).toBeGreaterThanOrEqual(0);
  const exported = new Set(rows.slice(1).map((r) => r[col] ?? ''));
  for (const [variant, name] of INJECTION_NAMES) {
    const stored = name.trim();
    const dangerous = /^[=+\-@\t\r]/.test(stored);
    expect(exported.has(dangerous ? `'${stored}` : stored), variant).toBe(true);
    if (dangerous) expect(exported.has(stored), variant).toBe(false);
  }
  // No cell in the whole export starts a formula (numbers aside).
  const formulas = rows.slice(1).flat().filter((cell) => /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell));
  expect(formulas).toEqual([]);
}, 900_000);

// Dead letters go out in produce requests under the broker's 1 MiB limit (chunkBySize).
test('every dead letter reaches the DLQ topic with its code and original bytes', async () => {
  const kafka = kafkaClient;
  if (kafka === undefined || deadLetters.length === 0) throw new Error('the first test did not run');
  const dlq: Array<{ code: string; sha: string }> = [];
  const consumer = kafka.consumer({ groupId: uniqueName('dlq-reader') });
  await consumer.connect();
  await consumer.subscribe({ topic: dlqTopicName, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      dlq.push({ code: message.headers?.['x-error-code']?.toString() ?? '', sha: sha(message.value ?? Buffer.alloc(0)) });
    },
  });
  try {
    await waitFor(async () => dlq.length >= deadLetters.length, 60_000);
  } finally {
    await consumer.disconnect();
  }
  const key = (x: { code: string; sha: string }): string => `${x.code} ${x.sha}`;
  expect(dlq.map(key).sort()).toEqual(deadLetters.map(key).sort());
}, 180_000);
