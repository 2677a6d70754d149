/** Child processes of the benchmark (ingest processes, services): spawn, read their memory reports, stop. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import readline from 'node:readline';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Child {
  name: string;
  proc: ChildProcess;
  /** Highest resident set seen (bytes): from the child's own reports, or sampled from /proc. */
  peakRss: number;
  /** RSS samples (bytes) over the child's life: flat memory shows as a flat series. */
  samples: number[];
  stderrTail: string[];
}

/** Runs a TypeScript entry point (through tsx, as `npm run lac` does) with extra environment. */
export function spawnTs(name: string, args: string[], env: Record<string, string>, cpuProfDir?: string): Child {
  const nodeArgs = ['--import', 'tsx', ...(cpuProfDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`]), ...args];
  const proc = spawn(process.execPath, nodeArgs, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const child: Child = { name, proc, peakRss: 0, samples: [], stderrTail: [] };
  readline.createInterface({ input: proc.stdout! }).on('line', (line) => {
    try {
      const r = JSON.parse(line) as { rss?: number; maxRss?: number };
      if (typeof r.rss === 'number') child.samples.push(r.rss);
      child.peakRss = Math.max(child.peakRss, r.rss ?? 0, r.maxRss ?? 0);
    } catch {
      // Not a report line (a CLI service's own output).
    }
  });
  // BENCH_LOG_DIR keeps every child's whole log (stage timings, latency diagnosis); by default only the tail.
  const logDir = process.env['BENCH_LOG_DIR'];
  const logFile = logDir === undefined ? null : fs.createWriteStream(path.join(logDir, `${name.replace(/[^a-z0-9-]+/gi, '-')}.log`), { flags: 'a' });
  if (logFile !== null) proc.on('exit', () => logFile.end());
  readline.createInterface({ input: proc.stderr! }).on('line', (line) => {
    logFile?.write(`${line}\n`);
    child.stderrTail.push(line);
    if (child.stderrTail.length > 20) child.stderrTail.shift();
  });
  return child;
}

/** Samples a child's RSS from /proc (for children that do not report it themselves). */
export function sampleRss(child: Child): void {
  const pid = child.proc.pid;
  if (pid === undefined || child.proc.exitCode !== null) return;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    if (rss?.[1] !== undefined) child.samples.push(Number(rss[1]) * 1024);
    child.peakRss = Math.max(child.peakRss, Number(hwm?.[1] ?? 0) * 1024, Number(rss?.[1] ?? 0) * 1024);
  } catch {
    // Gone between the check and the read.
  }
}

/** SIGTERM, then wait (SIGKILL after `graceMs`). Only our own children, by pid. */
export async function stopChild(child: Child, graceMs = 30_000): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  const exited = once(child.proc, 'exit');
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export function failed(child: Child): boolean {
  return child.proc.exitCode !== null && child.proc.exitCode !== 0;
}
