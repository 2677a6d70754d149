/** Runs the real `lac` CLI in a child process (through tsx on the sources). */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../lib/paths.js';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export const LAC_ENTRY = path.join(PACKAGE_ROOT, 'cli', 'main.ts');

export function lacArgs(args: string[]): string[] {
  return ['--import', 'tsx', LAC_ENTRY, ...args];
}

export function runLac(args: string[], env: Record<string, string> = {}, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, lacArgs(args), {
      cwd: PACKAGE_ROOT,
      env: { ...cleanEnv(), LAC_LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** The parent's environment without LAC's own variables, so each test says what it uses. */
export function cleanEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (k.startsWith('LAC_') || k === 'DATABASE_URL' || k === 'KAFKA_BROKERS' || k === 'REDIS_URL') continue;
    out[k] = v;
  }
  return out;
}
