/** Ingesting with parse workers stores exactly what inline parsing stores, and replaying it changes nothing. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { createLogger } from '../../lib/log/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { fingerprint } from '../support/fingerprint.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';

const logger = createLogger({ level: 'silent' });
const limits = { maxBytes: 5 * 1024 * 1024, maxDepth: 64 };
const corpus = corpusMessages({ seed: 33, seds: 500, declarations: 120, certificates: 160, badRate: 0.04, duplicateRate: 0.05, newVersionRate: 0.1 });
let inline: TestDatabase;
let pooled: TestDatabase;

beforeAll(async () => {
  [inline, pooled] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(async () => {
  await Promise.all([inline.drop(), pooled.drop()]);
});

async function ingestAll(ingestor: Ingestor): Promise<void> {
  for (let i = 0; i < corpus.length; i += 200) await ingestor.ingest(corpus.slice(i, i + 200).map((m) => asSourceMessage(m)));
}

test('same stored state with 2 parse workers as inline; a replay changes nothing', async () => {
  await ingestAll(new Ingestor({ pool: inline.pool, limits, logger }));
  const workers = new Ingestor({ pool: pooled.pool, limits, logger, prepareWorkers: 2 });
  try {
    await ingestAll(workers);
    const expected = await fingerprint(inline.pool);
    expect(await fingerprint(pooled.pool)).toEqual(expected);
    await ingestAll(workers);
    expect(await fingerprint(pooled.pool)).toEqual(expected);
  } finally {
    await workers.close();
  }
}, 240_000);
