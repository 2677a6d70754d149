/** Which start-up failures are waited out, and the backoff schedule (lib/ops/startup-retry.ts, lib/db/migrate.ts). */
import { expect, test } from 'vitest';
import { isTransientConnectionError } from '../../lib/db/migrate.js';
import { createLogger } from '../../lib/log/logger.js';
import { backoffDelay, errorCode, retryAtStartup, StartupTimeoutError } from '../../lib/ops/startup-retry.js';

const errno = (code: string): Error => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

test('the wait doubles from 250 ms and is capped at 10 s', () => {
  expect([1, 2, 3, 4, 5, 6, 7, 8, 100].map((n) => backoffDelay(n, 250, 10_000))).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
});

test.each([
  ['ECONNREFUSED', true],
  ['ECONNRESET', true],
  ['ENOTFOUND', true],
  ['57P03', true], // the database system is starting up
  ['08006', true], // connection failure
  ['53300', true], // too many connections
  ['28P01', false], // wrong password
  ['3D000', false], // no such database
  ['42P01', false], // a migration's SQL error
  ['EACCES', false],
])('%s is transient: %s', (code, transient) => {
  expect(isTransientConnectionError(errno(code))).toBe(transient);
});

test('pg errors without a code: a dropped connection is transient, anything else is not', () => {
  expect(isTransientConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
  expect(isTransientConnectionError(new Error('something else'))).toBe(false);
  expect(isTransientConnectionError('ECONNREFUSED')).toBe(false);
});

test('a connection to every address of a host name refused (AggregateError) is transient, and logged by its inner code', () => {
  const both = new AggregateError([errno('ECONNREFUSED'), errno('ECONNREFUSED')], 'connect failed');
  expect(isTransientConnectionError(both)).toBe(true);
  expect(errorCode(both)).toBe('ECONNREFUSED');
  expect(isTransientConnectionError(new AggregateError([errno('ECONNREFUSED'), errno('28P01')]))).toBe(false);
});

test('a timeout of 0 tries once and reports the code', async () => {
  let calls = 0;
  const error = await retryAtStartup({ dependency: 'postgres', timeoutMs: 0, isTransient: () => true, logger: createLogger({ level: 'silent' }) }, async () => {
    calls++;
    throw errno('ECONNREFUSED');
  }).catch((err: unknown) => err);
  expect(calls).toBe(1);
  expect(error).toBeInstanceOf(StartupTimeoutError);
  expect((error as StartupTimeoutError).lastErrorCode).toBe('ECONNREFUSED');
});
