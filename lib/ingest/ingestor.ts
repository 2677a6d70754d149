/**
 * The ingestion pipeline, transport-free: prepare each message (pure), store the batch in one
 * transaction, then hand new dead letters to the DLQ publisher. Kafka, files and the demo all
 * call `ingest()`; whoever calls it commits its own position (offsets) only after it resolves.
 */
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/pool.js';
import type { Logger } from '../log/logger.js';
import { prepareMessage, type PrepareLimits } from '../../core/ingest/prepare.js';
import type { BatchSummary, PreparedMessage, SourceMessage } from '../../core/ingest/types.js';
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

  async ingest(messages: SourceMessage[]): Promise<BatchSummary> {
    const prepared = this.pool === null ? this.prepare(messages) : await this.pool.prepare(messages);
    return this.store(prepared);
  }

  /** Stops the parse workers, if any. */
  async close(): Promise<void> {
    await this.pool?.close();
  }

  async store(prepared: PreparedMessage[]): Promise<BatchSummary> {
    const started = performance.now();
    const summary = await withTransaction(this.settings.pool, (client) => storeBatch(client, prepared));
    const rejected = Object.values(summary.rejected).reduce((a, b) => a + b, 0);
    if (rejected > 0 && this.settings.publisher) await this.settings.publisher.flush();
    this.settings.logger.debug(
      { received: summary.received, stored: summary.stored, duplicates: summary.duplicates, rejected: summary.rejected, ms: Math.round(performance.now() - started) },
      'batch stored',
    );
    return summary;
  }
}
