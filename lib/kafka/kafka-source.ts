/**
 * MessageSource over a kafkajs consumer group. Offsets are committed by hand, after the
 * handler resolves, so a crash between the database commit and the offset commit only
 * re-delivers messages (at-least-once), which the idempotent storage absorbs.
 */
import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from '../log/logger.js';
import type { BatchHandler, InboundMessage, MessageSource } from '../transport/types.js';
import { decodeHeaders } from './client.js';

export interface KafkaSourceSettings {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  logger: Logger;
  /** Where a new group starts; `earliest` replays the topic. */
  fromBeginning?: boolean;
  maxBytesPerPartition?: number;
  sessionTimeout?: number;
}

export class KafkaSource implements MessageSource {
  private readonly consumer: Consumer;
  private stopping = false;

  constructor(private readonly settings: KafkaSourceSettings) {
    this.consumer = settings.kafka.consumer({
      groupId: settings.groupId,
      sessionTimeout: settings.sessionTimeout ?? 30_000,
      heartbeatInterval: 3_000,
      maxBytesPerPartition: settings.maxBytesPerPartition ?? 4 * 1024 * 1024,
      retry: { retries: 10 },
    });
  }

  /** The underlying consumer for admin-like needs (seek on reset-offsets). */
  get rawConsumer(): Consumer {
    return this.consumer;
  }

  async run(handler: BatchHandler): Promise<void> {
    const { consumer } = this;
    await consumer.connect();
    for (const topic of this.settings.topics) {
      await consumer.subscribe({ topic, fromBeginning: this.settings.fromBeginning ?? true });
    }
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const messages: InboundMessage[] = batch.messages.map((m) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key,
          value: m.value,
          headers: decodeHeaders(m.headers),
          timestamp: m.timestamp,
        }));
        await handler(messages, { heartbeat, isStopping: () => this.stopping });
        const last = messages[messages.length - 1];
        if (last === undefined) return;
        // Advance kafkajs's own fetch position too: otherwise a failure on another partition
        // restarts fetching from its last *resolved* offset and re-delivers committed batches.
        resolveOffset(last.offset);
        await consumer.commitOffsets([
          { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
        ]);
      },
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // disconnect() waits for the batch in flight (and its commit) before leaving the group.
    await this.consumer.disconnect();
    this.settings.logger.info({ groupId: this.settings.groupId }, 'kafka source stopped');
  }
}
