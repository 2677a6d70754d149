/** `lac export seds` on the real PostgreSQL: latest versions, status, CSV, --as-of, --pseudonymise, files and stdout. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { parseCsv } from '../support/csv.js';
import { runExportCli } from '../support/export-cli.js';

// ---------------------------------------------------------------------------------------------
// Fixtures: rows as ingestion writes them (lib/ingest/sql-seds.ts), by plain SQL.

interface SedFixture {
  documentId: string;
  version: number;
  caseId: string;
  sedType: string;
  status: 'active' | 'superseded' | 'invalidated';
  receivedAt: string;
  familyName?: string;
  forename?: string;
  pins?: Array<{ country: string; id: string }>;
  employers?: Array<{ name: string; country: string }>;
  decision?: boolean;
}

function storedRecord(f: SedFixture): Record<string, unknown> {
  return {
    sedType: f.sedType,
    cdmVersion: '4.2',
    sourceFormat: 'xml',
    person:
      f.familyName === undefined
        ? null
        : {
            familyName: f.familyName,
            forename: f.forename ?? null,
            familyNameAtBirth: null,
            forenameAtBirth: null,
            birthDate: '1985-02-11',
            sex: 'F',
            nationalities: ['PL'],
            pins: (f.pins ?? []).map((p) => ({ ...p, sector: null })),
            birthPlace: null,
          },
    addresses: [],
    employers: (f.employers ?? []).map((e) => ({ role: 'employer', name: e.name, country: e.country, ids: [{ type: 'registration', id: 'HRB 1' }], address: null })),
    workplaces: [{ name: null, country: 'FR', town: 'Lyon', noFixedAddress: false, homeBase: null }],
    decision:
      f.decision === false
        ? null
        : {
            legislationState: 'DE',
            article: '12_1',
            startDate: '2024-04-01',
            endDate: '2025-03-31',
            openEnded: false,
            provisional: false,
            amending: false,
            previousDecisionDate: null,
            appliesForDurationOfActivity: null,
          },
    request: null,
    target: f.sedType === 'X008' ? { documentId: 'doc-b', sedType: 'A003' } : null,
    originals: {},
    notes: ['a note that must not be exported'],
  };
}

async function insertSed(db: TestDatabase, f: SedFixture): Promise<number> {
  const raw = await db.pool.query<{ id: string }>(
    `INSERT INTO raw_messages (message_hash, kind, source, body, byte_size, outcome, received_at)
     VALUES ($1, 'sed', 'test', '\\x00', 1, 'stored', $2) RETURNING id`,
    [randomBytes(16), f.receivedAt],
  );
  const rec = storedRecord(f);
  const res = await db.pool.query<{ id: string }>(
    `INSERT INTO seds (document_id, version, case_id, sed_type, buc_type, cdm_version, source_format,
                       sender_institution, sender_country, receiver_institution, receiver_country, supported, status,
                       family_name, forename, birth_date, legislation_state, article, start_date, end_date,
                       record, normaliser_version, raw_message_id, received_at, normalised_at)
     VALUES ($1, $2, $3, $4, 'LA_BUC_04', '4.2', 'xml', 'GR:IKA0001', 'GR', 'FR:URSSAF01', 'FR', true, $5,
             $6, $7, '1985-02-11', 'DE', '12_1', '2024-04-01', '2025-03-31', $8, 1, $9, $10, $10)
     RETURNING id`,
    [f.documentId, f.version, f.caseId, f.sedType, f.status, f.familyName ?? null, f.forename ?? null, JSON.stringify(rec), raw.rows[0]?.id, f.receivedAt],
  );
  const id = Number(res.rows[0]?.id);
  for (const p of f.pins ?? []) {
    await db.pool.query('INSERT INTO sed_pins (sed_id, country, pin) VALUES ($1, $2, $3)', [id, p.country, p.id]);
  }
  for (const [idx, e] of (f.employers ?? []).entries()) {
    await db.pool.query(`INSERT INTO sed_employers (sed_id, idx, role, name, country, ids) VALUES ($1, $2, 'employer', $3, $4, '[]')`, [id, idx, e.name, e.country]);
  }
  return id;
}

// ---------------------------------------------------------------------------------------------

let db: TestDatabase;
let dir: string;
const SECRET = 'test-secret-0123456789abcdef';

beforeAll(async () => {
  db = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-export-int-'));
  await insertSed(db, { documentId: 'doc-a', version: 1, caseId: 'case-1', sedType: 'A009', status: 'superseded', receivedAt: '2024-01-10T12:00:00Z', familyName: 'Alphaold', forename: 'Anna', pins: [{ country: 'DE', id: '12110285M005' }] });
  await insertSed(db, {
    documentId: 'doc-a', version: 2, caseId: 'case-1', sedType: 'A009', status: 'active', receivedAt: '2024-03-10T12:00:00Z',
    familyName: 'Alphanew', forename: 'Anna', pins: [{ country: 'DE', id: '12110285M005' }], employers: [{ name: 'Bau & Montage GmbH', country: 'DE' }],
  });
  await insertSed(db, { documentId: 'doc-b', version: 1, caseId: 'case-2', sedType: 'A003', status: 'invalidated', receivedAt: '2024-01-20T12:00:00Z', familyName: 'Bravo', forename: 'Ben', pins: [{ country: 'PL', id: '85021112345' }] });
  await insertSed(db, { documentId: 'doc-c', version: 1, caseId: 'case-3', sedType: 'A009', status: 'active', receivedAt: '2024-02-01T00:00:00Z', familyName: '=HYPERLINK("http://evil","x")', forename: 'Smith, John' });
  const x = await insertSed(db, { documentId: 'doc-x', version: 1, caseId: 'case-2', sedType: 'X008', status: 'active', receivedAt: '2024-02-15T12:00:00Z', decision: false });
  await db.pool.query(`INSERT INTO sed_invalidations (invalidating_sed_id, case_id, target_document_id, target_sed_type) VALUES ($1, 'case-2', 'doc-b', 'A003')`, [x]);
});

afterAll(async () => {
  await db?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

type Json = Record<string, unknown> & { person: Record<string, unknown> | null };

function lines(text: string): Json[] {
  expect(text.endsWith('\n')).toBe(true);
  return text.trimEnd().split('\n').map((l) => JSON.parse(l) as Json);
}

describe('JSONL', () => {
  test('one line per document, its latest version, with the stored status', async () => {
    const file = path.join(dir, 'seds.jsonl');
    const r = await runExportCli(['seds', '--out', file], db.env);
    expect(r.stderr).toBe(`exported 4 seds to ${file}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(fs.existsSync(`${file}.tmp`)).toBe(false);
    const recs = lines(fs.readFileSync(file, 'utf8'));
    expect(recs.map((x) => [x.documentId, x.version, x.status])).toEqual([
      ['doc-a', 2, 'active'],
      ['doc-b', 1, 'invalidated'],
      ['doc-c', 1, 'active'],
      ['doc-x', 1, 'active'],
    ]);
    const a = recs[0];
    expect(Object.keys(a ?? {})).toEqual([
      'documentId', 'caseId', 'version', 'sedType', 'bucType', 'cdmVersion', 'sourceFormat',
      'sender', 'receiver', 'status', 'person', 'addresses', 'employers', 'workplaces', 'decision', 'request',
    ]);
    expect(a).toMatchObject({
      caseId: 'case-1', sedType: 'A009', bucType: 'LA_BUC_04', cdmVersion: '4.2', sourceFormat: 'xml',
      sender: { institutionId: 'GR:IKA0001', country: 'GR' }, receiver: { institutionId: 'FR:URSSAF01', country: 'FR' },
      person: { familyName: 'Alphanew', forename: 'Anna', birthDate: '1985-02-11', pins: [{ country: 'DE', id: '12110285M005', sector: null }] },
      employers: [{ role: 'employer', name: 'Bau & Montage GmbH', country: 'DE', ids: [{ type: 'registration', id: 'HRB 1' }], address: null }],
      decision: { legislationState: 'DE', article: '12_1', startDate: '2024-04-01', endDate: '2025-03-31' },
      request: null,
    });
    expect(recs[3]?.decision).toBeNull();
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('""');
    expect(text).not.toMatch(/"notes"|"target"|"originals"/);
  });

  test('to stdout when --out is not given', async () => {
    const r = await runExportCli(['seds'], db.env);
    expect(r.code).toBe(0);
    expect(lines(r.stdout).map((x) => x.documentId)).toEqual(['doc-a', 'doc-b', 'doc-c', 'doc-x']);
    expect(r.stderr).toBe('exported 4 seds to stdout\n');
  });

  test('an existing file is replaced only when the export succeeded', async () => {
    const file = path.join(dir, 'replace.jsonl');
    fs.writeFileSync(file, 'old\n');
    const bad = await runExportCli(['seds', '--out', file], { ...db.env, LAC_DB_SCHEMA: 'no_such_schema' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^lac: .*seds/);
    expect(fs.readFileSync(file, 'utf8')).toBe('old\n');
    expect(fs.existsSync(`${file}.tmp`)).toBe(false);
    const good = await runExportCli(['seds', '--out', file], db.env);
    expect(good.code).toBe(0);
    expect(lines(fs.readFileSync(file, 'utf8'))).toHaveLength(4);
  });
});

describe('CSV', () => {
  test('header and one row per document, RFC 4180, formulas neutralised', async () => {
    const file = path.join(dir, 'seds.csv');
    const r = await runExportCli(['seds', '--format', 'csv', '--out', file], db.env);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`exported 4 seds to ${file}\n`);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    const header = rows[0] ?? [];
    expect(header.slice(0, 4)).toEqual(['documentId', 'caseId', 'version', 'sedType']);
    expect(header).toHaveLength(31);
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row).toHaveLength(31);
    const byId = new Map(rows.slice(1).map((row) => [row[0], Object.fromEntries(header.map((h, i) => [h, row[i]]))]));
    expect(byId.get('doc-a')).toMatchObject({ version: '2', status: 'active', familyName: 'Alphanew', pins: 'DE:12110285M005', employers: 'employer|Bau & Montage GmbH|DE', workplaceCountries: 'FR', senderCountry: 'GR', openEnded: 'false' });
    expect(byId.get('doc-b')).toMatchObject({ status: 'invalidated' });
    expect(byId.get('doc-c')).toMatchObject({ familyName: `'=HYPERLINK("http://evil","x")`, forename: 'Smith, John' });
    expect(byId.get('doc-x')).toMatchObject({ legislationState: '', article: '', familyName: '' });
  });
});

describe('--as-of', () => {
  async function asOf(date: string): Promise<Json[]> {
    const r = await runExportCli(['seds', '--as-of', date], db.env);
    expect(r.stderr).toMatch(/^exported \d+ seds to stdout\n$/);
    expect(r.code).toBe(0);
    return r.stdout === '' ? [] : lines(r.stdout);
  }

  test('only documents received on or before the date; the version and status of then', async () => {
    const jan31 = await asOf('2024-01-31');
    expect(jan31.map((x) => [x.documentId, x.version, x.status])).toEqual([
      ['doc-a', 1, 'active'],
      ['doc-b', 1, 'active'],
    ]);
    expect(jan31[0]?.person?.familyName).toBe('Alphaold');
    // Received 2024-02-01T00:00Z: on that day, so included.
    expect((await asOf('2024-02-01')).map((x) => x.documentId)).toEqual(['doc-a', 'doc-b', 'doc-c']);
    const feb20 = await asOf('2024-02-20');
    expect(feb20.map((x) => [x.documentId, x.version, x.status])).toEqual([
      ['doc-a', 1, 'active'],
      ['doc-b', 1, 'invalidated'],
      ['doc-c', 1, 'active'],
      ['doc-x', 1, 'active'],
    ]);
    expect(await asOf('2023-12-31')).toEqual([]);
  });

  test('a timestamp with a zone is an instant; the same as-of gives the same bytes', async () => {
    expect((await asOf('2024-01-10T11:59:59Z')).map((x) => x.documentId)).toEqual([]);
    expect((await asOf('2024-01-10T13:00:00+01:00')).map((x) => x.documentId)).toEqual(['doc-a']);
    const one = await runExportCli(['seds', '--as-of', '2024-02-20', '--format', 'csv'], db.env);
    const two = await runExportCli(['seds', '--as-of', '2024-02-20', '--format', 'csv'], db.env);
    expect(one.stdout).toBe(two.stdout);
  });

  test('a bad date is refused before anything is written', async () => {
    const file = path.join(dir, 'never.jsonl');
    const r = await runExportCli(['seds', '--as-of', '31/01/2024', '--out', file], db.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^lac: --as-of "31\/01\/2024" is not a date/);
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('--pseudonymise', () => {
  test('PINs, names and birth dates become stable keyed hashes', async () => {
    const env = { ...db.env, LAC_PSEUDONYM_SECRET: SECRET };
    const one = await runExportCli(['seds', '--pseudonymise'], env);
    const two = await runExportCli(['seds', '--pseudonymise'], env);
    expect(one.code).toBe(0);
    expect(one.stdout).toBe(two.stdout);
    for (const secret of ['Alphanew', 'Alphaold', 'Anna', 'Bravo', 'Ben', 'HYPERLINK', 'Smith', '12110285M005', '85021112345', '1985-02-11']) {
      expect(one.stdout).not.toContain(secret);
    }
    const recs = lines(one.stdout);
    const a = recs[0]?.person;
    expect(a?.familyName).toMatch(/^p_[0-9a-f]{16}$/);
    expect(a?.birthDate).toMatch(/^p_[0-9a-f]{16}$/);
    expect(a?.pins).toEqual([{ country: 'DE', id: expect.stringMatching(/^p_[0-9a-f]{16}$/) as unknown, sector: null }]);
    // Not personal: kept.
    expect(recs[0]?.employers).toMatchObject([{ name: 'Bau & Montage GmbH' }]);
    expect(recs[0]?.decision).toMatchObject({ startDate: '2024-04-01' });

    const csv = await runExportCli(['seds', '--pseudonymise', '--format', 'csv'], env);
    expect(csv.code).toBe(0);
    for (const secret of ['Alphanew', 'Anna', '12110285M005', '1985-02-11']) expect(csv.stdout).not.toContain(secret);
    expect(csv.stdout).toContain(`DE:${String((a?.pins as Array<{ id: string }>)[0]?.id)}`);

    const other = await runExportCli(['seds', '--pseudonymise'], { ...db.env, LAC_PSEUDONYM_SECRET: 'another-secret' });
    expect(lines(other.stdout)[0]?.person?.familyName).not.toBe(a?.familyName);
  });

  test('without LAC_PSEUDONYM_SECRET the export fails naming the variable, and writes nothing', async () => {
    const file = path.join(dir, 'pseudo.jsonl');
    const r = await runExportCli(['seds', '--pseudonymise', '--out', file], db.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^lac: LAC_PSEUDONYM_SECRET: is not set/);
    expect(fs.existsSync(file)).toBe(false);
  });
});

test('the risk export before any scoring run is a CSV header alone', async () => {
  const r = await runExportCli(['risk', '--format', 'csv'], db.env);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/exported 0 risk/);
});
