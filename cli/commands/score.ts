import type { Command } from 'commander';
import { runScoring } from '../../lib/risk/run-scoring.js';
import { createKafka } from '../../lib/kafka/client.js';
import { KafkaSink } from '../../lib/kafka/kafka-sink.js';
import { publishScores } from '../../lib/risk/publish-scores.js';
import { withDatabase } from '../db-command.js';

export function registerScore(program: Command): void {
  program
    .command('score')
    .description('score every company from its control hits once and store the run (kept, so --as-of exports reproduce it)')
    .option('--all', 'score every company (the only mode for now: a run always covers all companies)')
    .option('--as-of <date>', 'the date of the run (YYYY-MM-DD)', new Date().toISOString().slice(0, 10))
    .action(async (opts: { asOf: string }) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf)) throw new Error(`--as-of: "${opts.asOf}" is not YYYY-MM-DD`);
      await withDatabase('score', 'to score companies', async ({ pool, logger, config }) => {
        const r = await runScoring(pool, { asOf: opts.asOf, logger });
        process.stdout.write(`scoring run ${r.runId}: ${r.companies} compan(ies); bands ${Object.entries(r.bands).map(([b, n]) => `${b} ${n}`).join(', ') || 'none'}\n`);
        // With Kafka, other tools get the run on the scores topic.
        if (config.kafkaBrokers !== null) {
          const sink = new KafkaSink(createKafka({ brokers: config.kafkaBrokers, clientId: `${config.kafkaClientId}-score`, logger }));
          try {
            const sent = await publishScores(pool, sink, config.topics.riskScores);
            process.stdout.write(`published ${sent} score(s) to ${config.topics.riskScores}\n`);
          } finally {
            await sink.close();
          }
        }
      });
    });
}
