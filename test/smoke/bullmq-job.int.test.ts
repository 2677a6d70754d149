/** Wiring smoke test: a job enqueued through our BullMQ adapter is processed by a worker on the real Redis. */
import { afterAll, expect, inject, test } from 'vitest';
import { QueueEvents } from 'bullmq';
import { BullQueue, startBullWorker } from '../../lib/queue/bullmq.js';
import { uniqueName } from '../support/db.js';

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
  const events = new QueueEvents('smoke', { connection: { url: redisUrl }, prefix });
  await events.waitUntilReady();
  const done = new Promise<string>((resolve) => events.on('completed', ({ returnvalue }) => resolve(String(returnvalue))));

  await queue.add([{ name: 'double', data: { n: 21 } }]);
  expect(await done).toBe('42');
  expect(seen).toEqual([21]);

  await events.close();
  await worker.close();
});

test('jobs with the same dedupe id collapse while waiting', async () => {
  await queue.add([
    { name: 'company', data: { n: 1 }, dedupeId: 'company:X' },
    { name: 'company', data: { n: 2 }, dedupeId: 'company:X' },
    { name: 'company', data: { n: 3 }, dedupeId: 'company:Y' },
  ]);
  expect(await queue.queue.getWaitingCount()).toBe(2);
  await queue.queue.drain();
});
