/**
 * Binary COPY staging on the real PostgreSQL: every type round-trips exactly (NULLs, empty
 * strings, non-ASCII text, tabs and newlines, arbitrary bytes, 64-bit integers), and the
 * staging table is private to its session and empty after commit.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { withTransaction } from '../../lib/db/pool.js';
import { copyIntoStaging, type CopyValue, type StagingTable } from '../../lib/ingest/copy-binary.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  await db.drop();
});

const table: StagingTable = {
  name: 'stage_copy_test',
  columns: [['n', 'int4'], ['big', 'int8'], ['t', 'text'], ['b', 'bytea'], ['f', 'bool']],
};

const rows: CopyValue[][] = [
  [1, '9007199254740993', 'Łódź "quoted" \\ back\tslash\nnew line', Buffer.from([0, 1, 2, 255, 92, 10]), true],
  [-2, null, '', Buffer.alloc(0), false],
  [null, 0, null, null, null],
  [2147483647, '-9223372036854775808', 'Ελληνικά 日本語 🙂', Buffer.from('<xml/>'), true],
];

test('values round-trip exactly through binary COPY', async () => {
  const got = await withTransaction(db.pool, async (client) => {
    await copyIntoStaging(client, table, rows);
    const r = await client.query<{ n: number | null; big: string | null; t: string | null; b: Buffer | null; f: boolean | null }>(`SELECT n, big, t, b, f FROM ${table.name}`);
    return r.rows;
  });
  expect(got).toEqual([
    { n: 1, big: '9007199254740993', t: rows[0]![2], b: rows[0]![3], f: true },
    { n: -2, big: null, t: '', b: Buffer.alloc(0), f: false },
    { n: null, big: '0', t: null, b: null, f: null },
    { n: 2147483647, big: '-9223372036854775808', t: rows[3]![2], b: Buffer.from('<xml/>'), f: true },
  ]);
});

test('the staging table is empty after commit and a second copy in one transaction replaces the first', async () => {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await copyIntoStaging(client, table, rows);
    await copyIntoStaging(client, table, rows.slice(0, 1));
    expect((await client.query(`SELECT count(*)::int AS n FROM ${table.name}`)).rows[0]).toEqual({ n: 1 });
    await client.query('COMMIT');
    expect((await client.query(`SELECT count(*)::int AS n FROM ${table.name}`)).rows[0]).toEqual({ n: 0 });
    // A rolled-back first use rolls back the table's creation too: the next use creates it again.
    await client.query('BEGIN');
    await client.query(`DROP TABLE ${table.name}`);
    await client.query('COMMIT');
    await client.query('BEGIN');
    await copyIntoStaging(client, table, rows);
    await client.query('ROLLBACK');
    await client.query('BEGIN');
    await copyIntoStaging(client, table, rows.slice(1, 2));
    expect((await client.query(`SELECT count(*)::int AS n FROM ${table.name}`)).rows[0]).toEqual({ n: 1 });
    await client.query('COMMIT');
  } finally {
    client.release();
  }
});
