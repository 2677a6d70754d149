/**
 * Worker thread of the prepare pool: runs the pure `prepareMessage` on chunks of messages it
 * receives and posts the results back, in order. No I/O, no state besides the limits.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareMessage, type PrepareLimits } from '../../core/ingest/prepare.js';
import type { PreparedMessage } from '../../core/ingest/types.js';
import type { PrepareJob } from './prepare-pool.js';

const limits = (workerData as { limits: PrepareLimits }).limits;
const port = parentPort;
if (port === null) throw new Error('prepare-worker must run in a worker thread');
port.on('message', (job: PrepareJob) => {
  const prepared = job.messages.map((m) => {
    const body = Buffer.from(job.bodies, m.start, m.end - m.start);
    const p = prepareMessage({ source: m.source, topic: m.topic, partition: m.partition, offset: m.offset, key: m.key, headers: m.headers, body }, limits);
    // The pool puts the original message back: sending the bytes back would only copy them.
    return { hash: p.hash, kind: p.kind, outcome: p.outcome } satisfies Omit<PreparedMessage, 'message'>;
  });
  port.postMessage({ id: job.id, prepared });
});
