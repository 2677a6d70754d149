/** BullMQ adapters for JobQueue / JobWorker. */
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { JobHandler, JobQueue, JobSpec, JobWorker } from './types.js';

export interface BullSettings {
  redisUrl: string;
  prefix: string;
}

function connection(redisUrl: string): ConnectionOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password || undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    // Workers must wait for Redis to come back rather than give up (BullMQ's advice).
    maxRetriesPerRequest: null,
  };
}

export class BullQueue<T> implements JobQueue<T> {
  readonly queue: Queue;

  constructor(name: string, settings: BullSettings) {
    this.queue = new Queue(name, {
      connection: connection(settings.redisUrl),
      prefix: settings.prefix,
      defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000, attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
    });
    // ioredis reconnects by itself (commands wait meanwhile: maxRetriesPerRequest null); without a
    // listener each connection error is printed raw to stderr. The ops watchers report Redis state.
    this.queue.on('error', () => undefined);
  }

  async add(jobs: JobSpec<T>[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map((j) => ({
        name: j.name,
        data: j.data,
        opts: j.dedupeId === undefined ? {} : { deduplication: { id: j.dedupeId } },
      })),
    );
  }

  /** A job added every `everyMs` by BullMQ's job scheduler (one scheduler per id, however many processes call this). */
  async schedule(schedulerId: string, everyMs: number, job: { name: string; data: T }): Promise<void> {
    await this.queue.upsertJobScheduler(schedulerId, { every: everyMs }, { name: job.name, data: job.data });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

export function startBullWorker<T, R>(
  name: string,
  settings: BullSettings & { concurrency?: number },
  handler: JobHandler<T, R>,
): JobWorker & { worker: Worker } {
  const worker = new Worker<T, R>(
    name,
    async (job) => {
      // Dedupe ids collapse jobs only while they wait: once one runs, a new request must queue
      // again, or a change arriving during the run would never be processed.
      if (job.deduplicationId !== undefined) await job.removeDeduplicationKey();
      return handler({ name: job.name, data: job.data, id: job.id ?? '' });
    },
    { connection: connection(settings.redisUrl), prefix: settings.prefix, concurrency: settings.concurrency ?? 1 },
  );
  // Errors are reported through job events and logs; an unhandled 'error' must not crash the process.
  worker.on('error', () => undefined);
  return {
    worker,
    close: () => worker.close(),
  };
}
