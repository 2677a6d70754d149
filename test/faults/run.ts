/**
 * The fault suite (`npm run test:faults`): a backlog flows through `lac ingest` -> `lac matcher`
 * -> `lac risk` on the suite's own PostgreSQL, Redis and Kafka broker while it
 *  - kills the services with SIGKILL at spread-out points of the backlog and restarts them,
 *  - restarts PostgreSQL, Redis and the Kafka broker in turn (services must reconnect alone),
 *  - carries poison messages (broken documents) and one document that kills the ingest process
 *    every time it is handled (test-only hook LAC_TEST_CRASH_ON), which must end in the DLQ.
 * Then it checks that every produced message is stored once, that the whole derived state
 * (documents, dead letters, person records, matches, flags, latest risk scores) equals a clean
 * run of the same messages, and that the services logged their reconnections.
 *
 * Parameters (environment): LAC_FAULTS_MESSAGES (100000), LAC_FAULTS_KILLS (21),
 * LAC_FAULTS_SEED (7), LAC_FAULTS_PARTITIONS (4), LAC_FAULTS_MAX_ATTEMPTS (3),
 * LAC_FAULTS_KEEP=1 keeps the temporary directory (logs, data) even on success.
 * Exit code 0 when every check passes.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { Queue } from 'bullmq';
import { createPool, type Pool } from '../../lib/db/pool.js';
import { migrateDatabase } from '../../lib/db/migrate.js';
import { createLogger } from '../../lib/log/logger.js';
import { createKafka } from '../../lib/kafka/client.js';
import { KafkaSink } from '../../lib/kafka/kafka-sink.js';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { runMatch } from '../../lib/match/run-match.js';
import { rescore } from '../../services/risk/risk-service.js';
import { MATCH_QUEUE } from '../../services/matcher/matcher-service.js';
import { RISK_QUEUE } from '../../services/risk/risk-service.js';
import { generateCorpus, Rng, type SynthMessage } from '../../core/synth/index.js';
import { messageHash } from '../../core/ingest/message-identity.js';
import { RejectionCodes } from '../../core/errors.js';
import type { PreparedMessage } from '../../core/ingest/types.js';
import { runLac } from '../support/cli.js';
import { freePort, OwnKafka, OwnPostgres, OwnRedis, type Server } from './servers.js';
import { dependencyEvents, ServiceProcess, type ServiceName } from './services.js';
import { count, pipelineFingerprint, rowDifferences, storageCounts } from './state.js';

function intEnv(name: string, def: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}: "${v}" is not a non-negative integer`);
  return n;
}

const P = {
  messages: intEnv('LAC_FAULTS_MESSAGES', 100_000),
  kills: intEnv('LAC_FAULTS_KILLS', 21),
  seed: intEnv('LAC_FAULTS_SEED', 7),
  partitions: intEnv('LAC_FAULTS_PARTITIONS', 4),
  maxAttempts: intEnv('LAC_FAULTS_MAX_ATTEMPTS', 3),
  keep: process.env['LAC_FAULTS_KEEP'] === '1',
};
const CRASH_MARKER = 'LAC-FAULTS-CRASH-e41b';
// One security-code key for the services and the in-process clean reference, as production sets it
// (ingestion hashes certificate security codes with it); a fresh one per run.
const VERIFY_SECRET = randomBytes(48).toString('base64');
process.env['LAC_VERIFY_SECRET'] = VERIFY_SECRET;
const INGEST_GROUP = 'faults-ingest';
const TOPICS = { sed: 'faults.sed', declaration: 'faults.decl', certificate: 'faults.cert', dlq: 'faults.dlq' } as const;
const logger = createLogger({ level: 'silent' });
const started = Date.now();

function say(msg: string): void {
  const s = ((Date.now() - started) / 1000).toFixed(0).padStart(5);
  process.stdout.write(`[faults ${s}s] ${msg}\n`);
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Polls `check` (errors count as false: the database may be restarting) until true. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(everyMs);
  }
  throw new Error(`${what}: not reached within ${Math.round(timeoutMs / 1000)} s`);
}

interface Backlog {
  messages: SynthMessage[];
  crasher: SynthMessage;
  hashes: Buffer[];
  distinct: number;
}

function buildBacklog(): Backlog {
  const n = P.messages;
  const messages = [
    ...generateCorpus({ seed: P.seed, seds: Math.round(n * 0.7), declarations: Math.round(n * 0.15), certificates: n - Math.round(n * 0.7) - Math.round(n * 0.15), badRate: 0.01 }),
  ];
  // A document that kills the ingest process whenever it is handled (crash loop).
  const crasher: SynthMessage = { topic: 'sed', key: 'crash-loop', headers: { sedType: 'A009' }, value: `{"sed":"A009","note":"${CRASH_MARKER}"}`, expect: { kind: 'bad' } };
  messages.splice(Math.floor(messages.length / 3), 0, crasher);
  const seen = new Map<string, Buffer>();
  for (const m of messages) {
    const h = messageHash(m.headers, Buffer.from(m.value, 'utf8'));
    seen.set(h.toString('hex'), h);
  }
  return { messages, crasher, hashes: [...seen.values()], distinct: seen.size };
}

async function produce(brokers: string, backlog: Backlog): Promise<void> {
  const sink = new KafkaSink(createKafka({ brokers: [brokers], clientId: 'faults-producer', logger }));
  const chunk: Record<string, SynthMessage[]> = { sed: [], declaration: [], certificate: [] };
  const flush = async (topic: keyof typeof chunk): Promise<void> => {
    const list = chunk[topic] ?? [];
    if (list.length === 0) return;
    await sink.send(TOPICS[topic as 'sed'], list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })));
    chunk[topic] = [];
  };
  for (const m of backlog.messages) {
    const list = chunk[m.topic] ?? [];
    list.push(m);
    chunk[m.topic] = list;
    if (list.length >= 1000) await flush(m.topic);
  }
  for (const t of Object.keys(chunk)) await flush(t);
  await sink.close();
}

/** Retries an idempotent step until it succeeds: the reference shares the PostgreSQL that the suite restarts. */
async function retrying<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= 100) throw err;
      await sleep(2_000);
    }
  }
}

/**
 * The reference, part 1 (runs while the faulted pipeline runs): the same messages stored through
 * the same code in one process, in order, without faults.
 */
async function cleanIngest(pool: Pool, backlog: Backlog): Promise<void> {
  const ingestor = new Ingestor({ pool, limits: { maxBytes: 5 * 1024 * 1024, maxDepth: 64 }, logger });
  const plain = backlog.messages.filter((m) => m !== backlog.crasher);
  for (let i = 0; i < plain.length; i += 1000) {
    const batch = plain.slice(i, i + 1000).map((m) => ({ source: 'kafka' as const, topic: null, partition: null, offset: null, key: m.key, headers: m.headers, body: Buffer.from(m.value, 'utf8') }));
    await retrying(() => ingestor.ingest(batch));
  }
  // The crash-loop document ends as a dead letter, as the service stores it.
  const body = Buffer.from(backlog.crasher.value, 'utf8');
  const message = { source: 'kafka' as const, topic: null, partition: null, offset: null, key: backlog.crasher.key, headers: backlog.crasher.headers, body };
  const prepared: PreparedMessage = { hash: messageHash(message.headers, body), kind: 'unknown', message, outcome: { type: 'rejected', rejection: { code: RejectionCodes.RETRIES_EXHAUSTED, message: 'crash loop', path: null } } };
  await retrying(() => ingestor.store([prepared]));
}

/** The reference, part 2 (after the faulted run, so both score as of the same day): one full match and one full scoring. */
async function cleanDerive(pool: Pool): Promise<void> {
  await runMatch(pool, { all: true, logger });
  await rescore(pool, logger);
}

async function dlqMessages(admin: Admin): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(TOPICS.dlq);
  return offsets.reduce((a, o) => a + Number(o.high) - Number(o.low), 0);
}

/** Dead letters of the crash-loop document (RETRIES_EXHAUSTED): 1 once crash-loop protection gave up on it. */
async function crashLoopDeadLetters(pool: Pool, backlog: Backlog): Promise<number> {
  return count(
    pool,
    "SELECT count(*) AS n FROM dead_letters d JOIN raw_messages r ON r.id = d.raw_message_id WHERE d.error_code = 'RETRIES_EXHAUSTED' AND r.body = $1",
    [Buffer.from(backlog.crasher.value, 'utf8')],
  );
}

/**
 * The crash loop is over: the crash-loop document is dead-lettered and the ingest group has
 * committed its offset (until then a re-delivery makes it kill ingest processes again).
 */
async function crashLoopOver(pool: Pool, backlog: Backlog, brokers: string): Promise<boolean> {
  const r = await pool.query<{ topic: string | null; partition: number | null; offset: string | null }>(
    `SELECT r.source_topic AS topic, r.source_partition AS partition, r.source_offset::text AS "offset"
       FROM dead_letters d JOIN raw_messages r ON r.id = d.raw_message_id WHERE d.error_code = 'RETRIES_EXHAUSTED' AND r.body = $1`,
    [Buffer.from(backlog.crasher.value, 'utf8')],
  );
  const at = r.rows[0];
  if (at === undefined) return false;
  if (at.topic === null || at.partition === null || at.offset === null) return true;
  const admin = new Kafka({ clientId: 'faults-admin', brokers: [brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId: INGEST_GROUP, topics: [at.topic] });
    const p = committed?.partitions.find((x) => x.partition === at.partition);
    return p !== undefined && Number(p.offset) > Number(at.offset);
  } finally {
    await admin.disconnect();
  }
}

interface FaultEvent {
  at: number;
  kind: 'kill' | 'restart';
  target: ServiceName | Server;
}

/** Kills rotate over the three services in a seeded random order; the three server restarts sit at 30, 55 and 80 %. */
function schedule(servers: Server[]): FaultEvent[] {
  const rng = new Rng(P.seed);
  const names: ServiceName[] = ['ingest', 'matcher', 'risk'];
  const events: FaultEvent[] = [];
  for (let i = 0; i < P.kills; i += 1) {
    if (i % 3 === 0) for (let j = names.length - 1; j > 0; j -= 1) {
      const k = Math.floor(rng.next() * (j + 1));
      [names[j], names[k]] = [names[k] as ServiceName, names[j] as ServiceName];
    }
    events.push({ at: (0.9 * (i + 1)) / (P.kills + 1), kind: 'kill', target: names[i % 3] as ServiceName });
  }
  servers.forEach((s, i) => events.push({ at: [0.3, 0.55, 0.8][i] ?? 0.9, kind: 'restart', target: s }));
  return events.sort((a, b) => a.at - b.at);
}

/** The end of every log of the run: on CI the temporary directory is gone once the job ends. */
function printLogTails(dir: string, services: ServiceProcess[]): void {
  const tail = (file: string, lines: number): string =>
    fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '(no log)';
  for (const s of services) process.stdout.write(`--- last lines of ${s.name}.log ---\n${tail(s.logFile, 20)}\n`);
  for (const f of ['pg.log', 'redis.log', path.join('kafka', 'server.log')]) {
    process.stdout.write(`--- last lines of ${f} ---\n${tail(path.join(dir, f), 10)}\n`);
  }
}

async function main(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-faults-'));
  say(`parameters ${JSON.stringify(P)}; servers and logs in ${dir}`);
  const pgServer = new OwnPostgres(dir, await freePort());
  const redis = new OwnRedis(dir, await freePort());
  const kafkaServer = new OwnKafka(dir, await freePort(), await freePort());
  const services: ServiceProcess[] = [];
  const pools: Pool[] = [];
  const failures: string[] = [];
  let ok = false;
  const teardown = async (): Promise<void> => {
    await Promise.all(services.map((s) => s.stop().catch(() => null)));
    await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
    await Promise.all([kafkaServer.stop(), redis.stop(), pgServer.stop()].map((p) => p.catch(() => undefined)));
  };
  // Ctrl-C or a CI timeout: leave no servers behind.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      say(`${sig}: tearing down (logs kept in ${dir})`);
      void teardown().finally(() => process.exit(130));
    });
  }
  try {
    say('starting own PostgreSQL, Redis and Kafka ...');
    await Promise.all([pgServer.init(), redis.start(), kafkaServer.init()]);
    await migrateDatabase(pgServer.url, 'faults');
    await migrateDatabase(pgServer.url, 'clean');
    const pool = createPool({ connectionString: pgServer.url, schema: 'faults', max: 3 });
    const cleanPool = createPool({ connectionString: pgServer.url, schema: 'clean', max: 3 });
    pools.push(pool, cleanPool);
    const admin = new Kafka({ clientId: 'faults-admin', brokers: [kafkaServer.brokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: Object.values(TOPICS).map((topic) => ({ topic, numPartitions: P.partitions, replicationFactor: 1 })),
    });
    await admin.disconnect();

    say(`generating ${P.messages} messages ...`);
    const backlog = buildBacklog();
    say(`producing ${backlog.messages.length} messages (${backlog.distinct} distinct) ...`);
    await produce(kafkaServer.brokers, backlog);

    const env: Record<string, string> = {
      DATABASE_URL: pgServer.url,
      LAC_DB_SCHEMA: 'faults',
      KAFKA_BROKERS: kafkaServer.brokers,
      REDIS_URL: redis.url,
      LAC_TOPIC_SED: TOPICS.sed,
      LAC_TOPIC_DECLARATIONS: TOPICS.declaration,
      LAC_TOPIC_CERTIFICATES: TOPICS.certificate,
      LAC_TOPIC_DLQ: TOPICS.dlq,
      LAC_INGEST_GROUP: INGEST_GROUP,
      // The broker's minimum: a killed consumer's partitions move on after 6 s.
      LAC_KAFKA_SESSION_TIMEOUT_MS: '6000',
      LAC_MAX_ATTEMPTS: String(P.maxAttempts),
      LAC_TEST_CRASH_ON: CRASH_MARKER,
      LAC_HEARTBEAT_MS: '2000',
      LAC_VERIFY_SECRET: VERIFY_SECRET,
    };
    const byName = {
      ingest: new ServiceProcess('ingest', [], env, dir),
      matcher: new ServiceProcess('matcher', [], env, dir),
      risk: new ServiceProcess('risk', [], env, dir),
    };
    services.push(byName.ingest, byName.matcher, byName.risk);
    for (const s of services) s.start();
    say('services started: ingest, matcher, risk; the clean reference is stored meanwhile');
    const reference = cleanIngest(cleanPool, backlog);
    reference.catch(() => undefined);

    const progress = async (): Promise<number> => (await count(pool, 'SELECT count(*) AS n FROM raw_messages')) / backlog.distinct;
    let restartsSurvived = 0;
    for (const ev of schedule([pgServer, redis, kafkaServer])) {
      await until(`progress ${Math.round(ev.at * 100)} %`, async () => (await progress()) >= ev.at, 30 * 60_000);
      const p = await progress().catch(() => NaN);
      if (ev.kind === 'kill') {
        const svc = byName[ev.target as ServiceName];
        // A random point inside the service's work, not right at the threshold.
        await sleep(Math.floor(Math.random() * 1500));
        await svc.killAndRestart();
        say(`kill -9 ${svc.name} at ${(p * 100).toFixed(1)} % (kill #${services.reduce((a, s) => a + s.kills, 0)})`);
      } else {
        const server = ev.target as Server;
        // Only `lac ingest` talks to Kafka: an ingest process that the crash-loop document kills
        // while the broker is away never gets to log its reconnection (its successor starts
        // fresh), so the broker restart waits until that document is dead-lettered and committed.
        if (server.name === 'kafka') await until('crash loop over', () => crashLoopOver(pool, backlog, kafkaServer.brokers), 30 * 60_000, 2_000);
        // Every service up and working for a while, so that each sees the server go away.
        await until('services running', async () => services.every((s) => s.isRunning() && Date.now() - s.startedAt > 5_000), 600_000);
        say(`restarting ${server.name} at ${(p * 100).toFixed(1)} % ...`);
        await server.restart(3_000);
        restartsSurvived += 1;
        say(`${server.name} is back`);
        // No kill before every service that saw the server go has logged its recovery: a kill
        // scheduled right after (the last ones fire together when the backlog is in) would
        // otherwise take the reconnection it was about to log with it.
        const recovered = async (): Promise<boolean> => services.every((s) => !s.outstandingOutages().includes(server.name));
        await until(`services reconnected to ${server.name}`, recovered, 120_000, 1_000).catch(() => {
          for (const s of services) if (s.outstandingOutages().includes(server.name)) failures.push(`${s.name} did not log its recovery from the ${server.name} restart within 120 s`);
        });
      }
    }

    say('faults done; waiting for the pipeline to settle ...');
    const matchQueue = new Queue(MATCH_QUEUE, { connection: { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null }, prefix: 'lac' });
    const riskQueue = new Queue(RISK_QUEUE, { connection: { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null }, prefix: 'lac' });
    const idle = async (): Promise<boolean> => {
      const raw = await count(pool, 'SELECT count(*) AS n FROM raw_messages');
      const unpublished = await count(pool, 'SELECT count(*) AS n FROM dead_letters WHERE published_at IS NULL');
      const dirty = await count(pool, 'SELECT count(*) AS n FROM match_dirty');
      const riskDirty = await count(pool, "SELECT CASE WHEN to_regclass('risk_dirty') IS NULL THEN 0 ELSE (SELECT count(*) FROM risk_dirty) END AS n");
      let pending = 0;
      for (const q of [matchQueue, riskQueue]) {
        const c = await q.getJobCounts('waiting', 'active', 'prioritized');
        pending += Object.values(c).reduce((x, y) => x + y, 0);
        // The risk worker's job scheduler always keeps its next run delayed: not pending work.
        pending += (await q.getJobs(['delayed'])).filter((j) => j.repeatJobKey === undefined).length;
      }
      return raw >= backlog.distinct && unpublished === 0 && dirty === 0 && riskDirty === 0 && pending === 0;
    };
    // Idle twice in a row, a few seconds apart (a wake-up may be in flight between stages).
    await until('pipeline idle', async () => (await idle()) && (await sleep(5_000), await idle()), 60 * 60_000, 2_000);
    await matchQueue.close();
    await riskQueue.close();
    // Idle is not enough: a consumer with nothing left to read may still be rejoining its group
    // after the broker restart. Each service must have recovered from what it saw go down.
    await until('services reconnected', async () => services.every((s) => s.outstandingOutages().length === 0), 300_000, 2_000).catch(() => {
      for (const s of services) for (const d of s.outstandingOutages()) failures.push(`${s.name} still has ${d} down when the pipeline is idle`);
    });
    for (const s of services) {
      const code = await s.stop();
      if (code !== 0) failures.push(`${s.name} did not stop cleanly on SIGTERM (exit ${code})`);
    }
    say('pipeline idle; services stopped with SIGTERM');

    const status = await runLac(['status'], env);
    say(`lac status (exit ${status.code}):\n${status.stdout}${status.stderr.split('\n').filter((l) => !l.includes('"level"')).join('\n')}`);

    say('clean reference: finishing storage, then one full match and scoring ...');
    await reference;
    await cleanDerive(cleanPool);

    const counts = await storageCounts(pool, backlog.hashes);
    const got = await pipelineFingerprint(pool);
    const want = await pipelineFingerprint(cleanPool);
    for (const table of Object.keys(want)) {
      if (got[table] === want[table]) continue;
      failures.push(`${table} differs from the clean run: ${got[table]} vs ${want[table]}`);
      // The derived tables compare row by row: show a few of the differing rows (synthetic data only).
      if (['person_records', 'matches', 'flags', 'risk_scores_latest'].includes(table)) {
        for (const line of await rowDifferences(pool, table, 'faults', 'clean')) failures.push(`  ${line}`);
      }
    }
    if (counts.lost !== 0) failures.push(`${counts.lost} messages lost`);
    if (counts.duplicated !== 0) failures.push(`${counts.duplicated} messages duplicated`);
    const crashDl = await crashLoopDeadLetters(pool, backlog);
    if (crashDl !== 1) failures.push('the crash-loop document is not in dead_letters as RETRIES_EXHAUSTED');
    const admin2 = new Kafka({ clientId: 'faults-admin', brokers: [kafkaServer.brokers], logLevel: logLevel.NOTHING }).admin();
    await admin2.connect();
    const dlq = await dlqMessages(admin2);
    await admin2.disconnect();
    if (dlq < counts.rejected) failures.push(`only ${dlq} messages on the DLQ topic for ${counts.rejected} dead letters`);

    const kills = services.reduce((a, s) => a + s.kills, 0);
    const unexpected = services.flatMap((s) => s.unexpected);
    for (const u of unexpected) failures.push(`${u.service} exited on its own (code ${u.code}, signal ${u.signal}) at ${u.at}`);
    // A command that failed prints `lac: <reason>`; a service doing so may even stay alive without working.
    for (const s of services) {
      for (const line of s.log().split('\n').filter((l) => l.startsWith('lac: '))) failures.push(`${s.name} failed: ${line}`);
    }
    const events: Record<string, Record<string, { down: number; reconnected: number }>> = {};
    for (const s of services) events[s.name] = dependencyEvents(s.log());
    for (const dep of ['postgres', 'redis', 'kafka']) {
      const reconnected = Object.values(events).reduce((a, e) => a + (e[dep]?.reconnected ?? 0), 0);
      if (reconnected === 0) failures.push(`no service logged "dependency reconnected" for ${dep}`);
    }

    const rows: Array<[string, string]> = [
      ['messages produced', String(backlog.messages.length)],
      ['distinct messages', String(backlog.distinct)],
      ['stored (raw_messages)', String(counts.raw)],
      ['  accepted', String(counts.stored)],
      ['  rejected (dead letters)', String(counts.rejected)],
      ['  crash loop -> DLQ', String(crashDl)],
      ['on the DLQ topic', String(dlq)],
      ['duplicated', String(counts.duplicated)],
      ['lost', String(counts.lost)],
      ['kills survived', `${kills} (${services.map((s) => `${s.name} ${s.kills}`).join(', ')})`],
      ['crash-loop self-kills', String(byName.ingest.selfKills)],
      ['restarts survived', `${restartsSurvived} (postgres, redis, kafka)`],
      ['unexpected exits', String(unexpected.length)],
      ...services.map((s): [string, string] => [`reconnects logged: ${s.name}`, Object.entries(events[s.name] ?? {}).map(([d, e]) => `${d} down ${e.down}/up ${e.reconnected}`).join(', ') || '-']),
      ['state equals clean run', failures.some((f) => f.includes('differs')) ? 'NO' : 'yes'],
      ['wall time', `${Math.round((Date.now() - started) / 1000)} s`],
    ];
    const w = Math.max(...rows.map((r) => r[0].length));
    process.stdout.write(`\nFault suite summary\n${rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n')}\n`);
    if (kills < Math.min(P.kills, 20) && P.kills >= 20) failures.push(`only ${kills} kills`);
    ok = failures.length === 0;
    process.stdout.write(ok ? '\nPASS\n' : `\nFAIL\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
    if (!ok) printLogTails(dir, services);
  } catch (err) {
    process.stdout.write(`\nFAIL: ${(err as Error).stack ?? String(err)}\n`);
    printLogTails(dir, services);
  } finally {
    await teardown();
    if (ok && !P.keep) fs.rmSync(dir, { recursive: true, force: true });
    else say(`kept ${dir} (logs: ingest.log, matcher.log, risk.log, pg.log, redis.log, kafka/server.log)`);
  }
  return ok ? 0 : 1;
}

process.exitCode = await main();
