/**
 * Incremental rescoring when a new version of a document names another undertaking: the matcher
 * names only the new one, and when no hit named the old one nothing else points to it, yet the old
 * company lost an attestation and a worker. It is rescored too, so the incremental run equals a
 * full run. (A certificate amendment is the same case: incremental-certificate-only.int.test.ts.)
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { runMatch } from '../../lib/match/run-match.js';
import { createLogger } from '../../lib/log/logger.js';
import { markCompaniesDirty } from '../../lib/risk/dirty.js';
import { rescore, rescoreChanged } from '../../services/risk/risk-service.js';
import { flagContents, runScores } from '../support/risk-state.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const logger = createLogger({ level: 'silent' });
const AS_OF = '2026-06-30';
const BAU = [{ navn: 'Bau & Montage GmbH', adresse: { land: 'DE' }, identifikator: [{ type: 'registrering', id: 'HRB 77001' }] }];
const RHEIN = [{ navn: 'Rhein Logistik AG', adresse: { land: 'DE' }, identifikator: [{ type: 'registrering', id: 'HRB 88002' }] }];
let db: TestDatabase;

/** A NAV-shaped A009 of one year: it attests its own posting and raises no hit. */
function a009(employer: typeof BAU) {
  return {
    sed: 'A009', sedGVer: '4', sedVer: '1',
    nav: { bruker: { person: { fornavn: 'Ewa', etternavn: 'Mazur', foedselsdato: '1979-11-23', kjoenn: 'K', statsborgerskap: [{ land: 'PL' }] } }, arbeidsgiver: employer },
    medlemskap: {
      vedtak: { land: 'DE', gjelderperiode: { fastperiode: { startdato: '2026-01-01', sluttdato: '2026-12-31' } }, artikkelforordning: '12_1', eropprinneligvedtak: 'ja' },
      utsendingsland: { arbeidsgiver: employer },
    },
  };
}

const envelope = (version: number) => ({
  rinaSakId: '9401', rinaDokumentId: 'b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7', rinaDokumentVersjon: String(version), avsenderId: 'DE:DRV001', mottakerId: 'FR:URSSAF01',
});

async function ingest(docs: Array<{ body: unknown; headers: Record<string, string> }>): Promise<void> {
  const ingestor = new Ingestor({ pool: db.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger });
  const s = await ingestor.ingest(
    docs.map((d) => ({ source: 'test' as const, topic: null, partition: null, offset: null, key: null, headers: d.headers, body: Buffer.from(JSON.stringify(d.body)) })),
  );
  expect(s.rejected, JSON.stringify(s.rejected)).toEqual({});
}

const flags = (): Promise<string[]> => flagContents(db.pool);
const scores = (runId: number): Promise<Map<string, unknown>> => runScores(db.pool, runId);

beforeAll(async () => {
  db = await createTestDatabase();
  await ingest([{ body: a009(BAU), headers: envelope(1) }]);
  await runMatch(db.pool, { logger });
  await rescore(db.pool, logger, AS_OF);
}, 120_000);

afterAll(async () => {
  await db.drop();
});

test('a new SED version names another employer: the old one is rescored as in a full run', { timeout: 120_000 }, async () => {
  // The premise: Bau & Montage is scored, and no person hit names it.
  const latest = await db.pool.query<{ id: string }>('SELECT max(id) AS id FROM risk_runs');
  expect([...(await scores(Number(latest.rows[0]?.id))).keys()]).toEqual(['registration:DE:HRB77001']);
  expect((await db.pool.query("SELECT 1 FROM flags WHERE scope = 'person'")).rows).toEqual([]);

  await ingest([{ body: a009(RHEIN), headers: envelope(2) }]);
  const matched = await runMatch(db.pool, { logger });
  expect(matched.companyKeys).toEqual(['name:DE:rhein logistik', 'registration:DE:HRB88002']);
  await markCompaniesDirty(db.pool, matched.companyKeys);
  const incremental = await rescoreChanged(db.pool, logger, AS_OF);
  const incFlags = await flags();
  const inc = await scores(incremental?.runId ?? 0);

  const full = await rescore(db.pool, logger, AS_OF);
  expect(incFlags).toEqual(await flags());
  expect(inc).toEqual(await scores(full.runId));
  expect([...inc.keys()]).toEqual(['registration:DE:HRB88002']);
});
