/**
 * Binary COPY on the real PostgreSQL: every type we encode round-trips exactly (NULLs, empty
 * strings, non-ASCII text, tabs and newlines, arbitrary bytes, 64-bit integers, dates, instants,
 * jsonb), values PostgreSQL would refuse fail as a cast would (SQLSTATE 22007), and a constraint
 * violation fails the COPY with its SQLSTATE (the batch is then redone: store-batch.ts).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { withTransaction } from '../../lib/db/pool.js';
import { copyRows, pgDays, type CopyColumns, type CopyValue } from '../../lib/ingest/copy-binary.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
  await db.pool.query(`CREATE TABLE copy_test (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n integer, big bigint, t text UNIQUE, b bytea, f boolean,
    d date, at timestamptz, j jsonb, filled text NOT NULL DEFAULT 'default')`);
});
afterAll(async () => {
  await db.drop();
});

const columns: CopyColumns = [
  ['id', 'int8'], ['n', 'int4'], ['big', 'int8'], ['t', 'text'], ['b', 'bytea'], ['f', 'bool'], ['d', 'date'], ['at', 'timestamptz'], ['j', 'jsonb'],
];

const rows: CopyValue[][] = [
  [1, 1, '9007199254740993', 'Łódź "quoted" \\ back\tslash\nnew line', Buffer.from([0, 1, 2, 255, 92, 10]), true, '2024-02-29', '2024-03-28T09:00:00.123Z', '{"a":[1,"ü",null],"b":"\\"q\\""}'],
  [2, -2, null, '', Buffer.alloc(0), false, '1850-01-01', '1999-12-31T23:59:59.000Z', '[]'],
  [3, null, 0, null, null, null, null, null, null],
  [4, 2147483647, '-9223372036854775808', 'Ελληνικά 日本語 🙂', Buffer.from('<xml/>'), true, '2200-12-31', '2000-01-01T00:00:00Z', '"text"'],
];

test('values round-trip exactly; the identity takes the id given and unlisted columns their default', async () => {
  await withTransaction(db.pool, (client) => copyRows(client, 'copy_test', columns, rows));
  const got = await db.pool.query(
    "SELECT id::int, n, big, t, b, f, to_char(d, 'YYYY-MM-DD') AS d, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS') AS at, j, filled FROM copy_test ORDER BY id",
  );
  expect(got.rows).toEqual([
    { id: 1, n: 1, big: '9007199254740993', t: rows[0]![3], b: rows[0]![4], f: true, d: '2024-02-29', at: '2024-03-28T09:00:00.123', j: { a: [1, 'ü', null], b: '"q"' }, filled: 'default' },
    { id: 2, n: -2, big: null, t: '', b: Buffer.alloc(0), f: false, d: '1850-01-01', at: '1999-12-31T23:59:59.000', j: [], filled: 'default' },
    { id: 3, n: null, big: '0', t: null, b: null, f: null, d: null, at: null, j: null, filled: 'default' },
    { id: 4, n: 2147483647, big: '-9223372036854775808', t: rows[3]![3], b: Buffer.from('<xml/>'), f: true, d: '2200-12-31', at: '2000-01-01T00:00:00.000', j: 'text', filled: 'default' },
  ]);
});

test('an impossible date or a non-canonical instant is refused before anything is sent', async () => {
  expect(pgDays('2000-01-01')).toBe(0);
  expect(pgDays('0050-06-01')).toBeLessThan(-700_000);
  const refused: Array<[string | null, string | null]> = [['2023-02-29', null], ['2024-13-01', null], ['24-01-01', null], [null, '2024-03-28 09:00:00'], [null, '2024-03-28T09:00:00+01:00']];
  for (const [d, at] of refused) {
    const failure = withTransaction(db.pool, (client) => copyRows(client, 'copy_test', columns, [[100, null, null, null, null, null, d, at, null]]));
    await expect(failure).rejects.toMatchObject({ code: '22007' });
  }
  expect((await db.pool.query('SELECT count(*)::int AS n FROM copy_test WHERE id = 100')).rows[0]).toEqual({ n: 0 });
});

test('a unique violation fails the COPY with its SQLSTATE and leaves the transaction to the caller', async () => {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SAVEPOINT s');
    await expect(copyRows(client, 'copy_test', columns, [[200, null, null, '', null, null, null, null, null]])).rejects.toMatchObject({ code: '23505' });
    await client.query('ROLLBACK TO SAVEPOINT s');
    await copyRows(client, 'copy_test', columns, [[201, null, null, 'fresh', null, null, null, null, null]]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  expect((await db.pool.query('SELECT id::int FROM copy_test WHERE id >= 200')).rows).toEqual([{ id: 201 }]);
});
