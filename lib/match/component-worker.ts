/**
 * Worker thread of the component pool: runs the pure `runSnapshotChunk` on the chunks it receives
 * and posts the results back. No I/O, no state.
 */
import { parentPort } from 'node:worker_threads';
import { runSnapshotChunk } from './snapshot-chunk.js';
import type { ComponentJob } from './component-pool.js';

const port = parentPort;
if (port === null) throw new Error('component-worker must run in a worker thread');
port.on('message', (job: ComponentJob) => {
  try {
    port.postMessage({ id: job.id, result: runSnapshotChunk(job.json) });
  } catch (err) {
    port.postMessage({ id: job.id, error: (err as Error).stack ?? String(err) });
  }
});
