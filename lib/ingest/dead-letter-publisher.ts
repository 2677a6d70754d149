/**
 * Outbox for the DLQ topic: dead letters are written to the database in the batch's
 * transaction, then published here and marked. A crash in between only delays publication
 * (the next flush, or the next start, sends them), so no rejected message is lost.
 */
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/pool.js';
import type { Logger } from '../log/logger.js';
import type { MessageSink } from '../transport/types.js';
import { claimUnpublishedDeadLetters, markDeadLettersPublished } from './sql-dead-letters.js';

export class DeadLetterPublisher {
  constructor(
    private readonly pool: Pool,
    private readonly sink: MessageSink,
    private readonly topic: string,
    private readonly logger: Logger,
  ) {}

  /** Publishes every unpublished dead letter; returns how many were sent. */
  async flush(batchSize = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await withTransaction(this.pool, async (client) => {
        const rows = await claimUnpublishedDeadLetters(client, batchSize);
        if (rows.length === 0) return 0;
        await this.sink.send(
          this.topic,
          rows.map((r) => ({
            key: r.key,
            value: r.body,
            headers: {
              ...r.headers,
              'x-error-code': r.code,
              'x-error-message': r.message.slice(0, 1000),
              'x-source-topic': r.sourceTopic ?? '',
              'x-source-partition': r.sourcePartition === null ? '' : String(r.sourcePartition),
              'x-source-offset': r.sourceOffset ?? '',
            },
          })),
        );
        await markDeadLettersPublished(client, rows.map((r) => r.id));
        return rows.length;
      });
      total += sent;
      if (sent < batchSize) break;
    }
    if (total > 0) this.logger.info({ published: total, topic: this.topic }, 'dead letters published');
    return total;
  }
}
