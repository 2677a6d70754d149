/** A long-running `lac` service in a child process, for tests that kill and restart it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { PACKAGE_ROOT } from '../../lib/paths.js';
import { cleanEnv, lacArgs } from './cli.js';

export interface LacProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startLac(args: string[], env: Record<string, string>): LacProcess {
  const child = spawn(process.execPath, lacArgs(args), {
    cwd: PACKAGE_ROOT,
    env: { ...cleanEnv(), LAC_LOG_LEVEL: 'info', LAC_LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString('utf8')).slice(-200_000)));
  child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString('utf8')).slice(-200_000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}
