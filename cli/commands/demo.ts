import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { ALLOW_GENERATED_SECRETS_VARIABLE } from '../../lib/config/config.js';
import { createLogger } from '../../lib/log/logger.js';
import { PACKAGE_ROOT } from '../../lib/paths.js';
import { runDemo } from '../../lib/demo/run-demo.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('the whole pipeline on embedded defaults (embedded PostgreSQL, no Kafka, no Redis); exports to ./out/')
    .option('--size <n>', 'number of SED messages to generate', '2000')
    .option('--seed <n>', 'generator seed', '1')
    .option('--out <dir>', 'export directory', 'out')
    .option('--data-dir <dir>', 'embedded PostgreSQL data directory', defaultDataDir())
    .option('--quiet', 'no progress line')
    .action(async (opts: { size: string; seed: string; out: string; dataDir: string; quiet?: boolean }) => {
      const seds = Number(opts.size);
      const seed = Number(opts.seed);
      if (!Number.isInteger(seds) || seds <= 0) throw new Error(`--size: "${opts.size}" is not a positive integer`);
      if (!Number.isInteger(seed)) throw new Error(`--seed: "${opts.seed}" is not an integer`);
      // A development deployment: verification keys not in the environment are generated into
      // the embedded database (lib/verify/secrets.ts), which services refuse outside this mode.
      process.env[ALLOW_GENERATED_SECRETS_VARIABLE] = '1';
      // The demo talks to the terminal; its logs only matter when something goes wrong.
      const logger = createLogger({ level: process.env.LAC_LOG_LEVEL === undefined ? 'warn' : (process.env.LAC_LOG_LEVEL as 'info'), name: 'demo' });
      await runDemo({ seds, seed, outDir: path.resolve(opts.out), dataDir: path.resolve(opts.dataDir), logger, quiet: opts.quiet === true });
    });
}

/**
 * The embedded server runs as the unprivileged `postgres` user when LAC runs as root, and that
 * user must be able to reach its data directory: a checkout under /root would not do, so the
 * default lives in the system's temporary directory (one per checkout).
 */
function defaultDataDir(): string {
  const tag = createHash('sha256').update(PACKAGE_ROOT).digest('hex').slice(0, 8);
  return path.join(os.tmpdir(), `lac-demo-pg-${tag}`);
}
