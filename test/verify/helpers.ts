/** Certificate events for the verification tests, stored through the real ingestion path. */
import type { SourceMessage } from '../../core/ingest/types.js';
import type { Pool } from '../../lib/db/pool.js';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { createLogger } from '../../lib/log/logger.js';
import { certificateExample } from '../input/fixtures.js';

/** The contract's example certificate (../shared/CONTRACTS.md), with overrides. */
export function certificateEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...certificateExample(), ...overrides };
}

export function withdrawalEvent(certificateNumber: string, issuedAt: string): Record<string, unknown> {
  return { certificateNumber, issueType: 'withdrawal', issuedAt };
}

/** The default certificate, one withdrawn on 2024-05-02 (FR-A1-2024-W, code WWWW-1111) and one expired on 2024-01-31 (FR-A1-2023-X, code XXXX-2222). */
export function validWithdrawnExpired(): Array<Record<string, unknown>> {
  return [
    certificateEvent(),
    certificateEvent({ certificateNumber: 'FR-A1-2024-W', securityCode: 'WWWW-1111' }),
    withdrawalEvent('FR-A1-2024-W', '2024-05-02'),
    certificateEvent({ certificateNumber: 'FR-A1-2023-X', securityCode: 'XXXX-2222', issuedAt: '2023-01-10', startDate: '2023-02-01', endDate: '2024-01-31' }),
  ];
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
