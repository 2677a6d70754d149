/**
 * `lac export` in a child process with only the export command registered (no other command's
 * imports to load), handling errors as cli/main.ts does: a `lac: ` line on stderr, exit 2 for
 * NOT_IMPLEMENTED, 1 otherwise.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../../lib/paths.js';
import { cleanEnv } from './cli.js';

const ENTRY = `
import { Command, CommanderError } from 'commander';
import { registerExport } from ${JSON.stringify(pathToFileURL(path.join(PACKAGE_ROOT, 'cli', 'commands', 'export.ts')).href)};
const p = new Command('lac').exitOverride();
registerExport(p);
try { await p.parseAsync(process.argv.slice(1), { from: 'user' }); }
catch (e) {
  if (e instanceof CommanderError) process.exitCode = e.exitCode;
  else { process.stderr.write('lac: ' + e.message + '\\n'); process.exitCode = e.code === 'NOT_IMPLEMENTED' ? 2 : 1; }
}
`;

export type ExportChild = ChildProcessByStdio<null, Readable, Readable>;

/** `lac export <args>` started; the caller reads (or closes) its stdout. */
export function spawnExportCli(args: string[], env: Record<string, string>): ExportChild {
  return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', ENTRY, '--', 'export', ...args], {
    cwd: PACKAGE_ROOT,
    env: { ...cleanEnv(), LAC_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Stderr collected from now, and the exit code once the child has closed. */
export function exportFinished(child: ExportChild): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** `lac export <args>` run to the end, its whole stdout collected. */
export async function runExportCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnExportCli(args, env);
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  const { code, stderr } = await exportFinished(child);
  return { code, stdout, stderr };
}
