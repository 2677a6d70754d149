/**
 * Storage on the real PostgreSQL: every message kept once with its bytes, canonical rows for
 * SEDs, declarations and certificates, dead letters with stable codes; storing again changes
 * nothing; the order of arrival does not change the result.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { createLogger } from '../../lib/log/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { fingerprint } from '../support/fingerprint.js';
import { asSourceMessage, corpusMessages, expectedFrom } from '../support/corpus.js';

const logger = createLogger({ level: 'silent' });
const limits = { maxBytes: 5 * 1024 * 1024, maxDepth: 64 };
const corpus = corpusMessages({ seed: 7, seds: 600, declarations: 150, certificates: 200, badRate: 0.05, duplicateRate: 0.05, newVersionRate: 0.1 });
const expected = expectedFrom(corpus);
let a: TestDatabase;
let b: TestDatabase;

beforeAll(async () => {
  [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(async () => {
  await Promise.all([a.drop(), b.drop()]);
});

async function ingestAll(db: TestDatabase, messages = corpus, batchSize = 100) {
  const ingestor = new Ingestor({ pool: db.pool, limits, logger });
  const totals = { received: 0, duplicates: 0 };
  for (let i = 0; i < messages.length; i += batchSize) {
    const s = await ingestor.ingest(messages.slice(i, i + batchSize).map((m) => asSourceMessage(m)));
    totals.received += s.received;
    totals.duplicates += s.duplicates;
  }
  return totals;
}

test('every distinct message is kept once with its original bytes; bad ones are dead letters with their code', async () => {
  const totals = await ingestAll(a);
  expect(totals.received).toBe(corpus.length);
  const raw = await a.pool.query<{ n: string }>('SELECT count(*) AS n FROM raw_messages');
  expect(Number(raw.rows[0]?.n)).toBe(expected.distinct);
  const dead = await a.pool.query<{ error_code: string; n: string }>('SELECT error_code, count(*) AS n FROM dead_letters GROUP BY 1');
  expect(Object.fromEntries(dead.rows.map((r) => [r.error_code, Number(r.n)]))).toEqual(expected.bad);
  expect(Object.keys(expected.bad).length).toBeGreaterThan(3);

  // Bytes are kept exactly, for every message including rejected ones.
  const sample = corpus.filter((m) => m.expect.kind !== 'duplicate').slice(0, 50);
  for (const m of sample) {
    const r = await a.pool.query<{ body: Buffer }>('SELECT body FROM raw_messages WHERE body = $1', [Buffer.from(m.value, 'utf8')]);
    expect(r.rows.length).toBe(1);
  }
});

test('SED versions: the highest is active, earlier ones superseded; X008 invalidates its target', async () => {
  const versions = await a.pool.query<{ document_id: string; version: number; status: string }>(
    `SELECT document_id, version, status FROM seds WHERE document_id IN (SELECT document_id FROM seds GROUP BY 1 HAVING count(*) > 1) ORDER BY 1, 2`,
  );
  expect(versions.rows.length).toBeGreaterThan(0);
  const byDoc = new Map<string, Array<{ version: number; status: string }>>();
  for (const r of versions.rows) byDoc.set(r.document_id, [...(byDoc.get(r.document_id) ?? []), r]);
  for (const rows of byDoc.values()) {
    const last = rows[rows.length - 1];
    for (const r of rows.slice(0, -1)) expect(['superseded', 'invalidated']).toContain(r.status);
    expect(['active', 'invalidated']).toContain(last?.status);
  }
  const x008 = corpus.filter((m) => m.source?.sedType === 'X008' && m.expect.kind === 'valid');
  expect(x008.length).toBeGreaterThan(0);
  for (const m of x008) {
    const target = m.truth?.targetDocumentId;
    if (target === undefined) continue;
    const r = await a.pool.query<{ status: string }>('SELECT status FROM seds WHERE document_id = $1', [target]);
    for (const row of r.rows) expect(row.status).toBe('invalidated');
  }
});

test('declarations keep every version with the highest current; certificates derive their state from events', async () => {
  const decl = await a.pool.query<{ n: string }>(
    'SELECT count(*) AS n FROM (SELECT declaration_id FROM declarations GROUP BY 1 HAVING count(*) FILTER (WHERE is_current) <> 1) x',
  );
  expect(Number(decl.rows[0]?.n)).toBe(0);
  const withdrawn = await a.pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM certificates c WHERE c.status = 'withdrawn' AND NOT EXISTS (SELECT 1 FROM certificate_events e WHERE e.certificate_number = c.certificate_number AND e.issue_type = 'withdrawal')",
  );
  expect(Number(withdrawn.rows[0]?.n)).toBe(0);
  const certs = await a.pool.query<{ n: string }>('SELECT count(*) AS n FROM certificates');
  expect(Number(certs.rows[0]?.n)).toBeGreaterThan(100);
});

test('storing the same messages again changes nothing', async () => {
  const before = await fingerprint(a.pool);
  const totals = await ingestAll(a, corpus, 250);
  expect(totals.duplicates).toBe(corpus.length);
  expect(await fingerprint(a.pool)).toEqual(before);
});

test('arrival order does not change the stored state', async () => {
  await ingestAll(b, [...corpus].reverse(), 37);
  const fa = await fingerprint(a.pool);
  const fb = await fingerprint(b.pool);
  expect(fb).toEqual(fa);
});
