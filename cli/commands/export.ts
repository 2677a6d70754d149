/**
 * `lac export seds|matches|flags|risk --format jsonl|csv [--out FILE] [--as-of DATE] [--pseudonymise]`
 * (../shared/CONTRACTS.md, Exports). Data goes to FILE (written atomically) or stdout; a one-line
 * summary goes to stderr.
 */
import { Argument, Option, type Command } from 'commander';
import { required } from '../../lib/config/config.js';
import { createPool } from '../../lib/db/pool.js';
import { parseAsOf } from '../../lib/export/as-of.js';
import { pseudonymiserFromEnv } from '../../lib/export/pseudonymise.js';
import { EXPORT_NAMES, exportSummary, flagsExport, matchesExport, riskExport, runExport, sedsExport, type ExportName, type ExportOptions } from '../../lib/export/run.js';
import { EXPORT_FORMATS, openOutput, type ExportFormat } from '../../lib/export/writer.js';
import { cliContext } from '../context.js';

interface ExportCommandOptions {
  format: ExportFormat;
  out?: string;
  asOf?: string;
  pseudonymise?: boolean;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write an export (seds, matches, flags, risk) as JSONL or CSV')
    .addArgument(new Argument('<what>', 'seds | matches | flags | risk').choices(EXPORT_NAMES))
    .addOption(new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).default('jsonl'))
    .option('--out <file>', 'output file, written atomically via FILE.tmp (default: stdout)')
    .option('--as-of <date>', 'reproduce the export as of DATE: only documents received on or before it (YYYY-MM-DD, UTC, or a timestamp with zone)')
    .option('--pseudonymise', 'replace PINs, names and birth dates with keyed hashes (key: LAC_PSEUDONYM_SECRET)')
    .action(async (what: ExportName, opts: ExportCommandOptions) => {
      // Everything that can be checked without the database is checked first: no output file is touched on a usage error.
      const options: ExportOptions = {
        asOf: opts.asOf === undefined ? null : parseAsOf(opts.asOf),
        pseudonymiser: opts.pseudonymise === true ? pseudonymiserFromEnv() : null,
      };
      const { config, logger } = cliContext('export');
      const url = required(config.databaseUrl, 'DATABASE_URL', 'to export from the database');
      const pool = createPool({ connectionString: url, schema: config.dbSchema, max: 1, applicationName: 'lac-export' });
      try {
        const output = await openOutput(opts.out);
        const result =
          what === 'seds'
            ? await runExport(pool, sedsExport, opts.format, options, output)
            : what === 'matches'
              ? await runExport(pool, matchesExport, opts.format, options, output)
              : what === 'flags'
                ? await runExport(pool, flagsExport, opts.format, options, output)
                : await runExport(pool, riskExport, opts.format, options, output);
        logger.debug({ ...result, format: opts.format, asOf: options.asOf?.given ?? null, pseudonymised: options.pseudonymiser !== null }, 'export done');
        process.stderr.write(`${exportSummary(result)}\n`);
      } finally {
        await pool.end();
      }
    });
}
