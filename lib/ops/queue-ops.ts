/**
 * Watches a BullMQ queue for a worker service: Redis connection state (events, plus a probe
 * that also reads the queue's job counts into `lac_queue_jobs`) and the jobs this process
 * finishes. The probe never waits on a dead connection (BullMQ retries commands forever):
 * it checks the client's status first and gives up on a slow answer.
 */
import type { Worker } from 'bullmq';
import { BullQueue, type BullSettings } from '../queue/bullmq.js';
import type { LacMetrics } from './metrics.js';
import type { ServiceHealth } from './service-health.js';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

interface RedisLike {
  status: string;
  on(event: 'ready', listener: () => void): unknown;
}

export class QueueWatcher {
  private readonly queue: BullQueue<unknown>;
  private client: RedisLike | null = null;

  constructor(
    readonly name: string,
    settings: BullSettings,
    private readonly health: ServiceHealth,
    private readonly metrics: LacMetrics,
  ) {
    this.queue = new BullQueue<unknown>(name, settings);
    const q = this.queue.queue;
    q.on('error', (err) => this.health.markDown('redis', err));
    q.on('ioredis:close', () => this.health.markDown('redis'));
    q.client.then(
      (c) => {
        this.client = c as unknown as RedisLike;
        this.client.on('ready', () => this.health.markUp('redis'));
        if (this.client.status === 'ready') this.health.markUp('redis');
      },
      (err: unknown) => this.health.markDown('redis', err),
    );
  }

  /** Reads job counts; marks Redis down when it cannot. */
  async probe(timeoutMs: number): Promise<void> {
    if (this.client === null) return;
    if (this.client.status !== 'ready') {
      this.health.markDown('redis');
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      const counts = await Promise.race([
        this.queue.queue.getJobCounts(...STATES),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(Object.assign(new Error('job counts timed out'), { code: 'TIMEOUT' })), timeoutMs);
        }),
      ]);
      for (const state of STATES) this.metrics.queueJobs.set({ queue: this.name, state }, counts[state] ?? 0);
      this.health.markUp('redis');
    } catch (err) {
      this.health.markDown('redis', err);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

/** Counts the jobs a worker finishes, by outcome. */
export function watchWorker(worker: Worker, queue: string, metrics: LacMetrics): void {
  const completed = metrics.jobsProcessed.labels({ queue, outcome: 'completed' });
  const failed = metrics.jobsProcessed.labels({ queue, outcome: 'failed' });
  completed.inc(0);
  failed.inc(0);
  worker.on('completed', () => completed.inc());
  worker.on('failed', () => failed.inc());
}
