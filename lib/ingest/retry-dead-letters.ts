/**
 * `lac dlq retry`: runs open dead letters through the current readers. Those that now read are
 * stored (their raw message keeps its id) and marked resolved; the others stay open with one
 * more attempt and their current code.
 */
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/pool.js';
import { prepareMessage, type PrepareLimits } from '../../core/ingest/prepare.js';
import { addSummary, emptySummary, type BatchSummary } from '../../core/ingest/types.js';
import { openDeadLetterMessages } from './sql-raw-read.js';
import { markRawOutcome, rawOutcome } from './sql-raw-messages.js';
import { storeOutcomes } from './store-batch.js';

export interface RetryResult {
  retried: number;
  resolved: number;
  summary: BatchSummary;
}

export async function retryDeadLetters(
  pool: Pool,
  limits: PrepareLimits,
  options: { code?: string; batchSize?: number; onProgress?: (done: number) => void } = {},
): Promise<RetryResult> {
  const result: RetryResult = { retried: 0, resolved: 0, summary: emptySummary() };
  let afterId = 0;
  for (;;) {
    const done = await withTransaction(pool, async (client) => {
      const rows = await openDeadLetterMessages(client, { code: options.code ?? null, afterId, limit: options.batchSize ?? 500 });
      if (rows.length === 0) return 0;
      afterId = rows[rows.length - 1]?.deadLetterId ?? afterId;
      const items = rows.map((r) => ({ rawMessageId: r.rawMessageId, deadLetterId: r.deadLetterId, prepared: prepareMessage(r.message, limits) }));
      const accepted = items.filter((i) => i.prepared.outcome.type !== 'rejected');
      // Before storing: storing may then mark a version already held by another message as a duplicate.
      for (const outcome of ['stored', 'unsupported'] as const) {
        await markRawOutcome(client, accepted.filter((i) => rawOutcome(i.prepared) === outcome).map((i) => i.rawMessageId), outcome);
      }
      addSummary(result.summary, await storeOutcomes(client, items));
      await client.query(
        "UPDATE dead_letters SET status = 'resolved', last_seen_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])",
        [accepted.map((i) => i.deadLetterId)],
      );
      result.resolved += accepted.length;
      return rows.length;
    });
    if (done === 0) break;
    result.retried += done;
    options.onProgress?.(result.retried);
  }
  return result;
}
