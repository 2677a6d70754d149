/**
 * A person known from one NAV-shaped A009 only (a German employer, 2024-2026), and the X008 by
 * which the sender invalidates it: the person's record and match then go away. Shared by the
 * matcher and rescoring tests of vanishing subjects.
 */
import type { Pool } from '../../lib/db/pool.js';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import type { Logger } from '../../lib/log/logger.js';

export const CASE = '9301';
const employer = [{ navn: 'Bau & Montage GmbH', adresse: { land: 'DE' }, identifikator: [{ type: 'registrering', id: 'HRB 77001' }] }];
const person = { fornavn: 'Ewa', etternavn: 'Mazur', foedselsdato: '1979-11-23', kjoenn: 'K' };

/** A NAV-shaped A009 over more than two years (a hit of its own: LAC-P… on the attestation). */
export const a009 = {
  sed: 'A009', sedGVer: '4', sedVer: '1',
  nav: { bruker: { person: { ...person, statsborgerskap: [{ land: 'PL' }] } }, arbeidsgiver: employer },
  medlemskap: {
    vedtak: { land: 'DE', gjelderperiode: { fastperiode: { startdato: '2024-01-01', sluttdato: '2026-12-31' } }, artikkelforordning: '12_1', eropprinneligvedtak: 'ja' },
    utsendingsland: { arbeidsgiver: employer },
  },
};

/** X008: the sender invalidates the case's A009. */
export const x008 = {
  sed: 'X008', sedGVer: '4', sedVer: '1',
  nav: { sak: { ugyldiggjoere: { sed: { utstedelsesdato: '2024-01-10', grunn: { type: '04' }, type: 'A009' } }, kontekst: { bruker: { person } } } },
};

export const envelope = (documentId: string): Record<string, string> => ({
  rinaSakId: CASE, rinaDokumentId: documentId, rinaDokumentVersjon: '1', avsenderId: 'DE:DRV001', mottakerId: 'FR:URSSAF01',
});

export const A009_ID = 'a9a9a9a9a9a9a9a9a9a9a9a9a9a9a9a9';
export const X008_ID = 'x8x8x8x8x8x8x8x8x8x8x8x8x8x8x8x8';

/** Ingests JSON documents in one batch; returns the rejection counts (none expected). */
export async function ingestJson(pool: Pool, logger: Logger, docs: Array<{ body: unknown; headers?: Record<string, string> }>): Promise<Record<string, number>> {
  const ingestor = new Ingestor({ pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger });
  const s = await ingestor.ingest(
    docs.map((d) => ({ source: 'test' as const, topic: null, partition: null, offset: null, key: null, headers: d.headers ?? {}, body: Buffer.from(JSON.stringify(d.body)) })),
  );
  return s.rejected;
}
