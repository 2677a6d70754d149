/**
 * `lac demo`: the whole pipeline on one laptop. An embedded PostgreSQL, a generated backlog in
 * the three SED shapes, ingestion through the same Ingestor as the services (file source and
 * in-process batches instead of Kafka), and the exports in the output directory.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log/logger.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { createPool, withTransaction } from '../db/pool.js';
import { migrateDatabase, quoteIdent } from '../db/migrate.js';
import { Ingestor } from '../ingest/ingestor.js';
import { replay, formatReplaySummary, type ReplayResult } from '../replay/replay.js';
import { writeBacklog } from '../synth/write-backlog.js';
import { createProgress } from '../progress/progress.js';
import { openOutput } from '../export/writer.js';
import { exportSummary, flagsExport, matchesExport, riskExport, runExport, sedsExport } from '../export/run.js';
import { runScoring } from '../risk/run-scoring.js';
import { formatTopCompanies, topCompanies } from '../risk/top-companies.js';
import { COMPANY_CONTROLS, PERSON_CONTROLS } from '../../core/controls/catalog/index.js';
import { runCompanyControls, runPersonControls } from '../controls/run-controls.js';
import { runMatch } from '../match/run-match.js';
import { recordStageRun } from '../status/stage-runs.js';

export interface DemoOptions {
  seds: number;
  seed: number;
  outDir: string;
  dataDir: string;
  logger: Logger;
  quiet?: boolean;
  /** Where progress and the report go (stdout by default). */
  print?: (text: string) => void;
}

export interface DemoResult {
  replay: ReplayResult;
  exports: string[];
}

const SCHEMA = 'lac';

export async function runDemo(opts: DemoOptions): Promise<DemoResult> {
  const print = opts.print ?? ((t: string) => process.stdout.write(t));
  const step = (t: string): void => print(`• ${t}\n`);
  await fs.mkdir(opts.outDir, { recursive: true });

  step('starting an embedded PostgreSQL (first run: initdb takes a few seconds)');
  const pg = await startEmbeddedPostgres({ dataDir: opts.dataDir, logger: opts.logger });
  try {
    // Each demo starts from an empty schema, so it can be run again and again.
    const admin = createPool({ connectionString: pg.url, schema: 'public', max: 1 });
    await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(SCHEMA)} CASCADE`);
    await admin.end();
    await migrateDatabase(pg.url, SCHEMA);
    const pool = createPool({ connectionString: pg.url, schema: SCHEMA, applicationName: 'lac-demo' });
    try {
      const backlogDir = path.join(opts.outDir, 'backlog');
      await fs.rm(backlogDir, { recursive: true, force: true });
      const declarations = Math.max(1, Math.round(opts.seds / 4));
      const certificates = Math.max(1, Math.round(opts.seds / 3));
      const written = await writeBacklog(backlogDir, { seed: opts.seed, seds: opts.seds, declarations, certificates, badRate: 0.01 });
      step(`generated a backlog of ${written.messages} messages in ${written.files} files (${backlogDir})`);

      const ingestor = new Ingestor({ pool, logger: opts.logger, limits: { maxBytes: 5 * 1024 * 1024, maxDepth: 64 } });
      const result = await replay([backlogDir], { kind: 'db', ingestor }, {
        batchSize: 500,
        maxBytes: 5 * 1024 * 1024,
        progress: (total) => createProgress({ label: 'ingest', totalBytes: total, quiet: opts.quiet === true }),
      });
      await withTransaction(pool, (c) => recordStageRun(c, 'demo-ingest', result.read, { summary: result.summary }));
      step('ingested:');
      print(`${formatReplaySummary(result).trimEnd().replace(/^/gm, '  ')}\n`);

      const matched = await runMatch(pool, { logger: opts.logger, all: true });
      const outcomes = await pool.query<{ outcome: string; n: string }>('SELECT outcome, count(*) AS n FROM matches GROUP BY 1 ORDER BY 2 DESC, 1');
      step(`matched ${matched.subjects} declared workers and SED attestations against certificates:`);
      print(`${outcomes.rows.map((o) => `  ${o.outcome.padEnd(20)} ${o.n}`).join('\n')}\n`);

      const asOf = new Date().toISOString().slice(0, 10);
      const persons = await runPersonControls(pool, PERSON_CONTROLS, { asOf, logger: opts.logger });
      const companies = await runCompanyControls(pool, COMPANY_CONTROLS, { asOf, logger: opts.logger });
      const severities = await pool.query<{ severity: string; n: string }>("SELECT severity, count(*) AS n FROM flags GROUP BY 1 ORDER BY array_position(ARRAY['red','warning','info'], severity)");
      step(`ran ${PERSON_CONTROLS.length + COMPANY_CONTROLS.length} controls over ${persons.persons} persons and ${companies.companies} companies: ${severities.rows.map((r) => `${r.n} ${r.severity}`).join(', ')} flag(s)`);

      const scoring = await runScoring(pool, { asOf, logger: opts.logger });
      step(`scored ${scoring.companies} companies (${Object.entries(scoring.bands).map(([b, n]) => `${n} ${b}`).join(', ')}); the top 10 and their reasons:`);
      print(`${formatTopCompanies(await topCompanies(pool, 10)).trimEnd().replace(/^/gm, '  ')}\n`);

      const exports: string[] = [];
      for (const format of ['jsonl', 'csv'] as const) {
        for (const definition of [sedsExport, matchesExport, flagsExport, riskExport] as const) {
          const file = path.join(opts.outDir, `${definition.name}.${format}`);
          const options = { asOf: null, pseudonymiser: null };
          const r =
            definition.name === 'seds'
              ? await runExport(pool, sedsExport, format, options, await openOutput(file))
              : definition.name === 'matches'
                ? await runExport(pool, matchesExport, format, options, await openOutput(file))
                : definition.name === 'flags'
                  ? await runExport(pool, flagsExport, format, options, await openOutput(file))
                  : await runExport(pool, riskExport, format, options, await openOutput(file));
          exports.push(file);
          step(exportSummary(r).trim());
        }
      }
      return { replay: result, exports };
    } finally {
      await pool.end();
    }
  } finally {
    await pg.stop();
  }
}
