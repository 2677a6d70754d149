/**
 * Stores one batch of prepared messages inside the caller's transaction, set-based: one read of
 * the stored state (readStoredState), one id reservation, then one binary COPY per table straight
 * into the real tables, plus the few statements whose result depends on stored rows (cases, SED
 * status where other rows bear on it, superseded declarations, certificates' current state).
 * Idempotent: messages whose identity is already stored are skipped entirely, so re-delivery,
 * replay and retries change nothing.
 */
import type { PoolClient } from '../db/pool.js';
import { emptySummary, type BatchSummary, type PreparedMessage } from '../../core/ingest/types.js';
import { copyRawMessages, markRawOutcome } from './sql-raw-messages.js';
import { copySeds, insertSedDetails, refreshSedStatus } from './sql-seds.js';
import { copyDeclarations, markDeclarationsSuperseded } from './sql-declarations.js';
import { insertCertificateEvents } from './sql-certificates.js';
import { copyDeadLetters, insertDeadLetters } from './sql-dead-letters.js';
import { readStoredState, reserveIds, type StoredState } from './sql-batch-state.js';
import { planBatch } from './plan-batch.js';
import { hashSecurityCodes } from '../verify/sql-verify.js';

/**
 * A COPY meets a row a concurrent transaction wrote after our read of the stored state (the same
 * message or SED/declaration version from another partition or process): the batch is redone
 * from that read, which then sees the row. Each redo follows the other writer's commit, so a few
 * suffice; a deadlock between two such writers is redone the same way.
 */
const MAX_REDOS = 5;
const REDO_CODES = new Set(['23505', '40P01']);

export async function storeBatch(client: PoolClient, batch: PreparedMessage[]): Promise<BatchSummary> {
  // The same message twice in one batch is stored once.
  const unique = new Map<string, PreparedMessage>();
  for (const p of batch) {
    const key = p.hash.toString('hex');
    if (!unique.has(key)) unique.set(key, p);
  }
  const result = await redoOnConflict(client, async () => {
    const candidates = [...unique.values()];
    const state = await readStoredState(client, batchKeys(candidates));
    const fresh = candidates.filter((p) => !state.seenHashes.has(p.hash.toString('hex')));
    return storeFresh(client, fresh, state);
  });
  return { ...result.batch, received: batch.length, duplicates: batch.length - result.newMessages };
}

export interface StoredRaw {
  rawMessageId: number;
  prepared: PreparedMessage;
}

/**
 * Stores what messages already in raw_messages turned into: canonical rows, or dead letters.
 * Used by `lac dlq retry` (messages that failed before); their raw outcome is the caller's,
 * except SED versions held by another message, marked `duplicate` here.
 */
export async function storeOutcomes(client: PoolClient, items: StoredRaw[]): Promise<BatchSummary> {
  return redoOnConflict(client, async () => {
    const prepared = items.map((i) => i.prepared);
    const state = await readStoredState(client, { ...batchKeys(prepared), hashes: [] });
    const plan = planBatch(prepared, state);
    const ids = await reserveIds(client, { raw: 0, seds: plan.seds.length, declarations: plan.declarations.length });
    const rawId = (item: number): number => items[item]?.rawMessageId ?? 0;
    const summary = await storeContent(client, plan, state, ids, rawId);
    await markRawOutcome(client, plan.versionDuplicates.map(rawId), 'duplicate');
    await insertDeadLetters(client, plan.rejected.map((r) => ({ rawMessageId: rawId(r.item), rejection: r.rejection })));
    return summary;
  });
}

interface FreshResult {
  batch: BatchSummary;
  newMessages: number;
}

/** Messages not stored yet: their raw rows, content rows and dead letters, all by COPY. */
async function storeFresh(client: PoolClient, fresh: PreparedMessage[], state: StoredState): Promise<FreshResult> {
  if (fresh.length === 0) return { batch: emptySummary(), newMessages: 0 };
  const plan = planBatch(fresh, state);
  const ids = await reserveIds(client, { raw: fresh.length, seds: plan.seds.length, declarations: plan.declarations.length });
  const rawId = (item: number): number => ids.raw[item] ?? 0;
  await copyRawMessages(client, fresh.map((prepared, item) => ({ id: rawId(item), prepared, outcome: plan.outcomes[item] ?? 'stored' })));
  const batch = await storeContent(client, plan, state, ids, rawId);
  await copyDeadLetters(client, plan.rejected.map((r) => ({ rawMessageId: rawId(r.item), rejection: r.rejection })));
  return { batch, newMessages: fresh.length };
}

/** SEDs, declarations and certificates of a plan; `rawId` maps a plan item to its raw message. */
async function storeContent(
  client: PoolClient,
  plan: ReturnType<typeof planBatch>,
  state: StoredState,
  ids: { seds: number[]; declarations: number[] },
  rawId: (item: number) => number,
): Promise<BatchSummary> {
  const summary = emptySummary();
  for (const { rejection } of plan.rejected) summary.rejected[rejection.code] = (summary.rejected[rejection.code] ?? 0) + 1;

  const seds = plan.seds.map((s, n) => ({ id: ids.seds[n] ?? 0, rawMessageId: rawId(s.item), sed: s.sed, refreshStatus: s.refreshStatus }));
  await copySeds(client, seds);
  await insertSedDetails(client, seds, state.cases);
  await refreshSedStatus(client, seds.filter((s) => s.refreshStatus).map((s) => s.id));
  summary.stored.sed = seds.length;
  summary.versionDuplicates = plan.versionDuplicates.length;
  summary.unsupported = seds.filter((s) => !s.sed.supported).length;

  await copyDeclarations(client, plan.declarations.map((d, n) => ({ id: ids.declarations[n] ?? 0, rawMessageId: rawId(d.item), declaration: d.declaration, isCurrent: d.isCurrent })));
  await markDeclarationsSuperseded(client, plan.supersededDeclarations);
  summary.stored.declaration = plan.declarations.length;

  const certificates = plan.certificates.map((c) => ({ rawMessageId: rawId(c.item), certificate: c.certificate }));
  summary.stored.certificate = await insertCertificateEvents(client, certificates);
  // Security codes leave the current-state table as soon as they arrive: only their keyed hash stays.
  if (certificates.length > 0) await hashSecurityCodes(client, [...new Set(certificates.map((c) => c.certificate.certificateNumber))]);
  return summary;
}

function batchKeys(prepared: readonly PreparedMessage[]): Parameters<typeof readStoredState>[1] {
  const documentIds = new Set<string>();
  const caseIds = new Set<string>();
  const declarationIds = new Set<string>();
  for (const p of prepared) {
    const o = p.outcome;
    if (o.type === 'sed') {
      documentIds.add(o.sed.documentId);
      if (o.sed.caseId !== null) caseIds.add(o.sed.caseId);
    } else if (o.type === 'declaration') declarationIds.add(o.declaration.declarationId);
  }
  return { hashes: prepared.map((p) => p.hash), documentIds: [...documentIds], caseIds: [...caseIds], declarationIds: [...declarationIds] };
}

/** Runs `fn` under a savepoint, redoing it when a concurrent writer got there first. */
async function redoOnConflict<T>(client: PoolClient, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    // JIT compiling is for long analytical queries: on these short statements, whose row counts
    // the planner overestimates while tables grow, it cost 80-160 ms a statement (auto_explain).
    await client.query('SAVEPOINT lac_store_batch; SET LOCAL jit = off');
    try {
      const result = await fn();
      // Released, not kept: batches stored in one transaction would otherwise nest subtransactions.
      await client.query('RELEASE SAVEPOINT lac_store_batch');
      return result;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (attempt >= MAX_REDOS || typeof code !== 'string' || !REDO_CODES.has(code)) throw err;
      await client.query('ROLLBACK TO SAVEPOINT lac_store_batch');
    }
  }
}
