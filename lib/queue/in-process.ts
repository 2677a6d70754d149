/**
 * In-process JobQueue for `lac demo` and one-shot commands: same semantics as the BullMQ
 * adapter (dedupe while waiting, sequential handling) without Redis.
 */
import type { JobHandler, JobQueue, JobSpec } from './types.js';

export class InProcessQueue<T> implements JobQueue<T> {
  private readonly waiting: Array<JobSpec<T> & { id: string }> = [];
  private readonly waitingIds = new Set<string>();
  private seq = 0;

  async add(jobs: JobSpec<T>[]): Promise<void> {
    for (const job of jobs) {
      if (job.dedupeId !== undefined) {
        if (this.waitingIds.has(job.dedupeId)) continue;
        this.waitingIds.add(job.dedupeId);
      }
      this.seq += 1;
      this.waiting.push({ ...job, id: String(this.seq) });
    }
  }

  get size(): number {
    return this.waiting.length;
  }

  /** Runs every waiting job (and those they enqueue) to completion; returns how many ran. */
  async drain<R>(handler: JobHandler<T, R>): Promise<number> {
    let ran = 0;
    for (let job = this.waiting.shift(); job !== undefined; job = this.waiting.shift()) {
      if (job.dedupeId !== undefined) this.waitingIds.delete(job.dedupeId);
      await handler({ name: job.name, data: job.data, id: job.id });
      ran += 1;
    }
    return ran;
  }

  async close(): Promise<void> {
    this.waiting.length = 0;
    this.waitingIds.clear();
  }
}
