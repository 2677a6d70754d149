import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { runLac } from '../support/cli.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  await db.drop();
});

test('lac migrate applies the migrations once, then nothing', async () => {
  const first = await runLac(['migrate'], db.env);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(/[1-9]\d* migration\(s\) applied/);
  const second = await runLac(['migrate'], db.env);
  expect(second.code).toBe(0);
  expect(second.stdout).toContain(' 0 migration(s) applied');
});

test('lac status reports the database and the consumer lag', async () => {
  await db.pool.query(
    "INSERT INTO raw_messages (message_hash, kind, source, body, byte_size, outcome) VALUES ('\\x01', 'sed', 'test', '\\x00', 1, 'stored'), ('\\x02', 'sed', 'test', '\\x00', 1, 'rejected')",
  );
  const r = await runLac(['status', '--json'], { ...db.env, KAFKA_BROKERS: inject('services').KAFKA_BROKERS });
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout) as { database: { messages: Record<string, number> }; kafka: unknown[] };
  expect(report.database.messages).toEqual({ rejected: 1, stored: 1 });
  expect(Array.isArray(report.kafka)).toBe(true);
});
