/**
 * A Kafka key or header carrying a NUL byte must not fail the batch: PostgreSQL refuses U+0000
 * in text and jsonb, and one failing insert would block the whole partition. The envelope is
 * stored with U+FFFD in its place (the identity hash is of the original bytes) and the message
 * gets its normal outcome.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { createLogger } from '../../lib/log/logger.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

test('NUL in the message key and header values: stored, batch not failed', async () => {
  const [first, second] = corpusMessages({ seed: 5, seds: 2, declarations: 0, certificates: 0 }).map((m) => asSourceMessage(m));
  if (first === undefined || second === undefined) throw new Error('corpus too small');
  const poisoned = { ...first, key: 'case\u0000key', headers: { ...first.headers, 'x-note': 'a\u0000b' } };
  const ingestor = new Ingestor({ pool: db.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger: createLogger({ level: 'silent' }) });
  const summary = await ingestor.ingest([poisoned, second]);
  expect(summary.received).toBe(2);
  const rows = await db.pool.query<{ message_key: string | null; headers: Record<string, string> }>(
    `SELECT message_key, headers FROM raw_messages ORDER BY id`,
  );
  expect(rows.rows).toHaveLength(2);
  expect(rows.rows[0]?.message_key).toBe('case\uFFFDkey');
  expect(rows.rows[0]?.headers['x-note']).toBe('a\uFFFDb');
  await ingestor.close();
});
