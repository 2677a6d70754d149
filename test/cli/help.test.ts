/** Every command of the contract is there with --help; configuration errors stop a command with a one-line reason. */
import type { Command } from 'commander';
import { expect, test } from 'vitest';
import { buildProgram } from '../../cli/program.js';
import { runLac } from '../support/cli.js';

/** Spawning tsx can take long on a loaded machine. */
const SPAWN_TIMEOUT = 120_000;

const CONTRACT_COMMANDS = ['demo', 'migrate', 'replay', 'ingest', 'matcher', 'risk', 'api', 'reprocess', 'match', 'score', 'export', 'verify', 'dlq', 'status'];

test('top-level help lists every contract command and the configuration variables', async () => {
  const r = await runLac(['--help']);
  expect(r.code).toBe(0);
  for (const c of CONTRACT_COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
  expect(r.stdout).toContain('DATABASE_URL');
  expect(r.stdout).toContain('KAFKA_BROKERS');
  expect(r.stdout).toContain('LAC_API_KEYS');
}, SPAWN_TIMEOUT);

test.each(CONTRACT_COMMANDS)('lac %s has a description and usage', (name) => {
  const command = buildProgram().commands.find((c: Command) => c.name() === name);
  expect(command, name).toBeDefined();
  expect(command?.description().length).toBeGreaterThan(10);
  expect(command?.helpInformation()).toContain(`Usage: lac ${name}`);
});

test('a subcommand --help exits 0', async () => {
  const r = await runLac(['replay', '--help']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('--to <target>');
}, SPAWN_TIMEOUT);

test('lac api without keys refuses to start, naming the variable', async () => {
  const r = await runLac(['api'], { DATABASE_URL: 'postgres://127.0.0.1:1/none' });
  expect(r.code).toBe(1);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^lac: LAC_API_KEYS: is not set/);
}, SPAWN_TIMEOUT);

test('a bad environment variable stops the command with a message naming it', async () => {
  const r = await runLac(['migrate'], { DATABASE_URL: 'mysql://nope' });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^lac: DATABASE_URL: /);
}, SPAWN_TIMEOUT);

test('migrate without DATABASE_URL says which variable to set', async () => {
  const r = await runLac(['migrate']);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('DATABASE_URL: is not set');
}, SPAWN_TIMEOUT);
