/**
 * Operations of one service process, in one object the CLI creates and the services call
 * through narrow hooks: metrics (lib/ops/metrics.ts), connection state (ServiceHealth: call
 * `ops.health.markDown(dep, err)` / `ops.health.markUp(dep)` from reconnect code), the
 * /health /ready /metrics endpoint (when a port is configured) and the heartbeat row in
 * service_instances that `lac status` reads.
 *
 * The heartbeat doubles as the PostgreSQL probe: a failed write marks `postgres` down, the
 * next successful one marks it up again (and counts a reconnect). Queue watchers are probed
 * on the same tick.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import type { Worker } from 'bullmq';
import type { BatchSummary } from '../../core/ingest/types.js';
import type { Pool } from '../db/pool.js';
import type { Logger } from '../log/logger.js';
import type { BullSettings } from '../queue/bullmq.js';
import { watchKafkaConsumer } from './kafka-consumer-ops.js';
import { createMetrics, type LacMetrics, type ServiceKind } from './metrics.js';
import { startOpsServer, type OpsServer } from './ops-server.js';
import { QueueWatcher, watchWorker } from './queue-ops.js';
import { ServiceHealth } from './service-health.js';
import { metricsSnapshot } from './snapshot.js';
import { pruneOldInstances, upsertHeartbeat, type InstanceIdentity } from './sql-service-instances.js';

/** What the ingest service calls (kept narrow so the service does not depend on prom-client). */
export interface IngestRecorder {
  /** Connection state: reconnect code calls health.markDown(dep, err) / health.markUp(dep). */
  readonly health: ServiceHealth;
  /** Before the consumer runs: group membership, crashes and lag come from its events. */
  watchKafkaConsumer(consumer: Consumer): void;
  /** After each stored batch: counters only (batch latency comes from the consumer's events). */
  recordBatch(topic: string, summary: BatchSummary): void;
}

export interface ServiceOpsSettings {
  kind: ServiceKind;
  /** Besides 'postgres' (always): 'kafka' for ingest, 'redis' for the workers. */
  dependencies: string[];
  pool: Pool;
  logger: Logger;
  heartbeatMs: number;
  /** null: no HTTP endpoint; 0: a free port. */
  metricsPort: number | null;
  metricsHost: string;
}

export class ServiceOps implements IngestRecorder {
  readonly metrics: LacMetrics;
  readonly health: ServiceHealth;
  readonly identity: InstanceIdentity;
  private server: OpsServer | null = null;
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;
  private readonly queues: QueueWatcher[] = [];
  private readonly log: Logger;

  constructor(private readonly settings: ServiceOpsSettings) {
    this.log = settings.logger.child({ component: 'ops' });
    this.metrics = createMetrics(settings.kind);
    this.health = new ServiceHealth(['postgres', ...settings.dependencies], { logger: this.log, metrics: this.metrics });
    this.identity = {
      instanceId: `${settings.kind}-${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
      kind: settings.kind,
      host: os.hostname(),
      pid: process.pid,
      startedAt: new Date(),
      beatIntervalMs: settings.heartbeatMs,
    };
    for (const kind of ['sed', 'declaration', 'certificate']) this.metrics.stored.inc({ kind }, 0);
    for (const type of ['message', 'version']) this.metrics.duplicates.inc({ type }, 0);
  }

  /** The endpoint's port, or null when none was asked for. */
  get port(): number | null {
    return this.server?.port ?? null;
  }

  async start(): Promise<void> {
    const { metricsPort, metricsHost } = this.settings;
    if (metricsPort !== null) {
      this.server = await startOpsServer({
        port: metricsPort,
        host: metricsHost,
        health: this.health,
        registry: this.metrics.registry,
        identity: { service: this.settings.kind, instance: this.identity.instanceId },
      });
      this.log.info({ host: metricsHost, port: this.server.port, instance: this.identity.instanceId }, 'ops endpoint listening (/health, /ready, /metrics)');
    }
    await pruneOldInstances(this.settings.pool).catch(() => undefined);
    await this.beat(false);
    this.timer = setInterval(() => void this.tick(), this.settings.heartbeatMs);
    this.timer.unref();
  }

  watchKafkaConsumer(consumer: Consumer): void {
    watchKafkaConsumer(consumer, this.health, this.metrics);
  }

  recordBatch(topic: string, s: BatchSummary): void {
    const m = this.metrics;
    m.documentsIn.inc({ topic }, s.received);
    if (s.stored.sed > 0) m.stored.inc({ kind: 'sed' }, s.stored.sed);
    if (s.stored.declaration > 0) m.stored.inc({ kind: 'declaration' }, s.stored.declaration);
    if (s.stored.certificate > 0) m.stored.inc({ kind: 'certificate' }, s.stored.certificate);
    if (s.duplicates > 0) m.duplicates.inc({ type: 'message' }, s.duplicates);
    if (s.versionDuplicates > 0) m.duplicates.inc({ type: 'version' }, s.versionDuplicates);
    for (const code in s.rejected) {
      const n = s.rejected[code];
      if (n !== undefined && n > 0) m.rejected.inc({ code }, n);
    }
  }

  /** Job counts and Redis state of a queue, probed on every heartbeat. */
  watchQueue(name: string, settings: BullSettings): void {
    this.queues.push(new QueueWatcher(name, settings, this.health, this.metrics));
  }

  watchWorker(worker: Worker, queue: string): void {
    watchWorker(worker, queue, this.metrics);
  }

  /** Wraps a job handler so each run's duration lands in lac_run_duration_seconds{stage}. */
  timed<A extends unknown[], R>(stage: string, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    const histogram = this.metrics.runSeconds.labels({ stage });
    return async (...args: A) => {
      const end = histogram.startTimer();
      try {
        return await fn(...args);
      } finally {
        end();
      }
    };
  }

  /** Not ready any more (call first on shutdown, so load balancers stop sending work). */
  draining(): void {
    this.health.setStopping();
  }

  /** Last heartbeat (marked stopped), then close the endpoint and the watchers. */
  async stop(): Promise<void> {
    this.health.setStopping();
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.beating;
    await this.beat(true);
    await Promise.all(this.queues.map((q) => q.close().catch(() => undefined)));
    await this.server?.close();
    this.server = null;
  }

  private tick(): void {
    if (this.beating !== null) return;
    this.beating = this.beat(false).finally(() => {
      this.beating = null;
    });
  }

  private async beat(stopped: boolean): Promise<void> {
    const probeTimeout = Math.min(this.settings.heartbeatMs, 5_000);
    if (!stopped) await Promise.all(this.queues.map((q) => q.probe(probeTimeout)));
    try {
      const metrics = await metricsSnapshot(this.metrics);
      // The write itself proves PostgreSQL reachable, so the row is written as such.
      await upsertHeartbeat(this.settings.pool, this.identity, this.health.snapshot('postgres'), metrics, stopped);
      this.health.markUp('postgres');
    } catch (err) {
      this.health.markDown('postgres', err);
    }
  }
}
