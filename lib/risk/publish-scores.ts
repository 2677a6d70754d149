/** Publishes a scoring run to the `lac.risk.scores` topic: one message per company, keyed by company key. */
import type { Pool } from '../db/pool.js';
import type { MessageSink } from '../transport/types.js';
import { riskBatches } from '../export/risk.js';

export async function publishScores(pool: Pool, sink: MessageSink, topic: string): Promise<number> {
  let sent = 0;
  for await (const batch of riskBatches(pool, { asOf: null, batchSize: 500 })) {
    await sink.send(
      topic,
      batch.map((r) => ({ key: r.companyKey, value: JSON.stringify(r), headers: { 'x-ruleset-version': r.ruleSetVersion, 'x-as-of': r.asOf } })),
    );
    sent += batch.length;
  }
  return sent;
}
