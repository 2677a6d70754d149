/**
 * A service starting while PostgreSQL is down waits for it (lib/ops/startup-retry.ts through
 * migrateAtStartup): on a port where nothing listens it retries with backoff and gives up with a
 * typed error after the timeout; when a real server appears on that port after a delay (a TCP
 * proxy this test opens late) the migration goes through. Each attempt is logged at warn with the
 * error code only.
 */
import net from 'node:net';
import { afterAll, expect, inject, test } from 'vitest';
import pg from 'pg';
import { migrateAtStartup, quoteIdent } from '../../lib/db/migrate.js';
import { createLogger } from '../../lib/log/logger.js';
import { StartupTimeoutError } from '../../lib/ops/startup-retry.js';
import { uniqueName } from '../support/db.js';

const servicesUrl = new URL(inject('services').DATABASE_URL);
const PASSWORD = 'sekret-pw-7731';
const schemas: string[] = [];
const servers: net.Server[] = [];

afterAll(async () => {
  for (const s of servers) await new Promise((resolve) => s.close(resolve));
  const c = new pg.Client({ connectionString: servicesUrl.toString() });
  await c.connect();
  for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(s)} CASCADE`);
  await c.end();
});

interface LogLine {
  level: string;
  msg: string;
  dependency?: string;
  attempt?: number;
  code?: string;
  retryInMs?: number;
}

function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: LogLine[]; text: () => string } {
  const raw: string[] = [];
  const logger = createLogger({ level: 'debug', name: 'startup-test', destination: { write: (s: string) => void raw.push(s) } });
  return {
    logger,
    get lines() {
      return raw.map((l) => JSON.parse(l) as LogLine);
    },
    text: () => raw.join(''),
  };
}

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** Starts forwarding `port` to the real PostgreSQL. */
async function openProxy(port: number): Promise<void> {
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(servicesUrl.port || 5432), servicesUrl.hostname);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
}

function urlVia(port: number, database = servicesUrl.pathname.slice(1)): string {
  const u = new URL(servicesUrl.toString());
  u.host = `127.0.0.1:${port}`;
  u.password = PASSWORD; // trust authentication ignores it; it must not show up in logs or errors
  u.pathname = `/${database}`;
  return u.toString();
}

test('nothing listening for the whole wait: retried with backoff, then StartupTimeoutError with the last code', async () => {
  const port = await freePort();
  const log = capturingLogger();
  const started = Date.now();
  const error = await migrateAtStartup(urlVia(port), uniqueName('t'), { timeoutMs: 1500, logger: log.logger }).catch((err: unknown) => err);
  const elapsed = Date.now() - started;

  expect(error).toBeInstanceOf(StartupTimeoutError);
  const e = error as StartupTimeoutError;
  expect(e.code).toBe('STARTUP_TIMEOUT');
  expect(e.dependency).toBe('postgres');
  expect(e.lastErrorCode).toBe('ECONNREFUSED');
  expect(e.message).toContain('LAC_STARTUP_TIMEOUT_MS');
  expect(elapsed).toBeGreaterThanOrEqual(1500);
  expect(elapsed).toBeLessThan(15_000);
  // Waits of 250, 500, then what is left of the 1.5 s: four attempts on an idle machine.
  expect(e.attempts).toBeGreaterThanOrEqual(3);
  expect(e.attempts).toBeLessThanOrEqual(6);
  const warns = log.lines.filter((l) => l.msg === 'dependency unreachable at start-up; retrying');
  const expected = Array.from({ length: e.attempts - 1 }, (_, i) => ['warn', 'postgres', i + 1, 'ECONNREFUSED']);
  expect(warns.map((l) => [l.level, l.dependency, l.attempt, l.code])).toEqual(expected);
  expect(warns[0]?.retryInMs).toBe(250);
  warns.forEach((l, i) => expect(l.retryInMs).toBeLessThanOrEqual(250 * 2 ** i));
  for (const secret of [PASSWORD, 'postgres://']) {
    expect(log.text()).not.toContain(secret);
    expect(e.message).not.toContain(secret);
  }
});

test('PostgreSQL reachable only after a delay: the migration waits for it and succeeds', async () => {
  const port = await freePort();
  const schema = uniqueName('t');
  schemas.push(schema);
  const log = capturingLogger();
  const opened = new Promise<number>((resolve, reject) => {
    setTimeout(() => openProxy(port).then(() => resolve(Date.now()), reject), 1500);
  });
  const result = await migrateAtStartup(urlVia(port), schema, { timeoutMs: 60_000, logger: log.logger });
  const finished = Date.now();

  expect(finished).toBeGreaterThanOrEqual(await opened);
  expect(result.applied).toBeGreaterThan(0);
  expect(result.applied).toBe(result.total);
  const warns = log.lines.filter((l) => l.level === 'warn');
  expect(warns.length).toBeGreaterThanOrEqual(2);
  expect(new Set(warns.map((l) => l.code))).toEqual(new Set(['ECONNREFUSED']));
  expect(log.text()).not.toContain(PASSWORD);

  const c = new pg.Client({ connectionString: servicesUrl.toString() });
  await c.connect();
  const tables = await c.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [schema, 'certificate_events']);
  await c.end();
  expect(tables.rowCount).toBe(1);
});

test('an error waiting cannot fix (no such database) stops at once, without retries', async () => {
  const log = capturingLogger();
  const started = Date.now();
  const error = await migrateAtStartup(urlVia(Number(servicesUrl.port || 5432), 'lac_no_such_database'), uniqueName('t'), { timeoutMs: 60_000, logger: log.logger }).catch(
    (err: unknown) => err,
  );
  expect(error).not.toBeInstanceOf(StartupTimeoutError);
  expect((error as { code?: string }).code).toBe('3D000');
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(log.lines.filter((l) => l.level === 'warn')).toEqual([]);
});
