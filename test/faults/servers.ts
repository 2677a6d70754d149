/**
 * The fault suite's own PostgreSQL, Redis and Kafka broker, on free ports with state in a
 * temporary directory, so it can kill and restart them without touching the shared servers
 * that other test runs use. Each is torn down at the end.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { PACKAGE_ROOT } from '../../lib/paths.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: not ready within ${timeoutMs} ms`);
}

function alive(child: ChildProcess | null): child is ChildProcess {
  return child !== null && child.exitCode === null && child.signalCode === null;
}

async function stopChild(child: ChildProcess | null, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (!alive(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export interface Server {
  readonly name: 'postgres' | 'redis' | 'kafka';
  start(): Promise<void>;
  /** Stops the server abruptly (as a crash or an operator restart would) and starts it again. */
  restart(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

// --- PostgreSQL ----------------------------------------------------------------------------------

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const candidates = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of candidates) {
    const dir = path.join(root, v, 'bin');
    if (fs.existsSync(path.join(dir, 'pg_ctl'))) return dir;
  }
  const which = spawnSync('sh', ['-c', 'dirname "$(command -v pg_ctl)"'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim() !== '' && which.stdout.trim() !== '.') return which.stdout.trim();
  throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found: install the postgresql package');
}

export class OwnPostgres implements Server {
  readonly name = 'postgres' as const;
  private readonly bin = postgresBin();
  private readonly dataDir: string;
  private readonly logFile: string;
  /** initdb refuses to run as root: as root, PostgreSQL runs as the `postgres` user. */
  private readonly asPostgresUser = process.getuid?.() === 0;

  constructor(
    private readonly dir: string,
    readonly port: number,
  ) {
    this.dataDir = path.join(dir, 'pg');
    this.logFile = path.join(dir, 'pg.log');
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private run(cmd: string, args: string[]): void {
    const full = this.asPostgresUser ? ['runuser', ['-u', 'postgres', '--', path.join(this.bin, cmd), ...args]] as const : [path.join(this.bin, cmd), args] as const;
    const r = spawnSync(full[0], [...full[1]], { encoding: 'utf8', cwd: '/' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  }

  async init(): Promise<void> {
    fs.mkdirSync(this.dataDir, { recursive: true });
    if (this.asPostgresUser) {
      spawnSync('chown', ['-R', 'postgres:postgres', this.dir]);
      fs.chmodSync(this.dir, 0o755);
    }
    this.run('initdb', ['-D', this.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    await this.start();
  }

  async start(): Promise<void> {
    // fsync off: a crash of the *server* is simulated by `-m immediate`, which still recovers from WAL.
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c shared_buffers=128MB`;
    this.run('pg_ctl', ['-D', this.dataDir, '-l', this.logFile, '-o', opts, '-w', '-t', '120', 'start']);
    await until('postgres', async () => {
      const c = new pg.Client({ connectionString: this.url });
      await c.connect();
      await c.end();
      return true;
    }, 60_000);
  }

  async restart(downMs: number): Promise<void> {
    // immediate: no checkpoint, clients cut off, crash recovery on start.
    this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
    await new Promise((r) => setTimeout(r, downMs));
    await this.start();
  }

  async stop(): Promise<void> {
    try {
      this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // not running
    }
  }
}

// --- Redis ---------------------------------------------------------------------------------------

export class OwnRedis implements Server {
  readonly name = 'redis' as const;
  private child: ChildProcess | null = null;

  constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const dataDir = path.join(this.dir, 'redis');
    fs.mkdirSync(dataDir, { recursive: true });
    // Append-only file: queued jobs survive a restart, as a BullMQ deployment should be set up.
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', dataDir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec'], {
      stdio: ['ignore', fs.openSync(path.join(this.dir, 'redis.log'), 'a'), fs.openSync(path.join(this.dir, 'redis.log'), 'a')],
    });
    await until('redis', () => new Promise((resolve) => {
      const s = net.connect(this.port, '127.0.0.1');
      s.once('connect', () => {
        s.write('PING\r\n');
        s.once('data', (d) => {
          s.destroy();
          resolve(d.toString().startsWith('+PONG'));
        });
      });
      s.once('error', () => resolve(false));
    }), 30_000);
  }

  async restart(downMs: number): Promise<void> {
    await stopChild(this.child, 'SIGTERM', 10_000);
    await new Promise((r) => setTimeout(r, downMs));
    await this.start();
  }

  async stop(): Promise<void> {
    await stopChild(this.child, 'SIGTERM', 10_000);
  }
}

// --- Kafka ---------------------------------------------------------------------------------------

export class OwnKafka implements Server {
  readonly name = 'kafka' as const;
  private child: ChildProcess | null = null;
  private readonly stateDir: string;
  private readonly props: string;
  private readonly lib = path.join(PACKAGE_ROOT, 'scripts', 'kafka', 'lib');

  constructor(
    dir: string,
    readonly port: number,
    private readonly controllerPort: number,
  ) {
    this.stateDir = path.join(dir, 'kafka');
    this.props = path.join(this.stateDir, 'server.properties');
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  private java(args: string[], stdio: 'pipe' | 'log'): ChildProcess {
    const log = path.join(this.stateDir, 'server.log');
    return spawn('java', ['-Xms128m', '-Xmx512m', '-XX:+UseG1GC', '-Djava.awt.headless=true', `-Dlog4j2.configurationFile=${path.join(this.stateDir, 'log4j2.properties')}`, '-cp', `${this.lib}/*`, ...args], {
      stdio: stdio === 'pipe' ? ['ignore', 'pipe', 'pipe'] : ['ignore', fs.openSync(log, 'a'), fs.openSync(log, 'a')],
    });
  }

  /** Writes the broker config (shared settings from scripts/kafka/broker.properties) and formats the storage. */
  async init(): Promise<void> {
    if (!fs.existsSync(this.lib) || !fs.readdirSync(this.lib).some((f) => f.startsWith('kafka_2.13-'))) {
      throw new Error('Kafka jars missing in scripts/kafka/lib: run `bash scripts/kafka.sh start` once to fetch them');
    }
    fs.mkdirSync(path.join(this.stateDir, 'data'), { recursive: true });
    const shared = fs.readFileSync(path.join(PACKAGE_ROOT, 'scripts', 'kafka', 'broker.properties'), 'utf8');
    fs.writeFileSync(
      this.props,
      [
        shared,
        `listeners=PLAINTEXT://127.0.0.1:${this.port},CONTROLLER://127.0.0.1:${this.controllerPort}`,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${this.port}`,
        `controller.quorum.voters=1@127.0.0.1:${this.controllerPort}`,
        `log.dirs=${path.join(this.stateDir, 'data')}`,
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(this.stateDir, 'log4j2.properties'),
      ['status = warn', 'appender.out.type = Console', 'appender.out.name = STDOUT', 'appender.out.layout.type = PatternLayout',
        'appender.out.layout.pattern = [%d] %p %m (%c)%n', 'rootLogger.level = warn', 'rootLogger.appenderRef.out.ref = STDOUT', ''].join('\n'),
    );
    // A cluster id is 16 random bytes in base64url; one starting with '-' reads as an option to
    // kafka-storage's argument parser (Kafka's own generator skips those too).
    let clusterId = randomBytes(16).toString('base64url');
    while (clusterId.startsWith('-')) clusterId = randomBytes(16).toString('base64url');
    const format = this.java(['kafka.tools.StorageTool', 'format', '--ignore-formatted', '-t', clusterId, '-c', this.props], 'pipe');
    let out = '';
    format.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    format.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => format.on('exit', (c) => resolve(c)));
    if (code !== 0) throw new Error(`formatting the Kafka storage failed: ${out}`);
    await this.start();
  }

  async start(): Promise<void> {
    this.child = this.java(['kafka.Kafka', this.props], 'log');
    const child = this.child;
    const kafka = new Kafka({ clientId: 'faults-ready', brokers: [this.brokers], logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    await until('kafka', async () => {
      if (!alive(child)) throw new Error('the Kafka broker exited during start-up (see kafka/server.log)');
      const admin = kafka.admin();
      await admin.connect();
      try {
        await admin.listTopics();
        // The group coordinator must answer too, or consumers fail their first join.
        await admin.describeGroups(['faults-ready']);
      } finally {
        await admin.disconnect();
      }
      return true;
    }, 180_000);
  }

  async restart(downMs: number): Promise<void> {
    await stopChild(this.child, 'SIGTERM', 30_000);
    await new Promise((r) => setTimeout(r, downMs));
    await this.start();
  }

  async stop(): Promise<void> {
    await stopChild(this.child, 'SIGTERM', 30_000);
  }
}
