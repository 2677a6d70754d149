/**
 * MessageSource over a kafkajs consumer group. Offsets are committed by hand, after the
 * handler resolves, so a crash between the database commit and the offset commit only
 * re-delivers messages (at-least-once), which the idempotent storage absorbs.
 */
import type { Consumer, ConsumerRunConfig, Kafka } from 'kafkajs';
import type { Logger } from '../log/logger.js';
import type { BatchHandler, InboundMessage, MessageSource } from '../transport/types.js';
import { decodeHeaders, kafkaConnectionEvents } from './client.js';

/** 1 s, 2 s, 4 s ... capped at 30 s. */
function backoffMs(attempt: number): number {
  return Math.min(30_000, 1_000 * 2 ** Math.min(attempt - 1, 5));
}

/** kafkajs sends a heartbeat only when asked; during a batch we ask this often (it skips early ones). */
const HEARTBEAT_DURING_BATCH_MS = 1_000;

/** Heartbeat answers meaning the group is re-forming: this member must rejoin before going on. */
const REJOIN_ERRORS = new Set(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'NOT_COORDINATOR_FOR_GROUP']);

const SKIPPED_BATCH_PAUSE_MS = 100;
const REJOIN_WAIT_MAX_MS = 30_000;

function isRejoinError(err: unknown): boolean {
  const type = (err as { type?: unknown } | null)?.type;
  return typeof type === 'string' && REJOIN_ERRORS.has(type);
}

export interface KafkaSourceSettings {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  logger: Logger;
  /** Where a new group starts; `earliest` replays the topic. */
  fromBeginning?: boolean;
  maxBytesPerPartition?: number;
  /** Bytes per fetch over all partitions (kafkajs default 10 MiB). */
  maxBytes?: number;
  /** Partitions whose batches are handled at once (each its own transaction and commit); default 1. */
  partitionsConsumedConcurrently?: number;
  sessionTimeout?: number;
  /**
   * Told when the broker is seen unreachable (a connection error while kafkajs retries quietly)
   * and each time it is seen working (the group joined, a batch committed). These are
   * observations, not transitions: the receiver keeps the state, so an outage reported by
   * someone else (the consumer's CRASH or DISCONNECT events) still ends at the next commit.
   */
  onConnectionState?: (up: boolean, err?: unknown) => void;
}

export class KafkaSource implements MessageSource {
  private readonly consumer: Consumer;
  private stopping = false;
  /**
   * Set when a heartbeat learns that the group is rebalancing; cleared when we have rejoined.
   * Meanwhile the rest of the fetch is left unprocessed: kafkajs rejoins only once every batch of
   * the fetch is handled, and the other members wait for us (a second process starting made the
   * first one work through its whole 32 MiB fetch, whose offsets it could then not commit).
   */
  private rebalancingSince: number | null = null;
  private onConnectionError: (err: unknown) => void = () => undefined;
  private onCommitted: () => void = () => undefined;

  constructor(private readonly settings: KafkaSourceSettings) {
    this.consumer = settings.kafka.consumer({
      groupId: settings.groupId,
      sessionTimeout: settings.sessionTimeout ?? 30_000,
      heartbeatInterval: 3_000,
      maxBytesPerPartition: settings.maxBytesPerPartition ?? 4 * 1024 * 1024,
      maxBytes: settings.maxBytes ?? 32 * 1024 * 1024,
      retry: { retries: 10 },
    });
  }

  /** A rebalance was seen and we have not rejoined yet (bounded, should the rejoin event be missed). */
  private rejoinPending(): boolean {
    if (this.rebalancingSince === null) return false;
    if (Date.now() - this.rebalancingSince < REJOIN_WAIT_MAX_MS) return true;
    this.rebalancingSince = null;
    return false;
  }

  /** The underlying consumer for admin-like needs (seek on reset-offsets). */
  get rawConsumer(): Consumer {
    return this.consumer;
  }

  async run(handler: BatchHandler): Promise<void> {
    const { consumer } = this;
    const config: ConsumerRunConfig = {
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently ?? 1,
      eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        if (this.rejoinPending()) {
          // Unresolved, uncommitted: whoever holds the partition after the rebalance fetches it
          // again. The pause keeps kafkajs from re-fetching in a tight loop until its next
          // heartbeat takes it back into the group.
          await new Promise((r) => setTimeout(r, SKIPPED_BATCH_PAUSE_MS));
          return;
        }
        const messages: InboundMessage[] = batch.messages.map((m) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key,
          value: m.value,
          headers: decodeHeaders(m.headers),
          timestamp: m.timestamp,
        }));
        // A batch can outlast the session timeout on a loaded host: keep the membership alive
        // while it runs, or the group evicts us and re-delivers the batch to someone else.
        const beatOrNote = (): Promise<void> =>
          heartbeat().catch((err: unknown) => {
            if (isRejoinError(err)) this.rebalancingSince ??= Date.now();
            throw err;
          });
        const beat = setInterval(() => void beatOrNote().catch(() => undefined), HEARTBEAT_DURING_BATCH_MS);
        try {
          await handler(messages, { heartbeat: beatOrNote, isStopping: () => this.stopping });
        } finally {
          clearInterval(beat);
        }
        const last = messages[messages.length - 1];
        if (last === undefined) return;
        // Advance kafkajs's own fetch position too: otherwise a failure on another partition
        // restarts fetching from its last *resolved* offset and re-delivers committed batches.
        resolveOffset(last.offset);
        await consumer.commitOffsets([
          { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
        ]);
        this.onCommitted();
      },
    };
    const setUp = (up: boolean, err?: unknown): void => this.settings.onConnectionState?.(up, err);
    this.onConnectionError = (err: unknown) => setUp(false, err);
    kafkaConnectionEvents.on('connection-error', this.onConnectionError);
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.rebalancingSince = null;
      setUp(true);
    });
    this.onCommitted = () => setUp(true);
    // kafkajs restarts its consumer after retriable failures (a broker restart) by itself; after
    // one it deems fatal it disconnects and stays down, and the service would idle forever.
    consumer.on(consumer.events.CRASH, (e) => {
      if (!e.payload.restart && !this.stopping) void this.restart(config, e.payload.error);
    });
    // A broker that is down at start-up (restarting) is waited for, not a reason to give up.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.connectAndRun(config);
        if (attempt > 1) this.settings.logger.info({ groupId: this.settings.groupId, attempt }, 'kafka consumer started');
        return;
      } catch (err) {
        if (this.stopping) return;
        await this.consumer.disconnect().catch(() => undefined);
        const delayMs = backoffMs(attempt);
        this.settings.logger.warn({ groupId: this.settings.groupId, attempt, delayMs, error: (err as Error).message }, 'kafka not reachable at start; retrying');
        await new Promise((r) => setTimeout(r, delayMs));
      }
    }
  }

  private async connectAndRun(config: ConsumerRunConfig): Promise<void> {
    await this.consumer.connect();
    for (const topic of this.settings.topics) {
      await this.consumer.subscribe({ topic, fromBeginning: this.settings.fromBeginning ?? true });
    }
    await this.consumer.run(config);
  }

  /** Connects and runs again, with exponential backoff, until it works or stop() is called. */
  private async restart(config: ConsumerRunConfig, cause: Error): Promise<void> {
    const log = this.settings.logger;
    for (let attempt = 1; !this.stopping; attempt += 1) {
      const delayMs = backoffMs(attempt);
      log.warn({ groupId: this.settings.groupId, attempt, delayMs, error: cause.message }, 'kafka consumer stopped after a fatal error; restarting it');
      await new Promise((r) => setTimeout(r, delayMs));
      if (this.stopping) return;
      try {
        await this.connectAndRun(config);
        log.info({ groupId: this.settings.groupId, attempt }, 'kafka consumer restarted');
        return;
      } catch (err) {
        cause = err as Error;
        await this.consumer.disconnect().catch(() => undefined);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    kafkaConnectionEvents.off('connection-error', this.onConnectionError);
    // disconnect() waits for the batch in flight (and its commit) before leaving the group.
    await this.consumer.disconnect();
    this.settings.logger.info({ groupId: this.settings.groupId }, 'kafka source stopped');
  }
}
