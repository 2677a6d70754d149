/**
 * `lac`: the command line of ../shared/CONTRACTS.md. Exit 0 on success; otherwise a one-line
 * reason on stderr and a non-zero code (2 for commands not built yet, 1 for everything else).
 * The process ends at most EXIT_GRACE_MS after the command returned, whatever it left open.
 */
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { safeErrorMessage } from '../lib/log/logger.js';

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; usage errors were already printed.
      return err.exitCode;
    }
    const e = err as Error & { code?: string };
    process.stderr.write(`lac: ${safeErrorMessage(e)}\n`);
    return e.code === 'NOT_IMPLEMENTED' ? 2 : 1;
  }
}

// A reader that goes away (`lac controls list | head`) is not an error of ours.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

/** How long a finished command has to let go of what it still holds before the process exits anyway. */
const EXIT_GRACE_MS = 2_000;

process.exitCode = await main(process.argv);
// A command that failed with connections open (a pool, a Kafka client, a listening socket) has
// no one left to close them, and they would keep the process alive for ever; so could a handle
// left behind by a service's graceful stop. Unref'd, the timer does not keep a process that has
// nothing left waiting: that one exits at once, as before.
setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
