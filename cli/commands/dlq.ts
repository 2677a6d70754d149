import type { Command } from 'commander';
import { listDeadLetters } from '../../lib/ingest/sql-dead-letters.js';
import { retryDeadLetters } from '../../lib/ingest/retry-dead-letters.js';
import { checkVerifySecret } from '../../lib/verify/secrets.js';
import { withDatabase } from '../db-command.js';

export function registerDlq(program: Command): void {
  const dlq = program.command('dlq').description('show and re-run rejected messages');
  dlq
    .command('list')
    .description('list dead letters (open ones by default)')
    .option('--code <code>', 'only this error code')
    .option('--all', 'include resolved dead letters')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'one JSON object per line')
    .action(async (opts: { code?: string; all?: boolean; limit: string; json?: boolean }) => {
      await withDatabase('dlq', 'to read dead letters', async ({ pool }) => {
        const rows = await listDeadLetters(pool, {
          ...(opts.code === undefined ? {} : { code: opts.code }),
          ...(opts.all ? {} : { status: 'open' }),
          limit: Number(opts.limit),
        });
        if (opts.json) {
          for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
          return;
        }
        if (rows.length === 0) {
          process.stdout.write('no dead letters\n');
          return;
        }
        for (const r of rows) {
          const where = r.sourceTopic === null ? r.source : `${r.sourceTopic}[${r.sourcePartition}]@${r.sourceOffset}`;
          process.stdout.write(`${String(r.id).padStart(6)}  ${r.code.padEnd(22)} ${r.status.padEnd(8)} ${where}  ${r.byteSize} B  ${r.message}\n`);
        }
      });
    });
  dlq
    .command('retry')
    .description('re-run open dead letters through the current readers; those that now read are stored')
    .option('--code <code>', 'only this error code')
    .action(async (opts: { code?: string }) => {
      checkVerifySecret(); // certificates that now read are stored with their security code hashed
      await withDatabase('dlq', 'to retry dead letters', async ({ pool, config, logger }) => {
        const result = await retryDeadLetters(pool, { maxBytes: config.ingest.maxDocumentBytes, maxDepth: config.ingest.maxDepth }, opts.code === undefined ? {} : { code: opts.code });
        logger.info({ retried: result.retried, resolved: result.resolved }, 'dead letters retried');
        const still = Object.entries(result.summary.rejected).map(([k, v]) => `${k} ${v}`).join(', ');
        process.stdout.write(`retried ${result.retried}, resolved ${result.resolved}, still rejected: ${still === '' ? 'none' : still}\n`);
      });
    });
}
