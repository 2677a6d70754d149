/**
 * Job queues between stages (ingest -> matcher -> risk). BullMQ in the services, an
 * in-process queue in `lac demo`; domain code only sees these interfaces.
 */

export interface JobSpec<T> {
  name: string;
  data: T;
  /** Jobs with the same dedupe id collapse while one is still waiting. */
  dedupeId?: string;
}

export interface JobQueue<T> {
  add(jobs: JobSpec<T>[]): Promise<void>;
  close(): Promise<void>;
}

export type JobHandler<T, R = unknown> = (job: { name: string; data: T; id: string }) => Promise<R>;

export interface JobWorker {
  /** Resolves once the worker has stopped after finishing the job in flight. */
  close(): Promise<void>;
}
