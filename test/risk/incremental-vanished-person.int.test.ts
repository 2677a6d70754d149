/**
 * Incremental rescoring after a person vanishes: the only document of a person (an A009) is
 * invalidated by an X008, so the person's record, match and key go away and the matcher names no
 * company. The person's hits are cleared and the company they named is rescored, as in a full run.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { runMatch } from '../../lib/match/run-match.js';
import { createLogger } from '../../lib/log/logger.js';
import { markCompaniesDirty } from '../../lib/risk/dirty.js';
import { rescore, rescoreChanged } from '../../services/risk/risk-service.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const logger = createLogger({ level: 'silent' });
const AS_OF = '2026-06-30';
const CASE = '9301';
const employer = [{ navn: 'Bau & Montage GmbH', adresse: { land: 'DE' }, identifikator: [{ type: 'registrering', id: 'HRB 77001' }] }];
const person = { fornavn: 'Ewa', etternavn: 'Mazur', foedselsdato: '1979-11-23', kjoenn: 'K' };
let db: TestDatabase;

/** A NAV-shaped A009 over more than two years (a hit of its own: LAC-P… on the attestation). */
const a009 = {
  sed: 'A009', sedGVer: '4', sedVer: '1',
  nav: { bruker: { person: { ...person, statsborgerskap: [{ land: 'PL' }] } }, arbeidsgiver: employer },
  medlemskap: {
    vedtak: { land: 'DE', gjelderperiode: { fastperiode: { startdato: '2024-01-01', sluttdato: '2026-12-31' } }, artikkelforordning: '12_1', eropprinneligvedtak: 'ja' },
    utsendingsland: { arbeidsgiver: employer },
  },
};

/** X008: the sender invalidates the case's A009. */
const x008 = {
  sed: 'X008', sedGVer: '4', sedVer: '1',
  nav: { sak: { ugyldiggjoere: { sed: { utstedelsesdato: '2024-01-10', grunn: { type: '04' }, type: 'A009' } }, kontekst: { bruker: { person } } } },
};

const envelope = (documentId: string) => ({ rinaSakId: CASE, rinaDokumentId: documentId, rinaDokumentVersjon: '1', avsenderId: 'DE:DRV001', mottakerId: 'FR:URSSAF01' });

async function ingest(docs: Array<{ body: unknown; headers?: Record<string, string> }>): Promise<void> {
  const ingestor = new Ingestor({ pool: db.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger });
  const s = await ingestor.ingest(
    docs.map((d) => ({ source: 'test' as const, topic: null, partition: null, offset: null, key: null, headers: d.headers ?? {}, body: Buffer.from(JSON.stringify(d.body)) })),
  );
  expect(s.rejected, JSON.stringify(s.rejected)).toEqual({});
}

async function flags(): Promise<string[]> {
  const r = await db.pool.query<{ f: string }>(
    `SELECT row(control_id, control_version, severity, scope, scope_key, subject_type, subject_ref, company_key, person_key, evidence, detail)::text AS f
       FROM flags ORDER BY 1`,
  );
  return r.rows.map((x) => x.f);
}

async function scores(runId: number): Promise<Map<string, unknown>> {
  const r = await db.pool.query<{ company_key: string }>(
    'SELECT company_key, score, band, red_flag, contributions, counts, explanation FROM risk_scores WHERE run_id = $1',
    [runId],
  );
  return new Map(r.rows.map((x) => [x.company_key, x]));
}

beforeAll(async () => {
  db = await createTestDatabase();
  await ingest([{ body: a009, headers: envelope('a9a9a9a9a9a9a9a9a9a9a9a9a9a9a9a9') }]);
  await runMatch(db.pool, { logger });
  await rescore(db.pool, logger, AS_OF);
}, 120_000);

afterAll(async () => {
  await db.drop();
});

test('the only document of a person is invalidated: incremental flags and scores equal a full run', { timeout: 120_000 }, async () => {
  const hits = await db.pool.query<{ company_key: string | null }>("SELECT company_key FROM flags WHERE scope = 'person'");
  // The premise: the person had hits naming the company, which is scored.
  const named = hits.rows.map((r) => r.company_key).filter((k): k is string => k !== null);
  expect(named.length).toBeGreaterThan(0);

  await ingest([{ body: x008, headers: envelope('x8x8x8x8x8x8x8x8x8x8x8x8x8x8x8x8') }]);
  const matched = await runMatch(db.pool, { logger });
  expect(matched.removed).toBe(1);
  // What the matcher service does: mark what it names (here nothing), then wake the risk worker.
  await markCompaniesDirty(db.pool, matched.companyKeys);
  const incremental = await rescoreChanged(db.pool, logger, AS_OF);
  expect(incremental).not.toBeNull();
  const incFlags = await flags();
  const inc = await scores(incremental?.runId ?? 0);

  const full = await rescore(db.pool, logger, AS_OF);
  expect(incFlags).toEqual(await flags());
  expect(incFlags.filter((f) => f.includes(',person,'))).toEqual([]);
  expect(inc).toEqual(await scores(full.runId));
});
