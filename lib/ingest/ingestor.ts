/**
 * The ingestion pipeline, transport-free: prepare each message (pure), store the batch in one
 * transaction, then hand new dead letters to the DLQ publisher. Kafka, files and the demo all
 * call `ingest()`; whoever calls it commits its own position (offsets) only after it resolves.
 */
import type { Pool, PoolClient } from '../db/pool.js';
import { withTransaction } from '../db/pool.js';
import type { Logger } from '../log/logger.js';
import { prepareMessage, type PrepareLimits } from '../../core/ingest/prepare.js';
import { addSummary, emptySummary, type BatchSummary, type PreparedMessage, type SourceMessage } from '../../core/ingest/types.js';
import { storeBatch } from './store-batch.js';
import type { DeadLetterPublisher } from './dead-letter-publisher.js';
import { PreparePool } from './prepare-pool.js';

export interface IngestorSettings {
  pool: Pool;
  limits: PrepareLimits;
  logger: Logger;
  /** Publishes dead letters to the DLQ topic; absent when there is no Kafka (demo, replay --to db). */
  publisher?: DeadLetterPublisher;
  /** Worker threads that parse batches (0 or absent: parse inline on the calling thread). */
  prepareWorkers?: number;
  /**
   * Messages per chunk of a batch: with parse workers, chunk n+1 is parsed while chunk n is
   * written, all in the batch's one transaction. Default 500.
   */
  chunkSize?: number;
}

const DEFAULT_CHUNK = 500;
/** PreparePool's smallest chunk for a worker (MIN_CHUNK there). */
const WARM_UP_PER_WORKER = 64;

export interface WriteOptions {
  /** Runs in the batch's transaction after its rows, before COMMIT (crash-loop bookkeeping). */
  beforeCommit?: (client: PoolClient) => Promise<void>;
}

export class Ingestor {
  private readonly pool: PreparePool | null;

  constructor(private readonly settings: IngestorSettings) {
    const workers = settings.prepareWorkers ?? 0;
    this.pool = workers > 0 ? new PreparePool(settings.limits, workers) : null;
  }

  prepare(messages: SourceMessage[]): PreparedMessage[] {
    return messages.map((m) => prepareMessage(m, this.settings.limits));
  }

  async ingest(messages: SourceMessage[], options: WriteOptions = {}): Promise<BatchSummary> {
    const pool = this.pool;
    const size = this.settings.chunkSize ?? DEFAULT_CHUNK;
    if (pool === null) return this.store(this.prepare(messages), options);
    if (messages.length <= size) return this.store(await pool.prepare(messages), options);
    // Every chunk goes to the workers at once; chunks are written in order as they come back,
    // so parsing the next ones overlaps writing this one (one transaction, as for any batch).
    const jobs: Array<Promise<PreparedMessage[]>> = [];
    for (let i = 0; i < messages.length; i += size) {
      const job = pool.prepare(messages.slice(i, i + size));
      job.catch(() => undefined); // a failure surfaces when the chunk is awaited; never unhandled
      jobs.push(job);
    }
    await jobs[0]; // the transaction starts once there is something to write
    return this.write(async (client) => {
      const total = emptySummary();
      for (const job of jobs) addSummary(total, await storeBatch(client, await job));
      return total;
    }, options);
  }

  /**
   * Starts every parse worker and waits until each has loaded its code (a first job), so the
   * first real batch does not wait for it.
   */
  async warmUp(): Promise<void> {
    const pool = this.pool;
    if (pool === null) return;
    const empty: SourceMessage = { source: 'test', topic: null, partition: null, offset: null, key: null, headers: {}, body: Buffer.alloc(0) };
    // The pool hands a worker at least WARM_UP_PER_WORKER messages (fewer are parsed inline).
    await pool.prepare(Array.from({ length: WARM_UP_PER_WORKER * pool.size }, () => empty));
  }

  /** Stops the parse workers, if any. */
  async close(): Promise<void> {
    await this.pool?.close();
  }

  async store(prepared: PreparedMessage[], options: WriteOptions = {}): Promise<BatchSummary> {
    return this.write((client) => storeBatch(client, prepared), options);
  }

  /** One transaction; dead letters it created go to the DLQ publisher after it commits. */
  private async write(fn: (client: PoolClient) => Promise<BatchSummary>, options: WriteOptions): Promise<BatchSummary> {
    const started = performance.now();
    const summary = await withTransaction(this.settings.pool, async (client) => {
      const result = await fn(client);
      await options.beforeCommit?.(client);
      return result;
    });
    const rejected = Object.values(summary.rejected).reduce((a, b) => a + b, 0);
    if (rejected > 0 && this.settings.publisher) await this.settings.publisher.flush();
    this.settings.logger.debug(
      { received: summary.received, stored: summary.stored, duplicates: summary.duplicates, rejected: summary.rejected, ms: Math.round(performance.now() - started) },
      'batch stored',
    );
    return summary;
  }
}
