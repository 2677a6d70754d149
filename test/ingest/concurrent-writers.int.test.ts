/**
 * Two transactions storing overlapping batches at once (two partitions or two processes: the
 * same message, or the same SED version under another message). A batch reads the stored state,
 * then COPYs; the second writer's COPY waits for the first and fails on the unique key once it
 * commits, and the batch is redone from a fresh read inside the same transaction. The result must
 * be what storing the two batches one after the other gives, with no error reaching the caller.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { storeBatch } from '../../lib/ingest/store-batch.js';
import { createLogger } from '../../lib/log/logger.js';
import { prepareMessage } from '../../core/ingest/prepare.js';
import type { PreparedMessage } from '../../core/ingest/types.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { fingerprint } from '../support/fingerprint.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { waitFor } from '../support/wait.js';

const limits = { maxBytes: 5 * 1024 * 1024, maxDepth: 64 };
const corpus = corpusMessages({ seed: 11, seds: 120, declarations: 30, certificates: 40, badRate: 0.05, duplicateRate: 0, newVersionRate: 0.1 });
const prepared = corpus.map((m) => prepareMessage(asSourceMessage(m), limits));
const firstSed = corpus.findIndex((m) => m.topic === 'sed' && m.expect.kind === 'valid');
// The same SED version under another identity (other bytes: a trailing newline): a version duplicate.
const original = asSourceMessage(corpus[firstSed]!);
const twin = prepareMessage({ ...original, body: Buffer.concat([original.body, Buffer.from('\n')]) }, limits);
const half = Math.floor(prepared.length / 2);
const x: PreparedMessage[] = prepared.slice(0, half + 20);
const y: PreparedMessage[] = [twin, ...prepared.slice(half)];

let serial: TestDatabase;
let racing: TestDatabase;
beforeAll(async () => {
  [serial, racing] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(async () => {
  await Promise.all([serial.drop(), racing.drop()]);
});

test('a batch that meets a concurrent writer of the same rows is redone and stores what a serial run stores', async () => {
  expect(twin.outcome.type).toBe('sed');
  const ingestor = new Ingestor({ pool: serial.pool, limits, logger: createLogger({ level: 'silent' }) });
  await ingestor.store(x);
  await ingestor.store(y);

  const first = await racing.pool.connect();
  const second = await racing.pool.connect();
  try {
    await first.query('BEGIN');
    await storeBatch(first, x);
    await second.query('BEGIN');
    const secondPid = (await second.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    const racingStore = storeBatch(second, y);
    racingStore.catch(() => undefined);
    // The second writer read the state without the first one's rows and now waits on its keys.
    await waitFor(async () => {
      const r = await racing.pool.query<{ waiting: boolean }>("SELECT wait_event_type = 'Lock' AS waiting FROM pg_stat_activity WHERE pid = $1", [secondPid]);
      return r.rows[0]?.waiting === true;
    }, 20_000);
    await first.query('COMMIT');
    const summary = await racingStore;
    await second.query('COMMIT');
    // Redone from a fresh read: the overlap counts as already stored, the twin as a version duplicate.
    const inX = new Set(x.map((p) => p.hash.toString('hex')));
    expect(summary.duplicates).toBe(y.length - new Set(y.map((p) => p.hash.toString('hex')).filter((h) => !inX.has(h))).size);
    expect(summary.versionDuplicates).toBeGreaterThanOrEqual(1);
  } finally {
    first.release();
    second.release();
  }
  expect(await fingerprint(racing.pool)).toEqual(await fingerprint(serial.pool));
});
