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
import { addSummary, emptySummary, type BatchSummary, type SourceMessage } from '../../core/ingest/types.js';
import type { InboundMessage } from '../../lib/transport/types.js';
import { resetOffsets } from './reset-offsets.js';
import { DeliveryAttempts } from '../../lib/ingest/delivery-attempts.js';
import { messageHash } from '../../core/ingest/message-identity.js';
import { RejectionCodes } from '../../core/errors.js';
import type { IngestRecorder } from '../../lib/ops/service-ops.js';

export interface IngestServiceSettings {
  config: LacConfig;
  pool: Pool;
  kafka: Kafka;
  logger: Logger;
  /** `earliest` or an ISO timestamp: move the group's offsets there before starting. */
  resetOffsets?: string;
  /** Told after each batch that stored something new (wakes the matcher). */
  onStored?: () => Promise<void>;
  /** Metrics and health (lib/ops): consumer events and per-batch counters. */
  ops?: IngestRecorder & { readonly health?: DependencyReporter };
  /**
   * TEST ONLY (fault suite): the process kills itself (SIGKILL) when a message body contains
   * this marker, as a native crash inside a parser would. Defaults to LAC_TEST_CRASH_ON;
   * never set it in production.
   */
  testCrashOn?: string;
}

/** lib/ops ServiceHealth's reporting API (markDown/markUp are idempotent and log the transitions). */
interface DependencyReporter {
  markDown(dependency: string, err?: unknown): void;
  markUp(dependency: string): void;
}

/**
 * Broker observations into the service's health (lib/ops: logged, counted, shown by `lac status`),
 * or the log alone. Health keeps one state per dependency whoever reports it, so a commit after
 * an outage seen by any listener logs the reconnection; the log-only path keeps its own.
 */
function kafkaReporter(ops: IngestServiceSettings['ops'], log: Logger): (up: boolean, err?: unknown) => void {
  const health = ops?.health;
  if (health !== undefined) return (up, err) => (up ? health.markUp('kafka') : health.markDown('kafka', err));
  let down = false;
  return (up) => {
    if (up !== down) return;
    down = !up;
    if (up) log.info({ dependency: 'kafka' }, 'dependency reconnected');
    else log.warn({ dependency: 'kafka', code: 'KAFKA_CONNECTION' }, 'dependency down');
  };
}

function crashIfMarked(batch: InboundMessage[], marker: string): void {
  if (batch.some((m) => m.value !== null && m.value.includes(marker))) process.kill(process.pid, 'SIGKILL');
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
  private ingestor: Ingestor | null = null;
  private stopping = false;
  readonly totals = emptySummary();
  private readonly log: Logger;

  constructor(private readonly settings: IngestServiceSettings) {
    this.log = settings.logger.child({ component: 'ingest' });
  }

  get topics(): string[] {
    const t = this.settings.config.topics;
    return [t.sed, t.declarations, t.certificates];
  }

  async start(): Promise<void> {
    await this.prepare();
    await this.consume();
  }

  /**
   * Everything before joining the consumer group: offsets reset, the DLQ outbox flushed, parse
   * workers started and loaded. Loading the workers after joining would hold the partitions this
   * process was given idle meanwhile (seconds under tsx).
   */
  async prepare(): Promise<void> {
    if (this.ingestor !== null) return;
    const { config, pool, kafka } = this.settings;
    const log = this.log;
    if (this.settings.resetOffsets !== undefined) {
      await resetOffsets(kafka, config.ingest.groupId, this.topics, this.settings.resetOffsets, log);
    }
    this.sink = new KafkaSink(kafka);
    const publisher = new DeadLetterPublisher(pool, this.sink, config.topics.dlq, log);
    // Dead letters left unpublished by a previous crash go out first. A broker or database that
    // is down right now must not stop the start: they are retried in the background (flushes
    // are safe to overlap: rows are claimed with SKIP LOCKED).
    await publisher.flush().catch(async (err: unknown) => {
      log.warn({ error: (err as Error).message }, 'dead letters not published yet; retrying in the background');
      void (async () => {
        for (let delay = 1_000; !this.stopping; delay = Math.min(delay * 2, 30_000)) {
          await new Promise((r) => setTimeout(r, delay).unref());
          if (this.stopping || (await publisher.flush().then(() => true, () => false))) return;
        }
      })();
    });
    const ingestor = new Ingestor({
      pool,
      logger: log,
      publisher,
      limits: { maxBytes: config.ingest.maxDocumentBytes, maxDepth: config.ingest.maxDepth },
      prepareWorkers: config.ingest.prepareWorkers,
    });
    await ingestor.warmUp();
    this.ingestor = ingestor;
  }

  /** Joins the consumer group and handles batches until stop(). */
  async consume(): Promise<void> {
    await this.prepare();
    const { config, pool, kafka } = this.settings;
    const log = this.log;
    const ingestor = this.ingestor;
    if (ingestor === null) throw new Error('ingest service: prepare() did not finish');
    this.source = new KafkaSource({
      kafka,
      groupId: config.ingest.groupId,
      topics: this.topics,
      logger: log,
      fromBeginning: true,
      sessionTimeout: config.ingest.sessionTimeoutMs,
      partitionsConsumedConcurrently: config.ingest.partitionsConcurrently,
      onConnectionState: kafkaReporter(this.settings.ops, log),
    });
    const attempts = new DeliveryAttempts({ pool, groupId: config.ingest.groupId, maxAttempts: config.ingest.maxAttempts, logger: log });
    const crashOn = this.settings.testCrashOn ?? process.env['LAC_TEST_CRASH_ON'];
    const afterStore = async (summary: BatchSummary, messages: InboundMessage[]): Promise<void> => {
      addSummary(this.totals, summary);
      this.settings.ops?.recordBatch(messages[0]?.topic ?? '', summary);
      const stored = summary.stored.sed + summary.stored.declaration + summary.stored.certificate;
      if (stored > 0 && this.settings.onStored) await this.settings.onStored();
      log.info(
        { topic: messages[0]?.topic, partition: messages[0]?.partition, received: summary.received, stored: summary.stored, duplicates: summary.duplicates, rejected: summary.rejected },
        'batch committed',
      );
    };
    this.settings.ops?.watchKafkaConsumer(this.source.rawConsumer);
    await this.source.run(async (messages, ctx) => {
      // Crash-loop protection (lib/ingest/delivery-attempts.ts): a message that keeps killing
      // the process is dead-lettered unparsed after LAC_MAX_ATTEMPTS; the rest goes on.
      await attempts.run(messages, {
        process: async (batch, finish) => {
          if (crashOn !== undefined && crashOn !== '') crashIfMarked(batch, crashOn);
          await afterStore(await ingestor.ingest(batch.map(toSourceMessage), { beforeCommit: finish }), batch);
        },
        deadLetter: async (m, tries, finish) => {
          const message = toSourceMessage(m);
          const rejection = { code: RejectionCodes.RETRIES_EXHAUSTED, message: `the process died ${tries} times while handling this message alone`, path: null };
          const prepared = { hash: messageHash(message.headers, message.body), kind: 'unknown' as const, message, outcome: { type: 'rejected' as const, rejection } };
          await afterStore(await ingestor.store([prepared], { beforeCommit: finish }), [m]);
        },
        heartbeat: () => ctx.heartbeat(),
      });
      // No heartbeat here: the source beats during the batch and kafkajs after it, once the
      // offsets are committed (a heartbeat that learns of a rebalance here would lose the commit).
    });
    log.info({ groupId: config.ingest.groupId, topics: this.topics }, 'ingest service running');
  }

  /** Finish the batch in flight, commit, leave the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.source?.stop();
    await this.ingestor?.close();
    await this.sink?.close();
  }
}
