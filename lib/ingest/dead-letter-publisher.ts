/**
 * Outbox for the DLQ topic: dead letters are written to the database in the batch's
 * transaction, then published here and marked. A crash in between only delays publication
 * (the next flush, or the next start, sends them), so no rejected message is lost.
 */
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/pool.js';
import type { Logger } from '../log/logger.js';
import type { MessageSink } from '../transport/types.js';
import type { OutboundMessage } from '../transport/types.js';
import { claimUnpublishedDeadLetters, markDeadLettersPublished } from './sql-dead-letters.js';

/**
 * Bytes per produce request, under the broker's default message.max.bytes (1 MiB): one request
 * over the limit is refused whole, and retrying the same claim would block the outbox forever.
 */
export const DLQ_REQUEST_BYTES = 900_000;

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
        const messages = rows.map((r) => ({
          key: r.key,
          value: r.body,
          headers: {
            ...r.headers,
            'x-error-code': r.code,
            'x-error-message': r.message.slice(0, 1000),
            'x-source-topic': r.sourceTopic ?? '',
            'x-source-partition': r.sourcePartition === null ? '' : String(r.sourcePartition),
            'x-source-offset': r.sourceOffset ?? '',
            // Publishing is at-least-once (a crash between send and mark sends again): the
            // dead letter's own id lets consumers drop repeats, whatever the message's source.
            'x-dead-letter-id': String(r.id),
          },
          }));
        for (const chunk of chunkBySize(messages, DLQ_REQUEST_BYTES)) await this.sink.send(this.topic, chunk);
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

function messageBytes(m: OutboundMessage): number {
  let n = Buffer.byteLength(m.value) + (m.key === null ? 0 : Buffer.byteLength(m.key)) + 64;
  for (const [k, v] of Object.entries(m.headers ?? {})) n += Buffer.byteLength(k) + Buffer.byteLength(v) + 8;
  return n;
}

/**
 * Splits messages into produce requests of at most `limit` bytes. A single message over the
 * limit goes without its body (flagged in a header): the original bytes stay in dead_letters
 * and raw_messages, and the topic still learns of the rejection.
 */
export function chunkBySize(messages: OutboundMessage[], limit: number): OutboundMessage[][] {
  const chunks: OutboundMessage[][] = [];
  let current: OutboundMessage[] = [];
  let size = 0;
  for (const original of messages) {
    let m = original;
    let bytes = messageBytes(m);
    if (bytes > limit) {
      m = { ...m, value: Buffer.alloc(0), headers: { ...m.headers, 'x-body-omitted': String(Buffer.byteLength(original.value)) } };
      bytes = messageBytes(m);
    }
    if (current.length > 0 && size + bytes > limit) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(m);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
