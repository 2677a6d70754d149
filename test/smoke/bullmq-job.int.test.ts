/** Wiring smoke test: a job enqueued through our BullMQ adapter is processed by a worker on the real Redis. */
import { afterAll, expect, inject, test } from 'vitest';
import { BullQueue, startBullWorker } from '../../lib/queue/bullmq.js';
import { uniqueName } from '../support/db.js';
import { waitFor } from '../support/wait.js';

const redisUrl = inject('services').REDIS_URL;
const prefix = uniqueName('lac-test');
const settings = { redisUrl, prefix };
const queue = new BullQueue<{ n: number }>('smoke', settings);

afterAll(async () => {
  await queue.queue.obliterate({ force: true });
  await queue.close();
});

test('a job is processed once and its result recorded', async () => {
  const seen: number[] = [];
  const worker = startBullWorker<{ n: number }, number>('smoke', settings, async (job) => {
    seen.push(job.data.n);
    return job.data.n * 2;
  });
  try {
    await queue.add([{ name: 'double', data: { n: 21 } }]);
    // Polled, not awaited from QueueEvents: on a loaded machine its first read of the event
    // stream can start after the job completed, and the event is then never seen.
    await waitFor(async () => (await queue.queue.getCompletedCount()) === 1, 50_000);
    const [job] = await queue.queue.getCompleted();
    expect(String(job?.returnvalue)).toBe('42');
    expect(seen).toEqual([21]);
  } finally {
    await worker.close();
  }
}, 60_000);

test('jobs with the same dedupe id collapse while waiting', async () => {
  await queue.add([
    { name: 'company', data: { n: 1 }, dedupeId: 'company:X' },
    { name: 'company', data: { n: 2 }, dedupeId: 'company:X' },
    { name: 'company', data: { n: 3 }, dedupeId: 'company:Y' },
  ]);
  expect(await queue.queue.getWaitingCount()).toBe(2);
  await queue.queue.drain();
});
