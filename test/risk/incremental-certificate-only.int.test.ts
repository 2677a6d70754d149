/**
 * Incremental rescoring covers persons known only from a certificate (no SED, no declaration, so
 * no matches): when such a certificate arrives or changes, the incremental run gives the flags and
 * scores of a full rescore. The fault suite found the gap: LAC-P028 hits of certificate-only
 * persons were raised only by full runs.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { runMatch } from '../../lib/match/run-match.js';
import { createLogger } from '../../lib/log/logger.js';
import { markCompaniesDirty, readDirty } from '../../lib/risk/dirty.js';
import { rescore, rescoreChanged } from '../../services/risk/risk-service.js';
import { flagContents, runScores } from '../support/risk-state.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const logger = createLogger({ level: 'silent' });
const AS_OF = '2026-06-30';
const BAU = { name: 'Bau & Montage GmbH', country: 'DE', ids: [{ type: 'vat', id: 'DE123456789' }] };
const RHEIN = { name: 'Rhein Logistik AG', country: 'DE', ids: [{ type: 'vat', id: 'DE987654321' }] };
let db: TestDatabase;

const person = (familyName: string, forename: string, birthDate: string, pin: string) => ({
  familyName, forename, birthDate, sex: 'M', pins: [{ country: 'DE', id: pin }],
});

function certificate(number: string, holder: Record<string, unknown>, extra: Record<string, unknown>) {
  return {
    certificateNumber: number, securityCode: 'AAAA-BBBB', kind: 'A1', agreement: 'EU', issueType: 'initial', issuedAt: '2026-01-20',
    issuer: { institutionId: 'DE:DRV001', country: 'DE' }, person: holder, employer: BAU, selfEmployed: false,
    legislationState: 'DE', article: '12_1', statesOfWork: ['FR'], startDate: '2026-01-01', endDate: '2026-12-31', provisional: false, ...extra,
  };
}

function declaration(id: string, undertaking: typeof BAU, worker: Record<string, unknown>) {
  return {
    declarationId: id, version: 1, status: 'active', declaredAt: '2025-12-20T09:00:00Z', hostCountry: 'FR', postingUndertaking: undertaking,
    client: { name: 'Chantier SAS', country: 'FR', ids: [] }, sector: 'construction', startDate: '2026-01-05', endDate: '2026-09-30',
    workplaces: [], workers: [{ ...worker, nationality: 'PL' }],
  };
}

async function ingest(bodies: unknown[]): Promise<void> {
  const ingestor = new Ingestor({ pool: db.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger });
  const s = await ingestor.ingest(
    bodies.map((b) => ({ source: 'test' as const, topic: null, partition: null, offset: null, key: null, headers: {}, body: Buffer.from(JSON.stringify(b)) })),
  );
  expect(s.rejected, JSON.stringify(s.rejected)).toEqual({});
}

async function holderFlags(certificateNumber: string): Promise<Array<{ control_id: string; company_key: string | null }>> {
  const r = await db.pool.query<{ control_id: string; company_key: string | null }>(
    `SELECT f.control_id, f.company_key FROM flags f JOIN person_records p ON p.person_key = f.person_key
      WHERE p.ref = $1 AND f.subject_ref = $2 ORDER BY f.control_id`,
    [`cert:${certificateNumber}`, certificateNumber],
  );
  return r.rows;
}

/** What the matcher service does after a run, then the risk worker's incremental job; then a full rescore to compare with. */
async function incrementalThenFull(changedCompany: string): Promise<{ incFlags: string[]; fullFlags: string[]; inc: Map<string, unknown>; full: Map<string, unknown> }> {
  const matched = await runMatch(db.pool, { logger });
  expect(matched.companyKeys).toContain(changedCompany);
  await markCompaniesDirty(db.pool, matched.companyKeys);
  const incremental = await rescoreChanged(db.pool, logger, AS_OF);
  expect(incremental?.incremental).toBe(true);
  expect((await readDirty(db.pool)).companyKeys).toEqual([]);
  const incFlags = await flags();
  const inc = await scores(incremental?.runId ?? 0);
  const fullRun = await rescore(db.pool, logger, AS_OF);
  return { incFlags, fullFlags: await flags(), inc, full: await scores(fullRun.runId) };
}

const flags = (): Promise<string[]> => flagContents(db.pool);
const scores = (runId: number): Promise<Map<string, unknown>> => runScores(db.pool, runId, { withRank: true });

beforeAll(async () => {
  db = await createTestDatabase();
  // Two companies with a declared, certified worker each: something to score and carry over.
  await ingest([
    declaration('D-BAU', BAU, person('Kowalski', 'Jan', '1980-01-01', '53010180J407')),
    certificate('C-BAU', person('Kowalski', 'Jan', '1980-01-01', '53010180J407'), { issuedAt: '2025-12-15' }),
    declaration('D-RHEIN', RHEIN, person('Nowak', 'Piotr', '1981-02-02', '62020281P411')),
    certificate('C-RHEIN', person('Nowak', 'Piotr', '1981-02-02', '62020281P411'), { employer: RHEIN, issuedAt: '2025-12-15' }),
  ]);
  await runMatch(db.pool, { logger });
  const first = await rescore(db.pool, logger, AS_OF);
  expect(first.companies).toBe(2);
}, 120_000);

afterAll(async () => {
  await db.drop();
});

test('a new certificate of a person known from nothing else: incremental flags and scores equal a full run', { timeout: 120_000 }, async () => {
  // Issued 19 days after its period started: LAC-P028 (retroactive issue), on Bau & Montage.
  await ingest([certificate('C-ONLY', person('Wiśniewski', 'Adam', '1982-03-03', '82030382A123'), { issuedAt: '2026-01-20' })]);
  const r = await incrementalThenFull('vat:DE123456789');
  expect(r.fullFlags.some((f) => f.includes('LAC-P028') && f.includes('C-ONLY'))).toBe(true);
  expect(r.incFlags).toEqual(r.fullFlags);
  expect(r.inc).toEqual(r.full);
  expect(await holderFlags('C-ONLY')).toContainEqual({ control_id: 'LAC-P028', company_key: 'vat:DE123456789' });
});

test('an amendment moving that certificate to another employer and issue date: incremental equals full, old company loses the hit', { timeout: 120_000 }, async () => {
  // Re-issued more than 3 months after the start (LAC-P029 instead of LAC-P028), now for Rhein Logistik.
  await ingest([
    certificate('C-ONLY', person('Wiśniewski', 'Adam', '1982-03-03', '82030382A123'), { issueType: 'amendment', issuedAt: '2026-05-20', employer: RHEIN }),
  ]);
  const r = await incrementalThenFull('vat:DE987654321');
  expect(r.incFlags).toEqual(r.fullFlags);
  expect(r.inc).toEqual(r.full);
  expect(await holderFlags('C-ONLY')).toEqual([{ control_id: 'LAC-P029', company_key: 'vat:DE987654321' }]);
});

test('a certificate without any hit moves to another employer: both companies count the holder as in a full run', { timeout: 120_000 }, async () => {
  // Issued before its period: no hit names a company, so only the certificate links its holder to Bau & Montage.
  await ingest([certificate('C-QUIET', person('Zieliński', 'Marek', '1984-05-05', '84050584M321'), { issuedAt: '2025-12-01' })]);
  await incrementalThenFull('vat:DE123456789');
  expect(await holderFlags('C-QUIET')).toEqual([]);
  await ingest([
    certificate('C-QUIET', person('Zieliński', 'Marek', '1984-05-05', '84050584M321'), { issueType: 'amendment', issuedAt: '2025-12-10', employer: RHEIN }),
  ]);
  const r = await incrementalThenFull('vat:DE987654321');
  expect(r.incFlags).toEqual(r.fullFlags);
  expect(r.inc).toEqual(r.full);
});
