/**
 * The matcher on the real PostgreSQL, through real ingestion: each outcome of the contract,
 * successive certificates, a withdrawal, an amendment that shortens a period, and a person
 * whose name is written differently in the SED, the declaration and the certificate.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { runMatch } from '../../lib/match/run-match.js';
import { createLogger } from '../../lib/log/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const logger = createLogger({ level: 'silent' });
let db: TestDatabase;

const company = { name: 'Bau & Montage GmbH', country: 'DE', ids: [{ type: 'vat', id: 'DE123456789' }] };
const otherCompany = { name: 'Rhein Logistik AG', country: 'DE', ids: [{ type: 'vat', id: 'DE987654321' }] };

function declaration(id: string, worker: Record<string, unknown>, start: string, end: string, version = 1, undertaking = company) {
  return {
    declarationId: id, version, status: version === 1 ? 'active' : 'amended', declaredAt: '2024-03-28T09:00:00Z', hostCountry: 'FR',
    postingUndertaking: undertaking, client: { name: 'Chantier SAS', country: 'FR', ids: [] }, sector: 'construction',
    startDate: start, endDate: end, workplaces: [], workers: [worker],
  };
}

function certificate(number: string, person: Record<string, unknown>, start: string, end: string, extra: Record<string, unknown> = {}) {
  return {
    certificateNumber: number, securityCode: 'AAAA-BBBB', kind: 'A1', agreement: 'EU', issueType: 'initial', issuedAt: '2024-03-01',
    issuer: { institutionId: 'DE:DRV001', country: 'DE' }, person, employer: company, selfEmployed: false,
    legislationState: 'DE', article: '12_1', statesOfWork: ['FR'], startDate: start, endDate: end, provisional: false, ...extra,
  };
}

const worker = (familyName: string, forename: string, birthDate: string, pin?: string) => ({
  familyName, forename, birthDate, sex: 'M', nationality: 'PL', pins: pin === undefined ? [] : [{ country: 'DE', id: pin }],
});

/** A NAV-shaped A009 (the reader's own fixtures show the shape). */
function a009(familyName: string, forename: string, birthDate: string, state: string, start: string, end: string) {
  return {
    sed: 'A009', sedGVer: '4', sedVer: '1',
    nav: {
      bruker: { person: { fornavn: forename, etternavn: familyName, foedselsdato: birthDate, kjoenn: 'M', statsborgerskap: [{ land: 'PL' }] } },
      arbeidsgiver: [{ navn: company.name, adresse: { land: 'DE' }, identifikator: [{ type: 'registrering', id: 'DE123456789' }] }],
    },
    medlemskap: {
      vedtak: { land: state, gjelderperiode: { fastperiode: { startdato: start, sluttdato: end } }, artikkelforordning: '12_1', eropprinneligvedtak: 'ja' },
      utsendingsland: { arbeidsgiver: [{ navn: company.name, adresse: { land: 'DE' }, identifikator: [{ type: 'registrering', id: 'DE123456789' }] }] },
    },
  };
}

async function ingest(docs: Array<{ body: unknown; headers?: Record<string, string> }>): Promise<void> {
  const ingestor = new Ingestor({ pool: db.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger });
  const s = await ingestor.ingest(
    docs.map((d) => ({ source: 'test' as const, topic: null, partition: null, offset: null, key: null, headers: d.headers ?? {}, body: Buffer.from(JSON.stringify(d.body)) })),
  );
  expect(s.rejected, JSON.stringify(s.rejected)).toEqual({});
}

async function outcomeOf(type: string, ref: string): Promise<{ outcome: string; coverage: string; certificate_numbers: string[]; explanation: string }> {
  const r = await db.pool.query('SELECT outcome, coverage, certificate_numbers, explanation FROM matches WHERE subject_type = $1 AND subject_ref = $2', [type, ref]);
  expect(r.rows.length, `${type} ${ref}`).toBe(1);
  return r.rows[0] as { outcome: string; coverage: string; certificate_numbers: string[]; explanation: string };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await ingest([
    // matched by two successive certificates
    { body: declaration('D-SUCC', worker('Kowalski', 'Jan', '1980-01-01', '53010180J407'), '2024-04-01', '2024-09-30') },
    { body: certificate('C-SUCC-1', worker('Kowalski', 'Jan', '1980-01-01', '53010180J407'), '2024-01-01', '2024-06-30') },
    { body: certificate('C-SUCC-2', worker('Kowalski', 'Jan', '1980-01-01', '53010180J407'), '2024-07-01', '2024-12-31') },
    // no certificate
    { body: declaration('D-NONE', worker('Nowak', 'Piotr', '1981-02-02'), '2024-04-01', '2024-09-30') },
    // withdrawn
    { body: declaration('D-WDRN', worker('Wiśniewski', 'Adam', '1982-03-03'), '2024-04-01', '2024-09-30') },
    { body: certificate('C-WDRN', worker('Wiśniewski', 'Adam', '1982-03-03'), '2024-01-01', '2024-12-31') },
    { body: { certificateNumber: 'C-WDRN', issueType: 'withdrawal', issuedAt: '2024-05-01' } },
    // amendment shortens the period -> period-partial
    { body: declaration('D-AMND', worker('Wójcik', 'Marek', '1983-04-04'), '2024-04-01', '2024-09-30') },
    { body: certificate('C-AMND', worker('Wójcik', 'Marek', '1983-04-04'), '2024-01-01', '2024-12-31') },
    { body: certificate('C-AMND', worker('Wójcik', 'Marek', '1983-04-04'), '2024-01-01', '2024-06-30', { issueType: 'amendment', issuedAt: '2024-04-15' }) },
    // state mismatch
    { body: declaration('D-STATE', worker('Kamiński', 'Tomasz', '1984-05-05'), '2024-04-01', '2024-09-30') },
    { body: certificate('C-STATE', worker('Kamiński', 'Tomasz', '1984-05-05'), '2024-01-01', '2024-12-31', { legislationState: 'PL' }) },
    // employer mismatch
    { body: declaration('D-EMPL', worker('Lewandowski', 'Paweł', '1985-06-06'), '2024-04-01', '2024-09-30') },
    { body: certificate('C-EMPL', worker('Lewandowski', 'Paweł', '1985-06-06'), '2024-01-01', '2024-12-31', { employer: otherCompany }) },
    // conflict: two valid certificates of different states on the same days
    { body: declaration('D-CONF', worker('Zieliński', 'Krzysztof', '1986-07-07'), '2024-04-01', '2024-09-30') },
    { body: certificate('C-CONF-1', worker('Zieliński', 'Krzysztof', '1986-07-07'), '2024-01-01', '2024-12-31') },
    { body: certificate('C-CONF-2', worker('Zieliński', 'Krzysztof', '1986-07-07'), '2024-06-01', '2024-12-31', { legislationState: 'PL' }) },
    // ambiguous identity: one declared worker fits two different certified persons equally
    { body: declaration('D-AMBI', worker('Szymański', 'Jakub', '1987-08-08'), '2024-04-01', '2024-09-30') },
    { body: certificate('C-AMBI-1', worker('Szymański', 'Jakub', '1987-08-08', '12110285M005'), '2024-01-01', '2024-12-31') },
    { body: certificate('C-AMBI-2', worker('Szymański', 'Jakub', '1987-08-08', '65020377K013'), '2024-01-01', '2024-12-31') },
    // names written differently in the SED, the declaration and the certificate
    { body: declaration('D-NAMES', worker('Dąbrowski', 'Łukasz', '1988-09-09'), '2024-04-01', '2024-09-30') },
    { body: certificate('C-NAMES', worker('DABROWSKI', 'Lukasz', '1988-09-09'), '2024-01-01', '2024-12-31') },
    {
      body: a009('Łukasz', 'Dąbrowski', '1988-09-09', 'DE', '2024-01-01', '2024-12-31'),
      headers: { rinaSakId: '9001', rinaDokumentId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', rinaDokumentVersjon: '1', avsenderId: 'DE:DRV001', mottakerId: 'FR:URSSAF01' },
    },
  ]);
  await runMatch(db.pool, { logger });
});

afterAll(async () => {
  await db.drop();
});

test('a declaration covered by two successive certificates is matched', async () => {
  expect(await outcomeOf('declaration-worker', 'D-SUCC#0')).toMatchObject({ outcome: 'matched', coverage: '1.0000', certificate_numbers: ['C-SUCC-1', 'C-SUCC-2'] });
});

test('no certificate', async () => {
  expect((await outcomeOf('declaration-worker', 'D-NONE#0')).outcome).toBe('no-certificate');
});

test('a withdrawn certificate', async () => {
  expect(await outcomeOf('declaration-worker', 'D-WDRN#0')).toMatchObject({ outcome: 'withdrawn', certificate_numbers: ['C-WDRN'] });
});

test('an amendment that shortens the period leaves the declaration partly covered', async () => {
  const m = await outcomeOf('declaration-worker', 'D-AMND#0');
  expect(m.outcome).toBe('period-partial');
  expect(Number(m.coverage)).toBeCloseTo(91 / 183, 4);
});

test('state and employer mismatches, and conflicting certificates', async () => {
  expect((await outcomeOf('declaration-worker', 'D-STATE#0')).outcome).toBe('state-mismatch');
  expect((await outcomeOf('declaration-worker', 'D-EMPL#0')).outcome).toBe('employer-mismatch');
  expect(await outcomeOf('declaration-worker', 'D-CONF#0')).toMatchObject({ outcome: 'conflict', certificate_numbers: ['C-CONF-1', 'C-CONF-2'] });
});

test('a worker who fits two certified persons is reported ambiguous, never merged', async () => {
  expect((await outcomeOf('declaration-worker', 'D-AMBI#0')).outcome).toBe('ambiguous-identity');
  const r = await db.pool.query<{ candidates: string[] }>("SELECT candidates FROM person_records WHERE ref = 'dw:D-AMBI#0'");
  expect(r.rows[0]?.candidates.length).toBe(2);
});

test('names written differently in the SED, the declaration and the certificate resolve to one person', async () => {
  const keys = await db.pool.query<{ person_key: string }>(
    "SELECT DISTINCT person_key FROM person_records WHERE ref IN ('dw:D-NAMES#0', 'cert:C-NAMES', 'sed:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')",
  );
  expect(keys.rows).toHaveLength(1);
  expect((await outcomeOf('declaration-worker', 'D-NAMES#0')).outcome).toBe('matched');
  expect((await outcomeOf('sed', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).outcome).toBe('matched');
});

test('a second run changes nothing; --all recomputes the same', async () => {
  const before = await db.pool.query('SELECT * FROM matches ORDER BY subject_type, subject_ref');
  const again = await runMatch(db.pool, { logger });
  expect(again.changed).toBe(0);
  const all = await runMatch(db.pool, { logger, all: true });
  expect(all.changed).toBe(0);
  const after = await db.pool.query('SELECT * FROM matches ORDER BY subject_type, subject_ref');
  expect(after.rows.map(({ computed_at: _c, ...r }) => r)).toEqual(before.rows.map(({ computed_at: _c, ...r }) => r));
});
