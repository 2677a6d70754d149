/**
 * `--pseudonymise` exports on the real PostgreSQL: two separate processes with the same secret
 * write byte-identical exports, another secret writes other pseudonyms, no clear name or PIN of the
 * corpus is in them, and without LAC_PSEUDONYM_SECRET the command stops naming the variable.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { createLogger } from '../../lib/log/logger.js';
import { runMatch } from '../../lib/match/run-match.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { runLac } from '../support/cli.js';

const logger = createLogger({ level: 'silent' });
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const corpus = corpusMessages({ seed: 515, seds: 200, declarations: 60, certificates: 80 });
  await new Ingestor({ pool: db.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger }).ingest(corpus.map((m) => asSourceMessage(m)));
  await runMatch(db.pool, { logger, all: true });
}, 300_000);
afterAll(async () => {
  await db?.drop();
});

const exportWith = async (what: string, secret: string | null): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  runLac(['export', what, '--format', 'jsonl', '--pseudonymise'], { ...db.env, ...(secret === null ? {} : { LAC_PSEUDONYM_SECRET: secret }) });

test('the same secret gives identical exports across processes; another secret other pseudonyms', async () => {
  const [a, b, other] = await Promise.all([exportWith('seds', 'first-secret-0123456789'), exportWith('seds', 'first-secret-0123456789'), exportWith('seds', 'second-secret-9876543210')]);
  for (const r of [a, b, other]) expect(r.code, r.stderr).toBe(0);
  expect(a.stdout.split('\n').length).toBeGreaterThan(150);
  expect(b.stdout).toBe(a.stdout);
  expect(other.stdout).not.toBe(a.stdout);
  const names = (s: string): string[] => s.trim().split('\n').map((l) => (JSON.parse(l) as { person: { familyName: string | null } | null }).person?.familyName ?? '').filter((n) => n !== '');
  const na = names(a.stdout);
  const no = names(other.stdout);
  expect(na.every((n) => /^p_[0-9a-f]{16}$/.test(n))).toBe(true);
  expect(na.filter((n, i) => n === no[i])).toEqual([]);

  const clear = await db.pool.query<{ v: string }>(
    "SELECT DISTINCT v FROM (SELECT family_name AS v FROM seds UNION SELECT pin FROM sed_pins UNION SELECT to_char(birth_date, 'YYYY-MM-DD') FROM seds) x WHERE length(v) >= 5",
  );
  expect(clear.rows.length).toBeGreaterThan(100);
  const text = a.stdout.split('\n').map((l) => JSON.stringify((JSON.parse(l || 'null') as { person?: unknown } | null)?.person ?? null)).join('\n');
  expect(clear.rows.map((r) => r.v).filter((v) => text.includes(v))).toEqual([]);
});

test('the matches export pseudonymises person keys the same way in every process', async () => {
  const [a, b] = await Promise.all([exportWith('matches', 'k-0123456789abcdef'), exportWith('matches', 'k-0123456789abcdef')]);
  expect(a.code, a.stderr).toBe(0);
  expect(a.stdout.length).toBeGreaterThan(100);
  expect(b.stdout).toBe(a.stdout);
});

test('without LAC_PSEUDONYM_SECRET the export stops before writing, naming the variable', async () => {
  const r = await exportWith('seds', null);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^lac: LAC_PSEUDONYM_SECRET: is not set/);
});
