import type { Command } from 'commander';
import { required } from '../../lib/config/config.js';
import { migrateDatabase } from '../../lib/db/migrate.js';
import { cliContext } from '../context.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply database migrations (idempotent; safe to run from several processes at once)')
    .action(async () => {
      const { config, logger } = cliContext('migrate');
      const url = required(config.databaseUrl, 'DATABASE_URL', 'to migrate the database');
      const result = await migrateDatabase(url, config.dbSchema);
      logger.info(result, 'migrations applied');
      process.stdout.write(`schema ${result.schema}: ${result.applied} migration(s) applied, ${result.total} in total\n`);
    });
}
