/**
 * A batch larger than the chunk size is parsed in chunks by the workers while earlier chunks are
 * written, all in the batch's one transaction: the stored state is the one inline parsing gives,
 * and a failure before the commit leaves nothing of any chunk.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { createLogger } from '../../lib/log/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { fingerprint } from '../support/fingerprint.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';

const logger = createLogger({ level: 'silent' });
const limits = { maxBytes: 5 * 1024 * 1024, maxDepth: 64 };
const corpus = corpusMessages({ seed: 5, seds: 300, declarations: 60, certificates: 80, badRate: 0.05, duplicateRate: 0.05, newVersionRate: 0.1 }).map((m) => asSourceMessage(m));
let inline: TestDatabase;
let chunked: TestDatabase;
let chunkedIngestor: Ingestor;

beforeAll(async () => {
  [inline, chunked] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  chunkedIngestor = new Ingestor({ pool: chunked.pool, limits, logger, prepareWorkers: 1, chunkSize: 40 });
});
afterAll(async () => {
  await chunkedIngestor.close();
  await Promise.all([inline.drop(), chunked.drop()]);
});

test('batches written chunk by chunk store what inline parsing stores', async () => {
  const reference = new Ingestor({ pool: inline.pool, limits, logger });
  let received = 0;
  for (let i = 0; i < corpus.length; i += 150) {
    await reference.ingest(corpus.slice(i, i + 150));
    received += (await chunkedIngestor.ingest(corpus.slice(i, i + 150))).received;
  }
  expect(received).toBe(corpus.length);
  expect(await fingerprint(chunked.pool)).toEqual(await fingerprint(inline.pool));
});

test('a batch that fails before its commit leaves none of its chunks', async () => {
  const before = await chunked.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM raw_messages');
  const fresh = corpusMessages({ seed: 6, seds: 120, declarations: 0, certificates: 0 }).map((m) => asSourceMessage(m));
  const failing = chunkedIngestor.ingest(fresh, { beforeCommit: () => Promise.reject(new Error('killed before commit')) });
  await expect(failing).rejects.toThrow('killed before commit');
  const after = await chunked.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM raw_messages');
  expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  // The same batch goes through afterwards: nothing was half-written.
  expect((await chunkedIngestor.ingest(fresh)).stored.sed).toBeGreaterThan(100);
});
