/**
 * Commands that hash or check security codes stop at start-up without LAC_VERIFY_SECRET, with a
 * one-line reason naming it, before touching any server (the database here is a closed port);
 * the development opt-in lets them through to the next step.
 */
import { expect, test } from 'vitest';
import { runLac, type CliResult } from '../support/cli.js';

/** Spawning tsx can take long on a loaded machine. */
const SPAWN_TIMEOUT = 120_000;
const NOWHERE = {
  DATABASE_URL: 'postgres://lac:sekret@127.0.0.1:1/none',
  KAFKA_BROKERS: '127.0.0.1:1',
  LAC_API_KEYS: `k1:operator:${'a'.repeat(64)}`,
  // A command that got past the check would fail on the closed port at once, not wait for it.
  LAC_STARTUP_TIMEOUT_MS: '0',
};
const COMMANDS: Array<[string, string[]]> = [
  ['ingest', ['ingest']],
  ['api', ['api', '--port', '0']],
  ['replay --to db', ['replay', '--to', 'db', 'no-such-backlog']],
  ['dlq retry', ['dlq', 'retry']],
  ['verify', ['verify', 'FR-A1-2024-0001234', '7K2Q-9XTD']],
];

function expectOneLine(r: CliResult, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

test.each(COMMANDS)('lac %s without LAC_VERIFY_SECRET: exit 1 naming it and how to generate one', { timeout: SPAWN_TIMEOUT }, async (_name, args) => {
  const r = await runLac(args, NOWHERE);
  expectOneLine(r, /^lac: LAC_VERIFY_SECRET: is not set; .*openssl rand -base64 48.*LAC_ALLOW_GENERATED_SECRETS=1/);
  expect(r.stderr).not.toContain('sekret');
});

test('a LAC_VERIFY_SECRET shorter than 32 bytes is refused the same way', { timeout: SPAWN_TIMEOUT }, async () => {
  const r = await runLac(['ingest'], { ...NOWHERE, LAC_VERIFY_SECRET: 'short' });
  expectOneLine(r, /^lac: LAC_VERIFY_SECRET: is 5 bytes; use at least 32/);
});

test('with the secret, or the development opt-in, the same commands get past the check (to the closed database)', { timeout: SPAWN_TIMEOUT }, async () => {
  const withSecret = await runLac(['ingest'], { ...NOWHERE, LAC_VERIFY_SECRET: 'x'.repeat(48) });
  const optedIn = await runLac(['verify', 'FR-A1-2024-0001234', '7K2Q-9XTD'], { ...NOWHERE, LAC_ALLOW_GENERATED_SECRETS: '1' });
  for (const r of [withSecret, optedIn]) {
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).not.toContain('LAC_VERIFY_SECRET');
    expect(r.stderr).toMatch(/ECONNREFUSED|STARTUP_TIMEOUT|unreachable/);
  }
});
