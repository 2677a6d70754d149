import type { Command } from 'commander';
import { reprocessSeds } from '../../lib/ingest/reprocess.js';
import { countSedsToReprocess } from '../../lib/ingest/sql-raw-read.js';
import { createProgress } from '../../lib/progress/progress.js';
import { withDatabase } from '../db-command.js';

export function registerReprocess(program: Command): void {
  program
    .command('reprocess')
    .description('re-normalise stored raw documents with the current normaliser (idempotent, no Kafka)')
    .option('--since <date>', 'only documents received since DATE (YYYY-MM-DD or ISO timestamp)')
    .option('--sed-type <type>', 'only this SED type (e.g. A009)')
    .action(async (opts: { since?: string; sedType?: string }) => {
      if (opts.since !== undefined && Number.isNaN(Date.parse(opts.since))) throw new Error(`--since: "${opts.since}" is not a date`);
      await withDatabase('reprocess', 'to re-normalise documents', async ({ pool, config, logger }) => {
        const filter = { since: opts.since ?? null, sedType: opts.sedType?.toUpperCase() ?? null };
        const client = await pool.connect();
        const total = await countSedsToReprocess(client, filter).finally(() => client.release());
        const progress = createProgress({ label: 'reprocess', totalBytes: total });
        const result = await reprocessSeds(pool, { maxBytes: config.ingest.maxDocumentBytes, maxDepth: config.ingest.maxDepth }, filter, {
          onProgress: (examined) => progress.tick({ docs: examined, bytes: examined }),
        });
        progress.finish();
        logger.info(result, 'reprocess finished');
        const rejected = Object.entries(result.nowRejected).map(([k, v]) => `${k} ${v}`).join(', ');
        process.stdout.write(`examined ${result.examined}, re-normalised ${result.renormalised}, now rejected (kept): ${rejected === '' ? 'none' : rejected}\n`);
      });
    });
}
