import type { Command } from 'commander';
import { createPool } from '../../lib/db/pool.js';
import { createKafka } from '../../lib/kafka/client.js';
import { databaseStatus, type DatabaseStatus } from '../../lib/status/database-status.js';
import { consumerLag, type TopicLag } from '../../lib/status/kafka-lag.js';
import { serviceInstances, type ServiceInstanceStatus } from '../../lib/status/service-instances.js';
import { formatInstances } from '../../lib/status/format-instances.js';
import { cliContext } from '../context.js';

interface StatusReport {
  database: DatabaseStatus | { error: string } | 'not configured';
  kafka: TopicLag[] | { error: string } | 'not configured';
  /** Running service processes, from their heartbeat rows (lib/ops). */
  services: ServiceInstanceStatus[] | { error: string } | 'not configured';
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('counts per stage, consumer lag, rejected messages, last run times, and the running services (readiness, reconnects, documents in, rejected by code, lag, job counts)')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { config, logger } = cliContext('status');
      const report: StatusReport = { database: 'not configured', kafka: 'not configured', services: 'not configured' };
      if (config.databaseUrl !== null) {
        const pool = createPool({ connectionString: config.databaseUrl, schema: config.dbSchema, max: 1 });
        try {
          report.database = await databaseStatus(pool);
        } catch (err) {
          report.database = { error: (err as Error).message };
        }
        try {
          report.services = await serviceInstances(pool);
        } catch (err) {
          report.services = { error: (err as Error).message };
        } finally {
          await pool.end();
        }
      }
      if (config.kafkaBrokers !== null) {
        const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: config.kafkaClientId, logger });
        const topics = [config.topics.sed, config.topics.declarations, config.topics.certificates];
        try {
          report.kafka = await consumerLag(kafka, config.ingest.groupId, topics);
        } catch (err) {
          report.kafka = { error: (err as Error).message };
        }
      }
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report));
      const failed = (typeof report.database === 'object' && 'error' in report.database) || (typeof report.kafka === 'object' && 'error' in report.kafka);
      if (failed) process.exitCode = 1;
    });
}

function formatStatus(r: StatusReport): string {
  const lines: string[] = [];
  if (typeof r.database === 'string') lines.push(`database: ${r.database} (set DATABASE_URL)`);
  else if ('error' in r.database) lines.push(`database: unreachable: ${r.database.error}`);
  else {
    const d = r.database;
    lines.push(`database: ${d.migrationsApplied} migration(s) applied`);
    const msgs = Object.entries(d.messages);
    lines.push(`  messages: ${msgs.length === 0 ? 'none' : msgs.map(([k, v]) => `${k} ${v}`).join(', ')}`);
    const dl = Object.entries(d.deadLetters);
    lines.push(`  dead letters (open): ${dl.length === 0 ? 'none' : dl.map(([k, v]) => `${k} ${v}`).join(', ')}`);
    for (const run of d.lastRuns) lines.push(`  last ${run.stage}: ${run.startedAt} (${run.items} items${run.finishedAt ? '' : ', running'})`);
  }
  if (typeof r.kafka === 'string') lines.push(`kafka: ${r.kafka} (set KAFKA_BROKERS)`);
  else if ('error' in r.kafka) lines.push(`kafka: unreachable: ${r.kafka.error}`);
  else for (const t of r.kafka) lines.push(`kafka ${t.topic}: lag ${t.lag} of ${t.endOffset}`);
  if (typeof r.services === 'string') lines.push(`services: ${r.services} (set DATABASE_URL)`);
  else if ('error' in r.services) lines.push(`services: unavailable: ${r.services.error}`);
  else lines.push(...formatInstances(r.services));
  return `${lines.join('\n')}\n`;
}
