/**
 * A service started while PostgreSQL is down waits LAC_STARTUP_TIMEOUT_MS for it, logging each
 * attempt at warn with the error code, then exits 1 with a one-line reason (a real `lac matcher`
 * process; the database is a closed port, so this needs no server).
 */
import { expect, test } from 'vitest';
import { runLac } from '../support/cli.js';

const SPAWN_TIMEOUT = 120_000;

test('lac matcher with PostgreSQL down: waits, logs each attempt, then exits 1 with STARTUP_TIMEOUT', { timeout: SPAWN_TIMEOUT }, async () => {
  const r = await runLac(['matcher'], {
    DATABASE_URL: 'postgres://lac:sekret-pw@127.0.0.1:1/lac',
    REDIS_URL: 'redis://127.0.0.1:1',
    LAC_STARTUP_TIMEOUT_MS: '1500',
    LAC_LOG_FORMAT: 'json',
  });
  expect(r.code, r.stderr).toBe(1);
  const lines = r.stderr.trim().split('\n');
  const last = lines.pop() ?? '';
  expect(last).toMatch(/^lac: postgres still unreachable after \d+ s and \d+ attempt\(s\) at start-up \(last error ECONNREFUSED\); LAC_STARTUP_TIMEOUT_MS/);
  const logged = lines.map((l) => JSON.parse(l) as { level: string; code?: string; attempt?: number; msg: string });
  expect(logged.length).toBeGreaterThanOrEqual(2);
  for (const [i, l] of logged.entries()) {
    expect(l).toMatchObject({ level: 'warn', code: 'ECONNREFUSED', attempt: i + 1, msg: 'dependency unreachable at start-up; retrying' });
  }
  expect(r.stderr).not.toContain('sekret-pw');
});
