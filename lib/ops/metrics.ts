/**
 * LAC's Prometheus metrics: one prom-client Registry per service process (never the global
 * one, so several services in one test process do not collide). Every series carries the
 * default label `service` (ingest | matcher | risk). Recording is counter arithmetic per
 * batch or per job, never per message.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type ServiceKind = 'ingest' | 'matcher' | 'risk';

export interface LacMetrics {
  registry: Registry;
  /** Messages received, by input topic. */
  documentsIn: Counter<'topic'>;
  /** New rows stored, by kind (sed | declaration | certificate). */
  stored: Counter<'kind'>;
  /** Messages that changed nothing: `message` = re-delivery of a stored message, `version` = a document version already stored under another message. */
  duplicates: Counter<'type'>;
  /** Messages rejected (dead-lettered), by stable error code. */
  rejected: Counter<'code'>;
  batchSeconds: Histogram;
  /** Messages behind the consumer, per assigned partition (as of its last batch). */
  consumerLag: Gauge<'topic' | 'partition'>;
  /** BullMQ job counts by queue and state (waiting, active, delayed, failed, completed). */
  queueJobs: Gauge<'queue' | 'state'>;
  /** Jobs this process finished, by outcome (completed | failed). */
  jobsProcessed: Counter<'queue' | 'outcome'>;
  /** Duration of match and scoring runs. */
  runSeconds: Histogram<'stage'>;
  dependencyUp: Gauge<'dependency'>;
  /** Times a dependency went from up (or never seen) to down. */
  dependencyFailures: Counter<'dependency'>;
  /** Times a dependency came back after being down. */
  reconnects: Counter<'dependency'>;
  ready: Gauge;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const RUN_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

export function createMetrics(kind: ServiceKind, options: { processMetrics?: boolean } = {}): LacMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: kind });
  // Process metrics (RSS, CPU, heap, event-loop lag, handles) are read at scrape time.
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    documentsIn: new Counter({ name: 'lac_documents_in_total', help: 'Messages received, by input topic', labelNames: ['topic'], registers }),
    stored: new Counter({ name: 'lac_documents_stored_total', help: 'New documents stored, by kind', labelNames: ['kind'], registers }),
    duplicates: new Counter({ name: 'lac_documents_duplicate_total', help: 'Messages that changed nothing (message: re-delivery; version: document version already stored)', labelNames: ['type'], registers }),
    rejected: new Counter({ name: 'lac_documents_rejected_total', help: 'Messages rejected to the dead-letter queue, by error code', labelNames: ['code'], registers }),
    batchSeconds: new Histogram({ name: 'lac_ingest_batch_duration_seconds', help: 'Time to read and store one Kafka batch (one transaction)', buckets: LATENCY_BUCKETS, registers }),
    consumerLag: new Gauge({ name: 'lac_consumer_lag', help: 'Messages behind the ingest consumer, per partition, as of its last batch', labelNames: ['topic', 'partition'], registers }),
    queueJobs: new Gauge({ name: 'lac_queue_jobs', help: 'BullMQ jobs by queue and state', labelNames: ['queue', 'state'], registers }),
    jobsProcessed: new Counter({ name: 'lac_jobs_processed_total', help: 'Jobs finished by this process, by outcome', labelNames: ['queue', 'outcome'], registers }),
    runSeconds: new Histogram({ name: 'lac_run_duration_seconds', help: 'Duration of match and scoring runs', labelNames: ['stage'], buckets: RUN_BUCKETS, registers }),
    dependencyUp: new Gauge({ name: 'lac_dependency_up', help: '1 when the dependency is reachable, 0 otherwise', labelNames: ['dependency'], registers }),
    dependencyFailures: new Counter({ name: 'lac_dependency_failures_total', help: 'Times a dependency became unreachable', labelNames: ['dependency'], registers }),
    reconnects: new Counter({ name: 'lac_dependency_reconnects_total', help: 'Times a dependency came back after being unreachable', labelNames: ['dependency'], registers }),
    ready: new Gauge({ name: 'lac_service_ready', help: '1 when every dependency is up (what /ready answers)', registers }),
  };
}
