/**
 * `npm run bench [-- --size N]`: a year of LA traffic (1.2 M SEDs, 300 k declarations, 400 k
 * certificates at the default size) through the real pipeline on this machine, beside the
 * machine's own limits for the same work, measured in the same run:
 *
 *   1. the seeded corpus is streamed into fresh Kafka topics (several partitions);
 *   2. ingest with 1, then 2 processes in one consumer group, each into a fresh schema;
 *   3. raw limits: COPY of the same normalised rows, plain JSON.parse / XML parse of the same documents;
 *   4. full matching, full rescoring (controls + scores) and the exports, each the real CLI;
 *   5. steady-state latency at 100 documents/s with the real services chained by BullMQ;
 *   6. peak RSS of every process.
 *
 * Prints one table, writes it as JSON (with the machine) to bench/results/. Everything it creates
 * (schemas, topics, consumer groups, queue keys) is named after the run and removed at the end.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Redis } from 'ioredis';
import { createKafka } from '../lib/kafka/client.js';
import { createLogger } from '../lib/log/logger.js';
import { migrateDatabase, quoteIdent } from '../lib/db/migrate.js';
import { createPool } from '../lib/db/pool.js';
import { corpusOptions, totalMessages, YEAR } from './lib/corpus.js';
import { benchTopics, createTopics, deleteTopics, loadCorpus } from './lib/kafka-load.js';
import { runIngestPhase, type IngestPhaseResult } from './lib/ingest-phase.js';
import { measureCopyLimit, measureParseLimit } from './lib/raw-limits.js';
import { runStages, type StageResult } from './lib/stages.js';
import { runLatencyPhase, type LatencyResult } from './lib/latency.js';
import { log } from './lib/progress.js';
import { machine, mib, ms, num, PG_SETTINGS, printTable, writeResult, type Row } from './lib/report.js';
import { ROOT } from './lib/children.js';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: String(YEAR.seds) },
    seed: { type: 'string', default: '2026' },
    partitions: { type: 'string', default: '6' },
    workers: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '2' },
    rate: { type: 'string', default: '100' },
    'latency-seconds': { type: 'string', default: '60' },
    'parse-sample': { type: 'string', default: '100000' },
    'skip-single': { type: 'boolean', default: false },
    'skip-stages': { type: 'boolean', default: false },
    'skip-latency': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    note: { type: 'string', default: '' },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results') },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  process.stdout.write(`npm run bench -- [options]
  --size N              SEDs in the corpus (default ${YEAR.seds}; declarations and certificates scale with it)
  --seed N              corpus seed (default 2026)
  --partitions N        partitions per topic (default 6)
  --workers N           parse worker threads per ingest process (default 1; 0 parses inline)
  --concurrency N       partitions each ingest process handles at once (default 2)
  --rate N              documents/s of the latency phase (default 100)
  --latency-seconds N   length of the latency phase (default 60)
  --parse-sample N      documents timed for the parse limits (default 100000)
  --skip-single | --skip-stages | --skip-latency
  --cpu-prof DIR        write V8 CPU profiles of every child process to DIR
  --note TEXT           what changed, kept in the results file
  --keep                keep the schemas and topics (for inspection)
Needs DATABASE_URL and KAFKA_BROKERS (and REDIS_URL for the latency phase); reads .lac/services.env if present.
BENCH_LOG_DIR=DIR keeps every child's whole log in DIR (by default only its last lines, shown on failure);
the latency phase's services log at BENCH_LOG_LEVEL (default warn; info gives each run's timings).
`);
  process.exit(0);
}

loadServicesEnv();
process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';
// Ingestion hashes security codes under LAC_VERIFY_SECRET, which services require: a fresh one per run (children inherit it).
process.env['LAC_VERIFY_SECRET'] ??= randomBytes(48).toString('base64');
const url = need('DATABASE_URL');
const brokers = need('KAFKA_BROKERS');
const size = int(args.size, 'size');
const seed = int(args.seed, 'seed');
const run = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const options = corpusOptions(size, seed);
const total = totalMessages(options);
const logger = createLogger({ level: 'warn' });
const kafka = createKafka({ brokers: brokers.split(','), clientId: 'lac-bench', logger });
const topics = benchTopics(`${run}.in`);
const live = benchTopics(`${run}.live`);
const extraTopics = [`${run}.dlq`, `${run}.risk`];
const schemas = [`${run}_1`, `${run}_2`];
const cpuProf = args['cpu-prof'] === undefined ? undefined : path.resolve(args['cpu-prof']);

const admin = new pg.Client({ connectionString: url, application_name: 'lac-bench' });
await admin.connect();
const pgVersion = (await admin.query<{ v: string }>('SELECT current_setting(\'server_version\') AS v')).rows[0]?.v ?? '?';
const pgSettings = Object.fromEntries(
  (await admin.query<{ name: string; value: string }>(
    "SELECT name, setting || coalesce(' ' || unit, '') AS value FROM pg_settings WHERE name = ANY($1) ORDER BY name", [PG_SETTINGS],
  )).rows.map((r) => [r.name, r.value]),
);
const result: Record<string, unknown> = {
  run, date: new Date().toISOString(), note: args.note, machine: machine(pgVersion, pgSettings),
  corpus: { ...options, total }, settings: { partitions: int(args.partitions, 'partitions'), workers: int(args.workers, 'workers'), concurrency: int(args.concurrency, 'concurrency') },
};
const envFor = (schema: string): Record<string, string> => ({ DATABASE_URL: url, LAC_DB_SCHEMA: schema, KAFKA_BROKERS: brokers });
let exitCode = 0;
try {
  log(`bench ${run}: ${num(total)} messages (${num(options.seds)} SEDs, ${num(options.declarations)} declarations, ${num(options.certificates)} certificates), seed ${seed}`);
  await createTopics(kafka, Object.values(topics), int(args.partitions, 'partitions'));
  const loaded = await loadCorpus(kafka, topics, options, total);
  result['load'] = loaded;

  const ingest: IngestPhaseResult[] = [];
  const phases = args['skip-single'] ? [2] : [1, 2];
  for (const processes of phases) {
    const schema = schemas[processes - 1]!;
    await migrateDatabase(url, schema);
    const db = createPool({ connectionString: url, schema, max: 2, applicationName: 'lac-bench' });
    try {
      ingest.push(await runIngestPhase({
        kafka, db, env: envFor(schema), topics: Object.values(topics), groupId: `${run}-g${processes}`, processes,
        workers: int(args.workers, 'workers'), concurrency: int(args.concurrency, 'concurrency'), total,
        ...(cpuProf === undefined ? {} : { cpuProfDir: cpuProf }),
      }));
    } finally {
      await db.end();
    }
  }
  result['ingest'] = ingest;
  const main = schemas[1]!;
  const rows = await admin.query<{ t: string; n: string }>(
    `SELECT 'raw_messages' AS t, count(*) AS n FROM ${quoteIdent(main)}.raw_messages UNION ALL SELECT 'seds', count(*) FROM ${quoteIdent(main)}.seds
     UNION ALL SELECT 'declarations', count(*) FROM ${quoteIdent(main)}.declarations UNION ALL SELECT 'certificate_events', count(*) FROM ${quoteIdent(main)}.certificate_events`,
  );
  result['stored'] = Object.fromEntries(rows.rows.map((r) => [r.t, Number(r.n)]));

  log('raw limits');
  const copy = await measureCopyLimit(url, main, total);
  const parse = measureParseLimit(options, Math.min(total, int(args['parse-sample'], 'parse-sample')));
  result['limits'] = { copy, parse };

  let stages: StageResult[] = [];
  if (!args['skip-stages']) {
    log('stages');
    stages = await runStages(envFor(main), '2026-11-23', cpuProf);
    result['stages'] = stages;
  }

  let latency: LatencyResult | null = null;
  if (!args['skip-latency']) {
    const redisUrl = process.env['REDIS_URL'];
    if (redisUrl === undefined || redisUrl === '') throw new Error('REDIS_URL is required for the latency phase (or --skip-latency)');
    await createTopics(kafka, [...Object.values(live), ...extraTopics], 3);
    const db = createPool({ connectionString: url, schema: main, max: 2, applicationName: 'lac-bench' });
    try {
      latency = await runLatencyPhase({
        kafka, db, topics: live, rate: int(args.rate, 'rate'), seconds: int(args['latency-seconds'], 'latency-seconds'),
        corpus: { ...corpusOptions(100_000, seed + 1) },
        env: {
          ...envFor(main), REDIS_URL: redisUrl, LAC_QUEUE_PREFIX: run, LAC_LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'warn',
          LAC_TOPIC_SED: live.sed, LAC_TOPIC_DECLARATIONS: live.declaration, LAC_TOPIC_CERTIFICATES: live.certificate,
          LAC_TOPIC_DLQ: extraTopics[0]!, LAC_TOPIC_RISK: extraTopics[1]!, LAC_INGEST_GROUP: `${run}-live`,
        },
      });
    } finally {
      await db.end();
    }
    result['latency'] = latency;
  }

  (result['machine'] as Record<string, unknown>)['loadAverageAtEnd'] = os.loadavg();
  const table = summarise(ingest, copy.docsPerSecond, parse, stages, latency);
  result['table'] = table;
  log(`results: ${writeResult(args.out, size, result)}`);
} catch (err) {
  exitCode = 1;
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
} finally {
  if (!args.keep) await cleanup();
  await admin.end();
}
process.exit(exitCode);

function summarise(ingest: IngestPhaseResult[], copyRate: number, parse: ReturnType<typeof measureParseLimit>, stages: StageResult[], latency: LatencyResult | null): Row[] {
  const rows: Row[] = [];
  for (const i of ingest) {
    rows.push({ measure: `ingest, ${i.processes} process(es) x ${i.workersPerProcess} parse worker(s)`, value: `${num(i.docsPerSecond)} docs/s`, target: '>= 10,000 docs/s', ok: i.docsPerSecond >= 10_000 });
  }
  const best = Math.max(...ingest.map((i) => i.docsPerSecond));
  rows.push({ measure: 'raw limit: COPY of the same rows', value: `${num(copyRate)} docs/s` });
  rows.push({ measure: 'ingest / COPY', value: (best / copyRate).toFixed(3), target: '>= 0.5', ok: best / copyRate >= 0.5 });
  rows.push({ measure: 'raw limit: plain parse, 1 thread (JSON.parse / XMLParser)', value: `${num(parse.plainPerSecond)} docs/s` });
  rows.push({ measure: '  JSON.parse (JSON documents)', value: `${num(parse.json.perSecond)} docs/s` });
  rows.push({ measure: '  fast-xml-parser defaults (XML documents)', value: `${num(parse.xml.perSecond)} docs/s` });
  rows.push({ measure: 'our prepareMessage, 1 thread (JSON / XML)', value: `${num(parse.preparePerSecond)} (${num(parse.prepareJsonPerSecond)} / ${num(parse.prepareXmlPerSecond)}) docs/s` });
  rows.push({ measure: 'ingest / plain parse', value: (best / parse.plainPerSecond).toFixed(3) });
  const stage = (n: string): StageResult | undefined => stages.find((s) => s.name === n);
  const matchS = stage('match --all')?.seconds;
  const rescoreS = (stage('controls run')?.seconds ?? 0) + (stage('score')?.seconds ?? 0);
  if (matchS !== undefined) {
    rows.push({ measure: 'process start-up, included in each stage below', value: `${(stage('start-up (lac --help)')?.seconds ?? 0).toFixed(1)} s` });
    rows.push({ measure: 'full matching (lac match --all)', value: `${matchS.toFixed(1)} s` });
    rows.push({ measure: 'full rescoring (controls run + score)', value: `${rescoreS.toFixed(1)} s` });
    rows.push({ measure: 'matching + rescoring', value: `${(matchS + rescoreS).toFixed(1)} s`, target: '< 60 s (full year)', ok: size >= YEAR.seds ? matchS + rescoreS < 60 : null });
    for (const s of stages.filter((x) => x.name.startsWith('export'))) rows.push({ measure: s.name, value: `${s.seconds.toFixed(1)} s` });
  }
  if (latency !== null) {
    rows.push({ measure: `latency to row at ${latency.rate}/s, p50 / p99`, value: `${ms(latency.row.p50)} / ${ms(latency.row.p99)}`, target: 'p99 < 1 s', ok: latency.row.p99 === null ? null : latency.row.p99 < 1000 });
    rows.push({ measure: `latency to score, p50 / p99 (${latency.scored} docs)`, value: `${ms(latency.score.p50)} / ${ms(latency.score.p99)}`, target: 'p99 < 5 s', ok: latency.score.p99 === null ? null : latency.score.p99 < 5000 });
  }
  const rss: Array<[string, number]> = [
    ...ingest.flatMap((i) => i.peakRssBytes.map((b, k): [string, number] => [`ingest x${i.processes} #${k + 1}`, b])),
    ...stages.filter((s) => !s.name.startsWith('start-up')).map((s): [string, number] => [s.name, s.peakRssBytes]),
    ...Object.entries(latency?.peakRssBytes ?? {}),
  ];
  for (const [name, b] of rss) rows.push({ measure: `peak RSS: ${name}`, value: mib(b), target: '< 1 GiB', ok: b < 1024 ** 3 });
  printTable(`\nLAC benchmark ${run}: ${num(total)} messages, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`, rows);
  return rows;
}

async function cleanup(): Promise<void> {
  log('cleanup');
  for (const s of [...schemas, `${schemas[1]}_copy`]) await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(s)} CASCADE`).catch(() => undefined);
  await deleteTopics(kafka, [...Object.values(topics), ...Object.values(live), ...extraTopics]).catch((e: Error) => log(`  topics: ${e.message}`));
  const ka = kafka.admin();
  await ka.connect().then(() => ka.deleteGroups([`${run}-g1`, `${run}-g2`, `${run}-live`])).catch(() => undefined);
  await ka.disconnect().catch(() => undefined);
  const redisUrl = process.env['REDIS_URL'];
  if (redisUrl !== undefined && redisUrl !== '') {
    const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${run}:*`, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    } catch {
      // Redis keys of a run are harmless leftovers.
    } finally {
      redis.disconnect();
    }
  }
}

function loadServicesEnv(): void {
  // Like the tests: .lac/services.env fills what the environment does not set.
  try {
    const text = require_text(path.join(ROOT, '.lac', 'services.env'));
    for (const m of text.matchAll(/^export\s+([A-Z_]+)=(.*)$/gm)) {
      const [, k, v] = m;
      if (k !== undefined && v !== undefined && (process.env[k] === undefined || process.env[k] === '')) process.env[k] = v.replace(/^["']|["']$/g, '');
    }
  } catch {
    // No services file: the environment must carry the variables.
  }
}

function require_text(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

function need(name: string): string {
  const v = process.env[name];
  if (v === undefined || v === '') throw new Error(`${name} is required (or start the services: bash scripts/services.sh start)`);
  return v;
}

function int(v: string | undefined, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}: "${v}" is not a non-negative integer`);
  return n;
}
