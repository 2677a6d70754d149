/**
 * The control catalogue over a generated population on the real PostgreSQL: flags are raised
 * for planted anomalies, each cites evidence that exists, a second run changes nothing, and the
 * flags export and `lac controls list` print the catalogue's records.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { COMPANY_CONTROLS, PERSON_CONTROLS, catalogue } from '../../core/controls/catalog/index.js';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { runMatch } from '../../lib/match/run-match.js';
import { runCompanyControls, runPersonControls } from '../../lib/controls/run-controls.js';
import { createLogger } from '../../lib/log/logger.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { runLac } from '../support/cli.js';

const logger = createLogger({ level: 'silent' });
const corpus = corpusMessages({ seed: 71, seds: 1500, declarations: 500, certificates: 700 });
const asOf = '2026-11-23';
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await new Ingestor({ pool: db.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger }).ingest(corpus.map((m) => asSourceMessage(m)));
  await runMatch(db.pool, { logger });
  await runPersonControls(db.pool, PERSON_CONTROLS, { asOf, logger, batchSize: 97 });
  await runCompanyControls(db.pool, COMPANY_CONTROLS, { asOf, logger });
});
afterAll(async () => {
  await db.drop();
});

test('the catalogue has at least 51 controls with unique ids', () => {
  const ids = catalogue().map((c) => c.id);
  expect(ids.length).toBeGreaterThanOrEqual(51);
  expect(new Set(ids).size).toBe(ids.length);
});

test('planted anomalies raise flags of several controls, person and company level', async () => {
  const r = await db.pool.query<{ control_id: string; scope: string; n: string }>('SELECT control_id, scope, count(*) AS n FROM flags GROUP BY 1, 2');
  expect(r.rows.length).toBeGreaterThan(8);
  expect(r.rows.some((x) => x.scope === 'company')).toBe(true);
  // Declared workers without any certificate (planted noCertificate) are flagged red.
  const missing = corpus.filter((m) => m.topic === 'declaration' && m.truth?.anomalies?.includes('noCertificate'));
  expect(missing.length).toBeGreaterThan(0);
  const red = await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM flags WHERE control_id = 'LAC-P021' AND severity = 'red'");
  expect(Number(red.rows[0]?.n)).toBeGreaterThan(0);
});

test('every piece of evidence a flag cites exists', async () => {
  const r = await db.pool.query<{ ref: string }>('SELECT DISTINCT unnest(evidence) AS ref FROM flags');
  expect(r.rows.length).toBeGreaterThan(0);
  const missing: string[] = [];
  for (const { ref } of r.rows) {
    const found = await db.pool.query(
      `SELECT 1 WHERE EXISTS (SELECT 1 FROM seds WHERE document_id = $1)
                   OR EXISTS (SELECT 1 FROM certificates WHERE certificate_number = $1)
                   OR EXISTS (SELECT 1 FROM declarations d JOIN declaration_workers w ON w.declaration_row_id = d.id WHERE d.declaration_id || '#' || w.worker_idx = $1)
                   OR EXISTS (SELECT 1 FROM declarations WHERE declaration_id = $1)
                   OR EXISTS (SELECT 1 FROM seds WHERE 'sed:' || document_id = $1)`,
      [ref],
    );
    if (found.rows.length === 0) missing.push(ref);
  }
  expect(missing.slice(0, 5)).toEqual([]);
});

test('a second run raises and clears nothing', async () => {
  const p = await runPersonControls(db.pool, PERSON_CONTROLS, { asOf, logger });
  const c = await runCompanyControls(db.pool, COMPANY_CONTROLS, { asOf, logger });
  expect([p.raised, p.cleared, c.raised, c.cleared]).toEqual([0, 0, 0, 0]);
});

test('lac export flags writes the contract fields; lac controls list prints the catalogue', async () => {
  const out = await runLac(['export', 'flags', '--format', 'jsonl'], db.env);
  expect(out.code, out.stderr).toBe(0);
  const first = JSON.parse(out.stdout.split('\n')[0] ?? '{}') as Record<string, unknown>;
  for (const field of ['controlId', 'controlVersion', 'severity', 'subjectType', 'subjectRef', 'companyKey', 'personKey', 'evidence', 'legalBasis', 'message', 'raisedAt']) {
    expect(first, field).toHaveProperty(field);
  }
  const list = await runLac(['controls', 'list', '--json']);
  expect(list.code).toBe(0);
  expect(list.stdout.trim().split('\n').length).toBe(catalogue().length);
});

test('red flags stop automation: listed for review, with a reconsideration request to the issuer when a certificate is the evidence', async () => {
  const r = await db.pool.query<{ proposal: string; issuing_institutions: string[]; control_id: string }>('SELECT proposal, issuing_institutions, control_id FROM flag_reviews');
  const red = await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM flags WHERE severity = 'red'");
  expect(r.rows.length).toBe(Number(red.rows[0]?.n));
  const withIssuer = r.rows.filter((x) => x.issuing_institutions.length > 0);
  expect(withIssuer.length).toBeGreaterThan(0);
  for (const x of withIssuer) expect(x.proposal).toMatch(/^request reconsideration from [A-Z]{2}:/);
  const cli = await runLac(['review', '--json', '--limit', '5'], db.env);
  expect(cli.code, cli.stderr).toBe(0);
  expect(cli.stdout.trim().split('\n')).toHaveLength(5);
});

test('flags of a person key that no longer exists (re-keyed by identity resolution) are cleared', async () => {
  const live = await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM flags WHERE scope = 'person'`);
  await db.pool.query(
    `INSERT INTO flags (control_id, control_version, severity, scope, scope_key, subject_type, subject_ref, person_key, legal_basis, message, detail)
     SELECT control_id, control_version, severity, 'person', 'PK-gone', subject_type, subject_ref || '#gone', 'PK-gone', legal_basis, message, detail
       FROM flags WHERE scope = 'person' LIMIT 3`,
  );
  const incremental = await runPersonControls(db.pool, PERSON_CONTROLS, { asOf, logger, personKeys: ['PK-gone'] });
  expect(incremental.cleared).toBe(3);
  const after = await db.pool.query<{ n: string; gone: string }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE scope_key = 'PK-gone') AS gone FROM flags WHERE scope = 'person'`,
  );
  expect(Number(after.rows[0]?.gone)).toBe(0);
  expect(after.rows[0]?.n).toBe(live.rows[0]?.n);
});
