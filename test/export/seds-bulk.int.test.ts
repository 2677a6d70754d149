/** Keyset pagination over many documents: order, count, page sizes, snapshot, stdout closed early. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runExport, sedsExport } from '../../lib/export/run.js';
import { sedBatches } from '../../lib/export/seds.js';
import { streamOutput } from '../../lib/export/writer.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { exportFinished, spawnExportCli } from '../support/export-cli.js';

const DOCUMENTS = 5000;
/** Every 7th document has a second version. */
const SECOND_VERSIONS = Math.floor(DOCUMENTS / 7);

let db: TestDatabase;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-export-bulk-'));
  const raw = await db.pool.query<{ id: string }>(
    `INSERT INTO raw_messages (message_hash, kind, source, body, byte_size, outcome) VALUES ($1, 'sed', 'test', '\\x00', 1, 'stored') RETURNING id`,
    [randomBytes(16)],
  );
  const rawId = raw.rows[0]?.id;
  // Inserted in shuffled order, so the export's order comes from the query, not the heap.
  await db.pool.query(
    `INSERT INTO seds (document_id, version, case_id, sed_type, source_format, supported, status, record, normaliser_version, raw_message_id, received_at)
     SELECT 'bulk-' || lpad(g::text, 6, '0'), v, 'case-' || g, 'A003', 'xml', true,
            CASE WHEN v = 1 AND g % 7 = 0 THEN 'superseded' ELSE 'active' END,
            jsonb_build_object('sedType', 'A003', 'cdmVersion', '4.2', 'sourceFormat', 'xml',
                               'person', jsonb_build_object('familyName', 'Name' || g || 'v' || v, 'forename', 'F', 'nationalities', '[]'::jsonb, 'pins', '[]'::jsonb),
                               'addresses', '[]'::jsonb, 'employers', '[]'::jsonb, 'workplaces', '[]'::jsonb,
                               'decision', null, 'request', null, 'target', null, 'originals', '{}'::jsonb, 'notes', '[]'::jsonb),
            1, $1, '2024-01-01T00:00:00Z'::timestamptz + g * interval '1 minute'
       FROM generate_series(1, $2::int) g
       CROSS JOIN LATERAL (SELECT 1 AS v UNION ALL SELECT 2 WHERE g % 7 = 0) versions
      ORDER BY md5(g::text || v::text)`,
    [rawId, DOCUMENTS],
  );
  await db.pool.query('ANALYZE seds');
});

afterAll(async () => {
  await db?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const expectedIds = Array.from({ length: DOCUMENTS }, (_, i) => `bulk-${String(i + 1).padStart(6, '0')}`);

test(`${DOCUMENTS} documents come in pages of 2000, in document id order, latest version each`, async () => {
  const rows = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM seds');
  expect(Number(rows.rows[0]?.n)).toBe(DOCUMENTS + SECOND_VERSIONS);
  const sizes: number[] = [];
  const ids: string[] = [];
  let second = 0;
  for await (const batch of sedBatches(db.pool, { asOf: null, pseudonymiser: null, batchSize: 2000 })) {
    sizes.push(batch.length);
    for (const r of batch) {
      ids.push(r.documentId);
      const n = Number(r.documentId.slice(5));
      expect(r.version).toBe(n % 7 === 0 ? 2 : 1);
      expect(r.status).toBe('active');
      expect(r.person?.familyName).toBe(`Name${n}v${r.version}`);
      if (r.version === 2) second++;
    }
  }
  expect(sizes).toEqual([2000, 2000, 1000]);
  expect(ids).toEqual(expectedIds);
  expect(second).toBe(SECOND_VERSIONS);
});

test('page boundaries that fall between versions of one document lose and repeat nothing', async () => {
  // Small odd pages: many boundaries, some right after a document with two versions.
  const ids: string[] = [];
  for await (const batch of sedBatches(db.pool, { asOf: null, pseudonymiser: null, batchSize: 7 })) ids.push(...batch.map((r) => r.documentId));
  expect(ids).toEqual(expectedIds);
});

test('--as-of with pages: the version and count of then', async () => {
  // Received at 2024-01-01 + g minutes: by 2024-01-02T00:00Z, documents 1..1440.
  const asOf = { given: '2024-01-01', receivedUpTo: '2024-01-01T23:59:59.999999Z' };
  let count = 0;
  for await (const batch of sedBatches(db.pool, { asOf, pseudonymiser: null, batchSize: 500 })) count += batch.length;
  expect(count).toBe(1439);
});

test('the export is one snapshot: rows written meanwhile do not appear half-way', async () => {
  const out = new PassThrough();
  let lines = 0;
  let inserted = false;
  out.on('data', (c: Buffer) => {
    lines += c.toString('utf8').split('\n').length - 1;
  });
  const def = {
    ...sedsExport,
    batches: async function* (...args: Parameters<typeof sedsExport.batches>) {
      for await (const b of sedsExport.batches(...args)) {
        yield b;
        if (!inserted) {
          inserted = true;
          await db.pool.query(
            `INSERT INTO seds (document_id, version, sed_type, source_format, supported, record, normaliser_version, raw_message_id)
             SELECT 'bulk-999999', 1, 'A003', 'xml', true, '{}'::jsonb, 1, id FROM raw_messages LIMIT 1`,
          );
        }
      }
    },
  };
  const r = await runExport(db.pool, def, 'jsonl', { asOf: null, pseudonymiser: null }, streamOutput(out, 'memory'));
  expect(r.records).toBe(DOCUMENTS);
  expect(lines).toBe(DOCUMENTS);
  await db.pool.query(`DELETE FROM seds WHERE document_id = 'bulk-999999'`);
});

test(`CLI: ${DOCUMENTS} documents to a CSV file, header + one row each`, async () => {
  const file = path.join(dir, 'bulk.csv');
  const child = spawnExportCli(['seds', '--format', 'csv', '--out', file], db.env);
  const r = await exportFinished(child);
  expect(r.stderr).toBe(`exported ${DOCUMENTS} seds to ${file}\n`);
  expect(r.code).toBe(0);
  const rows = fs.readFileSync(file, 'utf8').split('\r\n');
  expect(rows.pop()).toBe('');
  expect(rows).toHaveLength(DOCUMENTS + 1);
  expect(rows.slice(1).map((l) => l.slice(0, l.indexOf(',')))).toEqual(expectedIds);
});

test('CLI: a reader closing stdout early (EPIPE) ends the export quietly with exit 0', async () => {
  const child = spawnExportCli(['seds'], db.env);
  const done = exportFinished(child);
  await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
  child.stdout?.destroy();
  const r = await done;
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/^export of seds stopped after \d+ record\(s\): stdout was closed by its reader\n$/);
  expect(r.stderr).not.toMatch(/Error|at /);
});
