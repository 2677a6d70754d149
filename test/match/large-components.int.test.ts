/**
 * Components larger than a chunk are resolved whole: hundreds of records sharing one birth date,
 * birth dates tied together by PINs (a birth-date typo between a declaration and a certificate),
 * and records without birth date. Whatever the chunk size, and whether matched in one full run or
 * incrementally, the person keys are those of resolving each connected component on its own, and
 * the matches are the same (full runs also with chunks resolved in worker threads).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { runMatch } from '../../lib/match/run-match.js';
import { createLogger } from '../../lib/log/logger.js';
import { resolvePersons } from '../../core/identity/persons.js';
import { connectedComponents } from '../../core/match/components.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const logger = createLogger({ level: 'silent' });
const company = { name: 'Bau & Montage GmbH', country: 'DE', ids: [{ type: 'vat', id: 'DE123456789' }] };
const SYLLABLES = ['ko', 'wal', 'ski', 'no', 'wak', 'ma', 'zur', 'le', 'wan', 'dow', 'kam', 'in', 'bro', 'sta', 'rek', 'zie', 'lin', 'gor', 'pa', 'tu'];
const FORENAMES = ['Jan', 'Piotr', 'Anna', 'Ewa', 'Marek', 'Adam', 'Tomasz', 'Paweł', 'Maria', 'Krzysztof', 'Zofia', 'Olga'];

/** A family name per index, all different (three syllables in base 20). */
function familyName(i: number): string {
  const s = `${SYLLABLES[i % 20]}${SYLLABLES[Math.floor(i / 20) % 20]}${SYLLABLES[Math.floor(i / 400) % 20]}`;
  return s.charAt(0).toUpperCase() + s.slice(1);
}

interface Person {
  familyName: string;
  forename: string;
  birthDate: string;
  sex: 'M';
  nationality: 'PL';
  pins: Array<{ country: string; id: string }>;
}

const person = (i: number, birthDate: string, pin?: string): Person => ({
  familyName: familyName(i), forename: FORENAMES[i % FORENAMES.length] as string, birthDate, sex: 'M', nationality: 'PL',
  pins: pin === undefined ? [] : [{ country: 'DE', id: pin }],
});

const declaration = (id: string, workers: Person[]) => ({
  declarationId: id, version: 1, status: 'active', declaredAt: '2024-03-28T09:00:00Z', hostCountry: 'FR',
  postingUndertaking: company, client: { name: 'Chantier SAS', country: 'FR', ids: [] }, sector: 'construction',
  startDate: '2024-04-01', endDate: '2024-09-30', workplaces: [], workers,
});

const certificate = (number: string, holder: Person) => ({
  certificateNumber: number, securityCode: 'AAAA-BBBB', kind: 'A1', agreement: 'EU', issueType: 'initial', issuedAt: '2024-03-01',
  issuer: { institutionId: 'DE:DRV001', country: 'DE' }, person: holder, employer: company, selfEmployed: false,
  legislationState: 'DE', article: '12_1', statesOfWork: ['FR'], startDate: '2024-01-01', endDate: '2024-12-31', provisional: false,
});

/** A NAV-shaped A009 whose person may lack a birth date. */
function a009(i: number, birthDate: string | null, pin?: string) {
  const p: Record<string, unknown> = { fornavn: FORENAMES[i % FORENAMES.length], etternavn: familyName(i), kjoenn: 'M' };
  if (birthDate !== null) p['foedselsdato'] = birthDate;
  if (pin !== undefined) p['pin'] = [{ land: 'DE', identifikator: pin }];
  return {
    sed: 'A009', sedGVer: '4', sedVer: '1',
    nav: { bruker: { person: p }, arbeidsgiver: [{ navn: company.name, adresse: { land: 'DE' }, identifikator: [{ type: 'registrering', id: 'DE123456789' }] }] },
    medlemskap: { vedtak: { land: 'DE', gjelderperiode: { fastperiode: { startdato: '2024-01-01', sluttdato: '2024-12-31' } }, artikkelforordning: '12_1', eropprinneligvedtak: 'ja' } },
  };
}

const envelope = (n: number) => ({
  rinaSakId: String(80_000 + n), rinaDokumentId: n.toString(16).padStart(32, 'e'), rinaDokumentVersjon: '1', avsenderId: 'DE:DRV001', mottakerId: 'FR:URSSAF01',
});

/** The documents: the first half and the second half, so an incremental run can be compared too. */
function documents(): Array<{ body: unknown; headers?: Record<string, string> }> {
  const docs: Array<{ body: unknown; headers?: Record<string, string> }> = [];
  // 600 workers born the same day, 150 of them certified (same PIN), in declarations of 100 workers.
  const crowd = Array.from({ length: 600 }, (_, i) => person(i, '1980-05-05', i < 150 ? `CROWD${100_000 + i}` : undefined));
  for (let d = 0; d < 6; d++) docs.push({ body: declaration(`D-CROWD-${d}`, crowd.slice(d * 100, (d + 1) * 100)) });
  for (let i = 0; i < 150; i++) docs.push({ body: certificate(`C-CROWD-${i}`, crowd[i] as Person) });
  // Five birth dates of 30 workers each, tied in a chain: worker 0 of each day has a PIN that its
  // certificate gives with the next day as birth date (a typo), so the five days are one component.
  for (let k = 1; k <= 5; k++) {
    const day = `1990-01-0${k}`;
    const workers = Array.from({ length: 30 }, (_, j) => person(1000 + k * 30 + j, day, j === 0 ? `CHAIN${100_000 + k}` : undefined));
    docs.push({ body: declaration(`D-CHAIN-${k}`, workers) });
    if (k < 5) docs.push({ body: certificate(`C-CHAIN-${k}`, { ...(workers[0] as Person), birthDate: `1990-01-0${k + 1}` }) });
  }
  // Attestations without birth date: three with a PIN of the chain, two with nothing to block on.
  for (let k = 1; k <= 3; k++) docs.push({ body: a009(1000 + k * 30, null, `CHAIN${100_000 + k}`), headers: envelope(k) });
  for (let k = 4; k <= 5; k++) docs.push({ body: a009(2000 + k, null), headers: envelope(k) });
  // Interleave so that both halves touch every component.
  return docs.filter((_, i) => i % 2 === 0).concat(docs.filter((_, i) => i % 2 === 1));
}

const docs = documents();
let full: TestDatabase;
let chunked: TestDatabase;
let incremental: TestDatabase;

async function ingest(db: TestDatabase, list: typeof docs): Promise<void> {
  const ingestor = new Ingestor({ pool: db.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger });
  const s = await ingestor.ingest(
    list.map((d) => ({ source: 'test' as const, topic: null, partition: null, offset: null, key: null, headers: d.headers ?? {}, body: Buffer.from(JSON.stringify(d.body)) })),
  );
  expect(s.rejected, JSON.stringify(s.rejected)).toEqual({});
}

async function state(db: TestDatabase) {
  const matches = await db.pool.query(
    'SELECT subject_type, subject_ref, outcome, coverage, certificate_numbers, person_key, explanation FROM matches ORDER BY 1, 2',
  );
  const persons = await db.pool.query('SELECT ref, person_key, link_method, link_confidence, ambiguous, candidates FROM person_records ORDER BY ref');
  return { matches: matches.rows, persons: persons.rows };
}

beforeAll(async () => {
  [full, chunked, incremental] = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase()]);
  await Promise.all([ingest(full, docs), ingest(chunked, docs), ingest(incremental, docs.slice(0, docs.length / 2))]);
  await runMatch(full.pool, { logger, all: true });
  // Small chunks, resolved in two worker threads.
  await runMatch(chunked.pool, { logger, all: true, recordsPerChunk: 40, workers: 2 });
  await runMatch(incremental.pool, { logger, recordsPerChunk: 40 });
  await ingest(incremental, docs.slice(docs.length / 2));
  await runMatch(incremental.pool, { logger, recordsPerChunk: 40 });
}, 300_000);

afterAll(async () => {
  await Promise.all([full?.drop(), chunked?.drop(), incremental?.drop()]);
});

test('every person key is that of resolving its whole component on its own', async () => {
  const rows = await full.pool.query<{
    ref: string; family_name: string | null; forename: string | null; family_name_at_birth: string | null; forename_at_birth: string | null;
    birth_date: string | null; sex: 'M' | 'F' | 'U' | null; pins: Array<{ country: string | null; id: string }>; pin_keys: string[]; person_key: string | null;
  }>(`SELECT ref, family_name, forename, family_name_at_birth, forename_at_birth, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, sex, pins, pin_keys, person_key
        FROM person_records`);
  const records = rows.rows.map((r) => ({ ...r, birthDate: r.birth_date, pinKeys: r.pin_keys }));
  const components = connectedComponents(records);
  const sizes = components.map((c) => c.length).sort((a, b) => b - a);
  // The crowd (600 workers, 150 certificates) and the chain (150 workers, 4 certificates, 3 attestations).
  expect(sizes.slice(0, 2)).toEqual([750, 157]);
  expect(sizes.filter((s) => s === 1).length).toBeGreaterThanOrEqual(2);
  for (const component of components) {
    const expected = resolvePersons(
      component.map((r) => ({
        ref: r.ref, familyName: r.family_name, forename: r.forename, familyNameAtBirth: r.family_name_at_birth,
        forenameAtBirth: r.forename_at_birth, birthDate: r.birth_date, sex: r.sex, pins: r.pins,
      })),
      { birthDateVariants: false, nameOnly: false },
    );
    for (const r of component) expect(r.person_key, r.ref).toBe(expected.personKey.get(r.ref));
  }
  // The PIN ties a worker to the certificate that gives the next day as birth date.
  const chain = await full.pool.query<{ n: string }>(
    "SELECT count(DISTINCT person_key) AS n FROM person_records WHERE ref IN ('dw:D-CHAIN-1#0', 'cert:C-CHAIN-1')",
  );
  expect(chain.rows[0]?.n).toBe('1');
});

test('chunks of 40 records resolved in worker threads, and an incremental run, give what one full run gives', async () => {
  const expected = await state(full);
  expect(expected.persons.length).toBe(600 + 150 + 150 + 4 + 5);
  expect(expected.matches.length).toBe(600 + 150 + 5);
  expect(await state(chunked)).toEqual(expected);
  expect(await state(incremental)).toEqual(expected);
  const dirty = await incremental.pool.query('SELECT block FROM match_dirty');
  expect(dirty.rows).toEqual([]);
});
