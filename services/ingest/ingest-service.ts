/**
 * The ingest service: a Kafka consumer group over the three input topics, feeding the
 * transport-free Ingestor. One transaction per Kafka batch; the offset is committed by the
 * source after the transaction commits. Several instances share the partitions.
 */
import type { Kafka } from 'kafkajs';
import type { LacConfig } from '../../lib/config/config.js';
import type { Pool } from '../../lib/db/pool.js';
import type { Logger } from '../../lib/log/logger.js';
import { KafkaSource } from '../../lib/kafka/kafka-source.js';
import { KafkaSink } from '../../lib/kafka/kafka-sink.js';
import { DeadLetterPublisher } from '../../lib/ingest/dead-letter-publisher.js';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { addSummary, emptySummary, type SourceMessage } from '../../core/ingest/types.js';
import type { InboundMessage } from '../../lib/transport/types.js';
import { resetOffsets } from './reset-offsets.js';

export interface IngestServiceSettings {
  config: LacConfig;
  pool: Pool;
  kafka: Kafka;
  logger: Logger;
  /** `earliest` or an ISO timestamp: move the group's offsets there before starting. */
  resetOffsets?: string;
  /** Told after each batch that stored something new (wakes the matcher). */
  onStored?: () => Promise<void>;
}

export function toSourceMessage(m: InboundMessage): SourceMessage {
  return {
    source: 'kafka',
    topic: m.topic,
    partition: m.partition,
    offset: m.offset,
    key: m.key === null ? null : m.key.toString('utf8'),
    headers: m.headers,
    body: m.value ?? Buffer.alloc(0),
  };
}

export class IngestService {
  private source: KafkaSource | null = null;
  private sink: KafkaSink | null = null;
  readonly totals = emptySummary();

  constructor(private readonly settings: IngestServiceSettings) {}

  get topics(): string[] {
    const t = this.settings.config.topics;
    return [t.sed, t.declarations, t.certificates];
  }

  async start(): Promise<void> {
    const { config, pool, kafka, logger } = this.settings;
    const log = logger.child({ component: 'ingest' });
    if (this.settings.resetOffsets !== undefined) {
      await resetOffsets(kafka, config.ingest.groupId, this.topics, this.settings.resetOffsets, log);
    }
    this.sink = new KafkaSink(kafka);
    const publisher = new DeadLetterPublisher(pool, this.sink, config.topics.dlq, log);
    // Dead letters left unpublished by a previous crash go out first.
    await publisher.flush();
    const ingestor = new Ingestor({
      pool,
      logger: log,
      publisher,
      limits: { maxBytes: config.ingest.maxDocumentBytes, maxDepth: config.ingest.maxDepth },
    });
    this.source = new KafkaSource({
      kafka,
      groupId: config.ingest.groupId,
      topics: this.topics,
      logger: log,
      fromBeginning: true,
      sessionTimeout: config.ingest.sessionTimeoutMs,
    });
    await this.source.run(async (messages, ctx) => {
      const summary = await ingestor.ingest(messages.map(toSourceMessage));
      addSummary(this.totals, summary);
      const stored = summary.stored.sed + summary.stored.declaration + summary.stored.certificate;
      if (stored > 0 && this.settings.onStored) await this.settings.onStored();
      await ctx.heartbeat();
      log.info(
        { topic: messages[0]?.topic, partition: messages[0]?.partition, received: summary.received, stored: summary.stored, duplicates: summary.duplicates, rejected: summary.rejected },
        'batch committed',
      );
    });
    log.info({ groupId: config.ingest.groupId, topics: this.topics }, 'ingest service running');
  }

  /** Finish the batch in flight, commit, leave the group. */
  async stop(): Promise<void> {
    await this.source?.stop();
    await this.sink?.close();
  }
}
