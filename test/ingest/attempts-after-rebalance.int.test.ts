/**
 * Crash-loop protection must tell a crash from a rebalance. A batch whose rows committed but whose
 * offsets did not (the partition moved to another process, or the process died between the two
 * commits) comes back as a plain batch of duplicates; only a batch whose transaction never
 * committed counts as an attempt that died, and is redone in blocks.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DeliveryAttempts, type AttemptHandlers } from '../../lib/ingest/delivery-attempts.js';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { createLogger } from '../../lib/log/logger.js';
import { toSourceMessage } from '../../services/ingest/ingest-service.js';
import type { InboundMessage } from '../../lib/transport/types.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { corpusMessages } from '../support/corpus.js';

const logger = createLogger({ level: 'silent' });
const limits = { maxBytes: 5 * 1024 * 1024, maxDepth: 64 };
let db: TestDatabase;
let ingestor: Ingestor;

beforeAll(async () => {
  db = await createTestDatabase();
  ingestor = new Ingestor({ pool: db.pool, limits, logger });
});
afterAll(async () => {
  await db.drop();
});

/** Offsets 60-69 of one partition: two offset-aligned blocks (60-63, 64-69) if redone in blocks. */
function batch(topic: string): InboundMessage[] {
  return corpusMessages({ seed: 9, seds: 10, declarations: 0, certificates: 0 }).slice(0, 10).map((m, i) => ({
    topic, partition: 0, offset: String(60 + i), key: Buffer.from(m.key ?? ''), value: Buffer.from(m.value, 'utf8'), headers: m.headers, timestamp: '0',
  }));
}

/** Handlers that store through the Ingestor (forgetting the attempt in its transaction) and record what they were given. */
function recording(calls: number[][], failBeforeCommit = false): AttemptHandlers {
  return {
    process: async (messages, finish) => {
      calls.push(messages.map((m) => Number(m.offset)));
      await ingestor.ingest(messages.map(toSourceMessage), {
        beforeCommit: failBeforeCommit ? () => Promise.reject(new Error('connection lost')) : finish,
      });
    },
    deadLetter: () => Promise.reject(new Error('not expected')),
    heartbeat: () => Promise.resolve(),
  };
}

function attempts(): DeliveryAttempts {
  return new DeliveryAttempts({ pool: db.pool, groupId: 'g', maxAttempts: 3, logger });
}

test('a batch that committed, redelivered to another process, is handled whole', async () => {
  const messages = batch('rebalanced');
  const first: number[][] = [];
  await attempts().run(messages, recording(first));
  const second: number[][] = [];
  // The offsets were never committed (the partition moved): a new owner gets the same batch.
  await attempts().run(messages, recording(second));
  expect(second).toEqual([messages.map((m) => Number(m.offset))]);
});

test('a batch whose transaction never committed counts as a death and is redone in blocks', async () => {
  const messages = batch('crashed');
  await expect(attempts().run(messages, recording([], true))).rejects.toThrow('connection lost');
  const second: number[][] = [];
  await attempts().run(messages, recording(second));
  expect(second).toEqual([[60, 61, 62, 63], [64, 65, 66, 67, 68, 69]]);
});
