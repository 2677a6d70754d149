/**
 * drizzle's migrator applies only migrations whose journal timestamp is later than the last
 * one applied: a migration with an earlier `when` would be skipped silently. Guard it here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../lib/paths.js';

interface Journal {
  entries: Array<{ idx: number; when: number; tag: string; breakpoints: boolean }>;
}

const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as Journal;

test('journal timestamps strictly increase', () => {
  for (let i = 1; i < journal.entries.length; i++) {
    const prev = journal.entries[i - 1];
    const cur = journal.entries[i];
    expect(cur?.when, `${cur?.tag} must be later than ${prev?.tag}`).toBeGreaterThan(prev?.when ?? Infinity);
  }
});

test('entries are numbered in order and each names an existing SQL file', () => {
  journal.entries.forEach((e, i) => {
    expect(e.idx).toBe(i);
    expect(e.tag.startsWith(String(i).padStart(4, '0'))).toBe(true);
    expect(fs.existsSync(path.join(MIGRATIONS_FOLDER, `${e.tag}.sql`))).toBe(true);
  });
});

test('every SQL file in migrations/ is in the journal', () => {
  const files = fs.readdirSync(MIGRATIONS_FOLDER).filter((f) => f.endsWith('.sql')).map((f) => f.replace(/\.sql$/, ''));
  expect(files.sort()).toEqual(journal.entries.map((e) => e.tag).sort());
});
