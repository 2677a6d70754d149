/**
 * `lac`: the command line of ../shared/CONTRACTS.md. Exit 0 on success; otherwise a one-line
 * reason on stderr and a non-zero code (2 for commands not built yet, 1 for everything else).
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

const exitCode = await main(process.argv);
process.exitCode = exitCode;
