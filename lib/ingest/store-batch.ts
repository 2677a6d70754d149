/**
 * Stores one batch of prepared messages in one transaction, set-based (one statement per table).
 * Idempotent: messages whose identity is already stored are skipped entirely, so re-delivery,
 * replay and retries change nothing.
 */
import type { PoolClient } from '../db/pool.js';
import { emptySummary, type BatchSummary, type PreparedMessage, type SedRow } from '../../core/ingest/types.js';
import { insertRawMessages, markRawOutcome } from './sql-raw-messages.js';
import { insertSedDetails, insertSeds, refreshSedStatus } from './sql-seds.js';
import { insertDeclarations } from './sql-declarations.js';
import { insertCertificateEvents } from './sql-certificates.js';
import { insertDeadLetters } from './sql-dead-letters.js';
import { hashSecurityCodes } from '../verify/sql-verify.js';

export async function storeBatch(client: PoolClient, batch: PreparedMessage[]): Promise<BatchSummary> {
  // The same message twice in one batch is stored once.
  const unique = new Map<string, PreparedMessage>();
  for (const p of batch) {
    const key = p.hash.toString('hex');
    if (!unique.has(key)) unique.set(key, p);
  }
  const newIds = await insertRawMessages(client, [...unique.values()]);
  const items: StoredRaw[] = [];
  for (const [hash, rawMessageId] of newIds) {
    const prepared = unique.get(hash);
    if (prepared !== undefined) items.push({ rawMessageId, prepared });
  }
  const summary = await storeOutcomes(client, items);
  summary.received = batch.length;
  summary.duplicates = batch.length - newIds.size;
  return summary;
}

export interface StoredRaw {
  rawMessageId: number;
  prepared: PreparedMessage;
}

/**
 * Stores what messages already in raw_messages turned into: canonical rows, or dead letters.
 * Used for new messages and by `lac dlq retry` (messages that failed before).
 */
export async function storeOutcomes(client: PoolClient, items: StoredRaw[]): Promise<BatchSummary> {
  const summary = emptySummary();
  const seds: Array<{ rawMessageId: number; sed: SedRow }> = [];
  const declarations = [];
  const certificates = [];
  const rejected = [];
  for (const { rawMessageId, prepared } of items) {
    const o = prepared.outcome;
    if (o.type === 'sed') seds.push({ rawMessageId, sed: o.sed });
    else if (o.type === 'declaration') declarations.push({ rawMessageId, declaration: o.declaration });
    else if (o.type === 'certificate') certificates.push({ rawMessageId, certificate: o.certificate });
    else {
      rejected.push({ rawMessageId, rejection: o.rejection });
      summary.rejected[o.rejection.code] = (summary.rejected[o.rejection.code] ?? 0) + 1;
    }
  }

  // Deterministic order inside the batch: rows get ids in document order, not arrival order.
  seds.sort((a, b) => (a.sed.documentId === b.sed.documentId ? a.sed.version - b.sed.version : a.sed.documentId < b.sed.documentId ? -1 : 1));
  const inserted = await insertSeds(client, seds);
  const insertedRaw = new Set(inserted.map((r) => r.rawMessageId));
  const byRaw = new Map(seds.map((s) => [s.rawMessageId, s.sed]));
  await insertSedDetails(
    client,
    inserted.flatMap((r) => {
      const sed = byRaw.get(r.rawMessageId);
      return sed === undefined ? [] : [{ id: r.id, sed }];
    }),
  );
  await refreshSedStatus(client, inserted.map((r) => r.id));
  const versionDuplicates = seds.filter((s) => !insertedRaw.has(s.rawMessageId)).map((s) => s.rawMessageId);
  await markRawOutcome(client, versionDuplicates, 'duplicate');
  summary.versionDuplicates = versionDuplicates.length;
  summary.stored.sed = inserted.length;
  summary.unsupported = seds.filter((s) => insertedRaw.has(s.rawMessageId) && !s.sed.supported).length;

  summary.stored.declaration = await insertDeclarations(client, declarations);
  summary.stored.certificate = await insertCertificateEvents(client, certificates);
  // Security codes leave the current-state table as soon as they arrive: only their keyed hash stays.
  if (certificates.length > 0) await hashSecurityCodes(client, [...new Set(certificates.map((c) => c.certificate.certificateNumber))]);
  await insertDeadLetters(client, rejected);
  return summary;
}
