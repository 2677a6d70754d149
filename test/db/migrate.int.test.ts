/** Migrations apply into an empty schema, are a no-op the second time, and match the drizzle schema. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { migrateDatabase } from '../../lib/db/migrate.js';
import * as schema from '../../lib/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  await db.drop();
});

test('first run applies every migration, second run applies none', async () => {
  const first = await migrateDatabase(db.url, db.schema);
  expect(first.applied).toBeGreaterThan(0);
  expect(first.applied).toBe(first.total);
  const second = await migrateDatabase(db.url, db.schema);
  expect(second.applied).toBe(0);
  expect(second.total).toBe(first.total);
});

test('concurrent starts serialise on the advisory lock', async () => {
  const results = await Promise.all([migrateDatabase(db.url, db.schema), migrateDatabase(db.url, db.schema)]);
  expect(results.map((r) => r.applied)).toEqual([0, 0]);
});

test('every drizzle table and column exists in the migrated schema with the same nullability', async () => {
  const tables = Object.values(schema as Record<string, unknown>).filter((v): v is PgTable => is(v, PgTable));
  expect(tables.length).toBeGreaterThan(0);
  for (const table of tables) {
    const config = getTableConfig(table);
    const { rows } = await db.pool.query<{ column_name: string; is_nullable: string }>(
      'SELECT column_name, is_nullable FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
      [db.schema, config.name],
    );
    const dbColumns = new Map(rows.map((r) => [r.column_name, r.is_nullable === 'YES']));
    expect(dbColumns.size, `table ${config.name}`).toBeGreaterThan(0);
    for (const col of config.columns) {
      expect(dbColumns.has(col.name), `${config.name}.${col.name}`).toBe(true);
      expect(dbColumns.get(col.name), `${config.name}.${col.name} nullable`).toBe(!col.notNull);
    }
    expect(config.columns.length, `${config.name}: columns in SQL but not in drizzle`).toBe(dbColumns.size);
  }
});

test('every table created by the migrations has a drizzle definition', async () => {
  const defined = new Set(
    Object.values(schema as Record<string, unknown>)
      .filter((v): v is PgTable => is(v, PgTable))
      .map((t) => getTableConfig(t).name),
  );
  const { rows } = await db.pool.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> '__drizzle_migrations'",
    [db.schema],
  );
  expect(rows.map((r) => r.table_name).filter((t) => !defined.has(t))).toEqual([]);
});
