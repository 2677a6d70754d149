/**
 * Migration 0019 turns the per-run score copies (risk_scores) into versions: a database migrated
 * up to 0018 with three runs stored reads every run exactly as before, ranks included, and the
 * next run builds on the latest one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { migrateDatabase } from '../../lib/db/migrate.js';
import { MIGRATIONS_FOLDER } from '../../lib/paths.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
let before0019: string;

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
  // The migrations folder as it stood before 0019.
  before0019 = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-migrations-'));
  fs.cpSync(MIGRATIONS_FOLDER, before0019, { recursive: true });
  fs.rmSync(path.join(before0019, '0019_risk_score_versions.sql'));
  const journalFile = path.join(before0019, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
  journal.entries = journal.entries.filter((e) => e.tag < '0019');
  fs.writeFileSync(journalFile, JSON.stringify(journal));
});
afterAll(async () => {
  await db.drop();
  fs.rmSync(before0019, { recursive: true, force: true });
});

const SCORES = [
  // run, company, score, band
  [1, 'k:a', 30, 'medium'], [1, 'k:b', 70, 'high'], [1, 'k:c', 10, 'low'],
  [2, 'k:a', 30, 'medium'], [2, 'k:b', 20, 'low'],
  [3, 'k:a', 90, 'red'], [3, 'k:b', 20, 'low'], [3, 'k:d', 50, 'medium'],
] as const;

test('every stored run reads the same after the migration, ranks included', async () => {
  await migrateDatabase(db.url, db.schema, before0019);
  for (const run of [1, 2, 3]) {
    await db.pool.query(`INSERT INTO risk_runs (id, ruleset_version, catalogue_version, as_of, finished_at) OVERRIDING SYSTEM VALUE
                         VALUES ($1, 'r', 'c', '2026-06-30', now())`, [run]);
  }
  for (const [run, key, score, band] of SCORES) {
    await db.pool.query(
      `INSERT INTO risk_scores (run_id, company_key, name, score, band, rank, red_flag, contributions, counts, explanation)
       VALUES ($1, $2, upper($2), $3, $4, 0, $5, '[]', '{}', '{}')`,
      [run, key, score, band, band === 'red'],
    );
  }
  await db.pool.query(`UPDATE risk_scores s SET rank = r.rn FROM (SELECT run_id, company_key,
                         row_number() OVER (PARTITION BY run_id ORDER BY score DESC, company_key COLLATE "C") AS rn FROM risk_scores) r
                        WHERE s.run_id = r.run_id AND s.company_key = r.company_key`);
  const read = 'SELECT company_key, name, score, band, rank, red_flag FROM risk_scores WHERE run_id = $1 ORDER BY rank';
  const stored = await Promise.all([1, 2, 3].map(async (run) => (await db.pool.query(read, [run])).rows));

  await migrateDatabase(db.url, db.schema);
  const readRun = 'SELECT company_key, name, score, band, rank, red_flag FROM lac_run_scores($1) ORDER BY rank';
  for (const run of [1, 2, 3]) expect((await db.pool.query(readRun, [run])).rows, `run ${run}`).toEqual(stored[run - 1]);
  // The latest run's rows stay current: a run added after it (nothing changed) reads the same.
  await db.pool.query(`INSERT INTO risk_runs (id, ruleset_version, catalogue_version, as_of, finished_at) OVERRIDING SYSTEM VALUE
                       VALUES (4, 'r', 'c', '2026-07-01', now())`);
  expect((await db.pool.query(readRun, [4])).rows).toEqual(stored[2]);
});
