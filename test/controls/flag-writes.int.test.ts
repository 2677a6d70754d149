/**
 * A full controls run writes only the flags that change: a second run over unchanged data
 * rewrites and locks no row (xmin and xmax stay as they were), a changed hit is rewritten alone,
 * and flags of person or company keys that no longer exist are cleared wherever they sort.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { COMPANY_CONTROLS, PERSON_CONTROLS } from '../../core/controls/catalog/index.js';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { runMatch } from '../../lib/match/run-match.js';
import { runCompanyControls, runPersonControls } from '../../lib/controls/run-controls.js';
import { createLogger } from '../../lib/log/logger.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const logger = createLogger({ level: 'silent' });
const asOf = '2026-11-23';
let db: TestDatabase;

interface Version { id: string; xmin: string; xmax: string; detail: string; raised_at: string }

async function versions(): Promise<Map<string, Version>> {
  const r = await db.pool.query<Version>(
    `SELECT control_id || '|' || subject_type || '|' || subject_ref AS id, xmin::text AS xmin, xmax::text AS xmax, detail, raised_at::text AS raised_at FROM flags`,
  );
  return new Map(r.rows.map((v) => [v.id, v]));
}

async function runAll(): Promise<{ raised: number; cleared: number }> {
  const p = await runPersonControls(db.pool, PERSON_CONTROLS, { asOf, logger, batchSize: 53 });
  const c = await runCompanyControls(db.pool, COMPANY_CONTROLS, { asOf, logger });
  return { raised: p.raised + c.raised, cleared: p.cleared + c.cleared };
}

beforeAll(async () => {
  db = await createTestDatabase();
  const corpus = corpusMessages({ seed: 79, seds: 900, declarations: 300, certificates: 400 });
  await new Ingestor({ pool: db.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger }).ingest(corpus.map((m) => asSourceMessage(m)));
  await runMatch(db.pool, { logger });
  await runAll();
}, 180_000);
afterAll(async () => {
  await db.drop();
});

test('a second full run neither rewrites nor locks any flag', { timeout: 120_000 }, async () => {
  const before = await versions();
  expect(before.size).toBeGreaterThan(100);
  expect(await runAll()).toEqual({ raised: 0, cleared: 0 });
  expect(await versions()).toEqual(before);
});

test('a changed hit is rewritten alone and keeps the time it was first raised', { timeout: 120_000 }, async () => {
  const [person] = (await db.pool.query<{ id: string }>(
    `UPDATE flags SET detail = 'stale' WHERE ctid = (SELECT ctid FROM flags WHERE scope = 'person' ORDER BY control_id, subject_ref LIMIT 1)
     RETURNING control_id || '|' || subject_type || '|' || subject_ref AS id`,
  )).rows;
  const [company] = (await db.pool.query<{ id: string }>(
    `UPDATE flags SET detail = 'stale' WHERE ctid = (SELECT ctid FROM flags WHERE scope = 'company' ORDER BY control_id, subject_ref LIMIT 1)
     RETURNING control_id || '|' || subject_type || '|' || subject_ref AS id`,
  )).rows;
  const before = await versions();
  expect(await runAll()).toEqual({ raised: 2, cleared: 0 });
  const after = await versions();
  for (const [id, v] of after) {
    if (id === person?.id || id === company?.id) {
      expect(v.detail, id).not.toBe('stale');
      expect(v.raised_at, id).toBe(before.get(id)?.raised_at);
    } else {
      expect(v, id).toEqual(before.get(id));
    }
  }
});

test('flags of persons and companies that no longer exist are cleared by a full run, wherever their keys sort', { timeout: 120_000 }, async () => {
  const live = await versions();
  // Keys before, among and after the existing ones (byte order), for both scopes.
  for (const [scope, keys] of [['person', ['!gone', 'PK-gone', '~gone']], ['company', ['!gone', 'name:ZZ:gone', '~gone']]] as const) {
    for (const key of keys) {
      await db.pool.query(
        `INSERT INTO flags (control_id, control_version, severity, scope, scope_key, subject_type, subject_ref, person_key, company_key, legal_basis, message, detail)
         SELECT control_id, control_version, severity, scope, $2, subject_type, subject_ref || '#' || $2, CASE WHEN $1 = 'person' THEN $2 END,
                CASE WHEN $1 = 'company' THEN $2 END, legal_basis, message, detail
           FROM flags WHERE scope = $1 AND scope_key <> $2 LIMIT 2`,
        [scope, key],
      );
    }
  }
  expect((await versions()).size).toBe(live.size + 12);
  expect(await runAll()).toEqual({ raised: 0, cleared: 12 });
  expect(await versions()).toEqual(live);
});
