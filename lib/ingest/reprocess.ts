/**
 * `lac reprocess`: re-normalises stored SEDs from their original bytes with the current readers,
 * without Kafka. Idempotent: rows whose record and normaliser version are unchanged are not rewritten.
 */
import type { Pool, PoolClient } from '../db/pool.js';
import { withTransaction } from '../db/pool.js';
import { prepareMessage, type PrepareLimits } from '../../core/ingest/prepare.js';
import type { SedRow } from '../../core/ingest/types.js';
import { NORMALISER_VERSION } from '../../core/ingest/normaliser-version.js';
import { sedMessagesToReprocess } from './sql-raw-read.js';
import { replaceSedContent, sedRecordJson } from './sql-seds.js';

export interface ReprocessFilter {
  since: string | null;
  sedType: string | null;
}

export interface ReprocessResult {
  examined: number;
  renormalised: number;
  /** Stored documents the current readers would reject: kept as they are, counted by code. */
  nowRejected: Record<string, number>;
}

export async function reprocessSeds(
  pool: Pool,
  limits: PrepareLimits,
  filter: ReprocessFilter,
  options: { batchSize?: number; onProgress?: (examined: number) => void } = {},
): Promise<ReprocessResult> {
  const result: ReprocessResult = { examined: 0, renormalised: 0, nowRejected: {} };
  let afterSedId = 0;
  for (;;) {
    const n = await withTransaction(pool, async (client) => {
      const rows = await sedMessagesToReprocess(client, { ...filter, afterSedId, limit: options.batchSize ?? 1000 });
      if (rows.length === 0) return 0;
      afterSedId = rows[rows.length - 1]?.sedId ?? afterSedId;
      const updates: Array<{ id: number; sed: SedRow }> = [];
      for (const r of rows) {
        const p = prepareMessage(r.message, limits);
        if (p.outcome.type === 'sed') updates.push({ id: r.sedId, sed: p.outcome.sed });
        else if (p.outcome.type === 'rejected') {
          const code = p.outcome.rejection.code;
          result.nowRejected[code] = (result.nowRejected[code] ?? 0) + 1;
        }
      }
      const changed = await changedIds(client, updates);
      await replaceSedContent(client, updates.filter((u) => changed.has(u.id)));
      result.renormalised += changed.size;
      return rows.length;
    });
    if (n === 0) break;
    result.examined += n;
    options.onProgress?.(result.examined);
  }
  return result;
}

/** Ids whose stored record or normaliser version differs from the fresh one. */
async function changedIds(client: PoolClient, updates: Array<{ id: number; sed: SedRow }>): Promise<Set<number>> {
  if (updates.length === 0) return new Set();
  const res = await client.query<{ id: string }>(
    `SELECT s.id FROM seds s JOIN unnest($1::bigint[], $2::jsonb[]) AS u(id, record) ON u.id = s.id
      WHERE s.record IS DISTINCT FROM u.record OR s.normaliser_version <> $3`,
    [updates.map((u) => u.id), updates.map((u) => sedRecordJson(u.sed)), NORMALISER_VERSION],
  );
  return new Set(res.rows.map((r) => Number(r.id)));
}
