/** Certificate events for the verification tests, stored through the real ingestion path. */
import type { SourceMessage } from '../../core/ingest/types.js';
import type { Pool } from '../../lib/db/pool.js';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { createLogger } from '../../lib/log/logger.js';

/** The contract's example certificate (../shared/CONTRACTS.md), with overrides. */
export function certificateEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    certificateNumber: 'FR-A1-2024-0001234',
    securityCode: '7K2Q-9XTD',
    kind: 'A1',
    agreement: 'EU',
    issueType: 'initial',
    issuedAt: '2024-03-20',
    issuer: { institutionId: 'FR:URSSAF01', country: 'FR' },
    person: { familyName: 'Martin', forename: 'Luc', birthDate: '1979-07-02', sex: 'M', pins: [{ country: 'FR', id: '1790775123456' }] },
    employer: { name: 'Martin Façades SARL', country: 'FR', ids: [{ type: 'siret', id: '83412345600017' }] },
    selfEmployed: false,
    legislationState: 'FR',
    article: '12_1',
    statesOfWork: ['DE'],
    startDate: '2024-04-01',
    endDate: '2025-03-31',
    provisional: false,
    ...overrides,
  };
}

export function withdrawalEvent(certificateNumber: string, issuedAt: string): Record<string, unknown> {
  return { certificateNumber, issueType: 'withdrawal', issuedAt };
}

export function asMessage(event: Record<string, unknown>): SourceMessage {
  return { source: 'test', topic: null, partition: null, offset: null, key: null, headers: {}, body: Buffer.from(JSON.stringify(event)) };
}

export async function ingestEvents(pool: Pool, events: Array<Record<string, unknown>>): Promise<void> {
  const ingestor = new Ingestor({ pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger: createLogger({ level: 'silent' }) });
  const summary = await ingestor.ingest(events.map(asMessage));
  const rejected = Object.values(summary.rejected).reduce((a, b) => a + b, 0);
  if (rejected > 0) throw new Error(`test events rejected: ${JSON.stringify(summary.rejected)}`);
}

/** What a caller with the right code sees of the default `certificateEvent()`: no names, no full birth date. */
export const DEFAULT_PUBLIC_VIEW = {
  certificateNumber: 'FR-A1-2024-0001234',
  status: 'valid',
  kind: 'A1',
  form: null,
  issuingState: 'FR',
  legislationState: 'FR',
  statesOfWork: ['DE'],
  startDate: '2024-04-01',
  endDate: '2025-03-31',
  provisional: false,
  issuedAt: '2024-03-20',
  withdrawnAt: null,
  holder: { initials: 'L. M.', birthYear: 1979 },
} as const;
