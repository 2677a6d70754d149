/** A dedupe id collapses jobs only while they wait: a request made while one runs is queued and runs after it. */
import { afterAll, expect, inject, test } from 'vitest';
import { BullQueue, startBullWorker } from '../../lib/queue/bullmq.js';
import { uniqueName } from '../support/db.js';
import { waitFor } from '../support/wait.js';

const settings = { redisUrl: inject('services').REDIS_URL, prefix: uniqueName('lac-test') };
const queue = new BullQueue<{ n: number }>('dedupe', settings);

afterAll(async () => {
  await queue.queue.obliterate({ force: true });
  await queue.close();
});

test('a request during a run is not lost', async () => {
  const ran: number[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const worker = startBullWorker<{ n: number }, void>('dedupe', settings, async (job) => {
    ran.push(job.data.n);
    if (job.data.n === 1) await gate;
  });
  try {
    await queue.add([{ name: 'wake', data: { n: 1 }, dedupeId: 'wake' }]);
    await waitFor(async () => ran.length === 1);
    // The first job is running: these collapse into one waiting job, which must not be dropped.
    await queue.add([{ name: 'wake', data: { n: 2 }, dedupeId: 'wake' }]);
    await queue.add([{ name: 'wake', data: { n: 3 }, dedupeId: 'wake' }]);
    release();
    await waitFor(async () => ran.length === 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(ran).toEqual([1, 2]);
  } finally {
    await worker.close();
  }
});
