import { Option, type Command } from 'commander';
import { required } from '../../lib/config/config.js';
import { createPool } from '../../lib/db/pool.js';
import { migrateDatabase } from '../../lib/db/migrate.js';
import { withTransaction } from '../../lib/db/pool.js';
import { createKafka } from '../../lib/kafka/client.js';
import { KafkaSink } from '../../lib/kafka/kafka-sink.js';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { formatReplaySummary, replay } from '../../lib/replay/replay.js';
import { createProgress } from '../../lib/progress/progress.js';
import { recordStageRun } from '../../lib/status/stage-runs.js';
import { checkVerifySecret } from '../../lib/verify/secrets.js';
import { cliContext } from '../context.js';

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('replay a backlog (files, directories, .ndjson, .tar.gz, .zip) into Kafka or straight into the database; safe to run twice')
    .argument('<path...>', 'files or directories')
    .addOption(new Option('--to <target>', 'where to send documents (default: kafka when KAFKA_BROKERS is set, else db)').choices(['kafka', 'db']))
    .option('--batch-size <n>', 'documents per transaction / produce request', '1000')
    .option('--quiet', 'no progress line')
    .action(async (paths: string[], opts: { to?: 'kafka' | 'db'; batchSize: string; quiet?: boolean }) => {
      const { config, logger } = cliContext('replay');
      const to = opts.to ?? (config.kafkaBrokers !== null ? 'kafka' : 'db');
      const batchSize = Number(opts.batchSize);
      if (!Number.isInteger(batchSize) || batchSize <= 0) throw new Error(`--batch-size: "${opts.batchSize}" is not a positive integer`);
      const progress = (total: number) => createProgress({ label: 'replay', totalBytes: total, quiet: opts.quiet === true });
      if (to === 'kafka') {
        const brokers = required(config.kafkaBrokers, 'KAFKA_BROKERS', 'to replay into Kafka (or use --to db)');
        const sink = new KafkaSink(createKafka({ brokers, clientId: `${config.kafkaClientId}-replay`, logger }));
        try {
          const result = await replay(paths, { kind: 'kafka', sink, topics: { sed: config.topics.sed, declaration: config.topics.declarations, certificate: config.topics.certificates } }, { batchSize, maxBytes: config.ingest.maxDocumentBytes, progress });
          process.stdout.write(formatReplaySummary(result));
        } finally {
          await sink.close();
        }
        return;
      }
      const url = required(config.databaseUrl, 'DATABASE_URL', 'to replay into the database');
      checkVerifySecret(); // certificate events are stored with their security code hashed
      await migrateDatabase(url, config.dbSchema);
      const pool = createPool({ connectionString: url, schema: config.dbSchema, applicationName: 'lac-replay' });
      try {
        const ingestor = new Ingestor({ pool, logger, limits: { maxBytes: config.ingest.maxDocumentBytes, maxDepth: config.ingest.maxDepth } });
        const result = await replay(paths, { kind: 'db', ingestor }, { batchSize, maxBytes: config.ingest.maxDocumentBytes, progress });
        await withTransaction(pool, (c) => recordStageRun(c, 'replay', result.read, { files: result.files, summary: result.summary }));
        process.stdout.write(formatReplaySummary(result));
      } finally {
        await pool.end();
      }
    });
}
