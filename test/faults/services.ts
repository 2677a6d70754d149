/**
 * The LAC services under test (`lac ingest`, `lac matcher`, `lac risk`) as child processes whose
 * logs go to files, which the suite kills with SIGKILL and restarts. An exit nobody asked for is
 * recorded: a crash-loop document kills ingest with SIGKILL on purpose (LAC_TEST_CRASH_ON);
 * any other exit (an uncaught error on a lost connection, say) is a failure of the suite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../lib/paths.js';
import { cleanEnv, lacArgs } from '../support/cli.js';

export type ServiceName = 'ingest' | 'matcher' | 'risk';

export interface UnexpectedExit {
  service: ServiceName;
  code: number | null;
  signal: NodeJS.Signals | null;
  at: string;
}

export class ServiceProcess {
  private child: ChildProcess | null = null;
  private expectingExit = false;
  starts = 0;
  kills = 0;
  /** When the current process was started (ms since epoch). */
  startedAt = 0;
  /** SIGKILLs the process gave itself (crash-loop hook). */
  selfKills = 0;
  readonly unexpected: UnexpectedExit[] = [];
  readonly logFile: string;

  constructor(
    readonly name: ServiceName,
    private readonly args: string[],
    private readonly env: Record<string, string>,
    logDir: string,
    /** Restart after an exit nobody asked for (the crash loop needs it to make progress). */
    private readonly autoRestart = true,
  ) {
    this.logFile = path.join(logDir, `${name}.log`);
  }

  /** True once the current process logged that it runs (its start-up, migrations and connections are done). */
  isRunning(): boolean {
    const child = this.child;
    if (child === null || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return false;
    const fd = fs.openSync(this.logFile, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const buf = Buffer.alloc(Math.max(0, size - this.logOffset));
      fs.readSync(fd, buf, 0, buf.length, this.logOffset);
      return buf.toString('utf8').split('\n').some((l) => l.includes(`"pid":${child.pid},`) && /"msg":"[^"]*running"/.test(l));
    } finally {
      fs.closeSync(fd);
    }
  }

  private logOffset = 0;

  /**
   * Dependencies the current process logged as down and not (yet) as reconnected: a service
   * that the suite stops in that state never showed that it recovers.
   */
  outstandingOutages(): string[] {
    const pid = this.child?.pid;
    if (pid === undefined) return [];
    const down = new Set<string>();
    for (const entry of dependencyLogEntries(this.log())) {
      if (entry.pid !== pid) continue;
      if (entry.msg === 'dependency down') down.add(entry.dependency);
      else if (entry.msg === 'dependency reconnected' || entry.msg === 'dependency up') down.delete(entry.dependency);
    }
    return [...down].sort();
  }

  start(): void {
    this.logOffset = fs.existsSync(this.logFile) ? fs.statSync(this.logFile).size : 0;
    const fd = fs.openSync(this.logFile, 'a');
    const child = spawn(process.execPath, lacArgs([this.name, ...this.args]), {
      cwd: PACKAGE_ROOT,
      env: { ...cleanEnv(), LAC_LOG_LEVEL: 'info', LAC_LOG_FORMAT: 'json', ...this.env },
      stdio: ['ignore', fd, fd],
    });
    fs.closeSync(fd);
    this.child = child;
    this.expectingExit = false;
    this.starts += 1;
    this.startedAt = Date.now();
    child.on('exit', (code, signal) => {
      if (this.child !== child || this.expectingExit) return;
      if (signal === 'SIGKILL') this.selfKills += 1;
      else this.unexpected.push({ service: this.name, code, signal, at: new Date().toISOString() });
      if (this.autoRestart) setTimeout(() => this.child === child && this.start(), 500);
    });
  }

  /** kill -9 and start again at once. */
  async killAndRestart(): Promise<void> {
    await this.signal('SIGKILL');
    this.kills += 1;
    this.start();
  }

  /** SIGTERM: the service finishes its work in flight and exits 0. */
  async stop(): Promise<number | null> {
    return this.signal('SIGTERM', 120_000);
  }

  private async signal(sig: NodeJS.Signals, graceMs = 30_000): Promise<number | null> {
    const child = this.child;
    if (child === null || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    this.expectingExit = true;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(sig);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }

  log(): string {
    return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
  }
}

export interface DependencyEvents {
  down: number;
  reconnected: number;
}

/** Counts the `dependency down` / `dependency reconnected` events (lib/ops/service-health.ts) in a service's log, by dependency. */
export function dependencyEvents(log: string): Record<string, DependencyEvents> {
  const out: Record<string, DependencyEvents> = {};
  for (const entry of dependencyLogEntries(log)) {
    const e = (out[entry.dependency] ??= { down: 0, reconnected: 0 });
    if (entry.msg === 'dependency down') e.down += 1;
    if (entry.msg === 'dependency reconnected') e.reconnected += 1;
  }
  return out;
}

/** The `dependency ...` lines (lib/ops/service-health.ts) of a service's JSON log, in order. */
function* dependencyLogEntries(log: string): Generator<{ msg: string; dependency: string; pid: number | undefined }> {
  for (const line of log.split('\n')) {
    if (!line.includes('"dependency ')) continue;
    let entry: { msg?: unknown; dependency?: unknown; pid?: unknown };
    try {
      entry = JSON.parse(line) as { msg?: unknown; dependency?: unknown; pid?: unknown };
    } catch {
      continue;
    }
    if (typeof entry.dependency !== 'string' || typeof entry.msg !== 'string') continue;
    yield { msg: entry.msg, dependency: entry.dependency, pid: typeof entry.pid === 'number' ? entry.pid : undefined };
  }
}
