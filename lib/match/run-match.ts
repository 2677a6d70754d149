/**
 * `lac match`: brings person records in step with the sources, then resolves whole identity
 * components (records sharing a birth date or a PIN, transitively) and recomputes the matches of
 * their subjects. Each component is resolved on its own, never cut and never mixed with others,
 * so a person key depends on its component only, whatever the chunking.
 *
 * - Incremental (the default, and the matcher service): the sync compares the person refs the
 *   source tables' triggers logged since the last run (`sql-person-changes.ts`), and marks the
 *   blocks of what changed dirty; their components are loaded by closure, a chunk of about `recordsPerChunk` records at a
 *   time; a chunk's writes and the dirty blocks it covered go in one transaction, so a run after
 *   each slice of a backlog ends where one full run ends, and a crash loses nothing.
 * - Full (`--all`, or a sync that found a large share of the records changed): the sources are read
 *   once into a snapshot with their facts, components are resolved chunk by chunk from it, and one
 *   transaction merges the results (`sql-full-run.ts`).
 *
 * One matcher runs at a time per schema (a session advisory lock held for the run).
 */
import os from 'node:os';
import type { Pool, PoolClient } from '../db/pool.js';
import type { Logger } from '../log/logger.js';
import { connectedComponents } from '../../core/match/components.js';
import { clearDirty, dirtyBlocks, personSourcesFingerprint, syncPersonSources, writeResolutions, type PersonRecordRow } from './sql-person-records.js';
import { claimPersonChanges } from './sql-person-changes.js';
import { loadClosure } from './sql-components.js';
import { certificateFacts, sedFacts, workerFacts } from './sql-subjects.js';
import { upsertMatches } from './sql-matches.js';
import { analyzeIfStale } from '../db/analyze-if-stale.js';
import { createSnapshot, dropSnapshot, RESULT_TABLES, loadSnapshotChunk, mergeSnapshot, snapshotComponents, stageResults } from './sql-full-run.js';
import { runSnapshotChunk } from './snapshot-chunk.js';
import { ComponentPool } from './component-pool.js';
import { factIds, matchComponents, type ComponentFacts } from './match-components.js';
import { recordStageRun } from '../status/stage-runs.js';

/**
 * Serialises the matchers of one schema (advisory locks are per database; the schema is the
 * second key): a component is resolved from one consistent view, and nothing marks blocks dirty
 * while a run works through them.
 */
const MATCH_LOCK = 0x1ac0_0002;
const LOCK_SQL = (fn: string): string => `SELECT ${fn}($1, hashtext(current_schema()))`;


export interface MatchRunResult {
  /** Person records added, changed or removed. */
  synced: number;
  /** Chunks of components processed. */
  components: number;
  records: number;
  subjects: number;
  changed: number;
  removed: number;
  /**
   * Companies named by the subjects this run matched again, and by the matches it removed (their
   * evidence may have changed): the risk hand-off.
   */
  companyKeys: string[];
}

export interface MatchOptions {
  all?: boolean;
  logger: Logger;
  /** Records per chunk (one read, one write); default 8,000. A component larger than that is one chunk. */
  recordsPerChunk?: number;
  /** Worker threads resolving a full run's chunks; default 2 (at most the cores) from 100,000 records, else none. */
  workers?: number;
  /**
   * An incremental run whose sync changed more records than this, and more than a fifth of them,
   * runs as a full run instead (a first run over a backlog); default 50,000.
   */
  fullRunAbove?: number;
}

export async function runMatch(pool: Pool, options: MatchOptions): Promise<MatchRunResult> {
  const started = new Date();
  const client = await pool.connect();
  try {
    await client.query(LOCK_SQL('pg_advisory_lock'), [MATCH_LOCK]);
  } catch (err) {
    client.release(true);
    throw err;
  }
  let result: MatchRunResult;
  try {
    // Planning with JIT costs more than most of the matcher's statements (a chunk's read, say) take to run.
    await client.query('SET jit = off');
    result = await runLocked(client, options, started);
    await client.query('RESET jit');
  } catch (err) {
    // Closing the connection drops the lock, any transaction left open and the snapshot tables.
    client.release(true);
    throw err;
  }
  try {
    await client.query(LOCK_SQL('pg_advisory_unlock'), [MATCH_LOCK]);
    client.release();
  } catch {
    client.release(true);
  }
  options.logger.info({ ...result, companyKeys: result.companyKeys.length, ms: Date.now() - started.getTime() }, 'match run finished');
  return result;
}

async function runLocked(client: PoolClient, options: MatchOptions, started: Date): Promise<MatchRunResult> {
  const result: MatchRunResult = { synced: 0, components: 0, records: 0, subjects: 0, changed: 0, removed: 0, companyKeys: [] };
  const companies = new Set<string>();
  const chunkSize = Math.max(1, options.recordsPerChunk ?? 8_000);
  let full = options.all === true;
  if (!full) {
    await client.query('BEGIN');
    try {
      // Most of the work is new (a first run over a backlog): a full run does it with fewer writes.
      const large = async (n: number): Promise<boolean> => n > (options.fullRunAbove ?? 50_000) && n > (await personRecordEstimate(client)) / 5;
      const claim = await claimPersonChanges(client, personSourcesFingerprint());
      full = !claim.all && (await large(claim.refs));
      if (!full) {
        const sync = await syncPersonSources(client, claim);
        full = await large(sync.changed);
        if (!full) {
          result.synced = sync.changed;
          result.removed += sync.removed.count;
          for (const k of sync.removed.companyKeys) companies.add(k);
        }
      }
      // A full run reads every source: the claimed changes go back to the log, its merge takes those it saw.
      await client.query(full ? 'ROLLBACK' : 'COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
  if (full) await fullRun(client, options, chunkSize, result, companies);
  else await incrementalRun(client, chunkSize, result, companies);

  result.companyKeys = [...companies].sort();
  const { companyKeys: _keys, ...summary } = result;
  await recordStageRun(client, 'match', result.subjects, { ...summary, full, companies: companies.size }, started);
  return result;
}

async function fullRun(client: PoolClient, options: MatchOptions, chunkSize: number, result: MatchRunResult, companies: Set<string>): Promise<void> {
  const snapshot = await createSnapshot(client);
  const groups = await snapshotComponents(client);
  const total = groups.reduce((n, g) => n + g.records, 0);
  // Worker threads cost a second or two to start: worth it for large runs only.
  const workers = options.workers ?? (total >= 100_000 ? Math.min(2, os.availableParallelism()) : 0);
  const pool = workers > 0 ? new ComponentPool(workers) : null;
  // Chunks in flight (read, resolving, staging): enough to keep every worker busy, few enough to bound memory.
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  try {
    for (const labels of chunksOf(groups, chunkSize)) {
      const json = await loadSnapshotChunk(client, labels);
      const work = (pool === null ? Promise.resolve(runSnapshotChunk(json)) : pool.run(json)).then(async (r) => {
        await stageResults(client, r.keysJson, r.rowsJson);
        result.components += 1;
        result.records += r.records;
        result.subjects += r.subjects;
        for (const k of r.companyKeys) companies.add(k);
      });
      const tracked = work.catch((err: unknown) => {
        failure ??= err;
      }).finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      while (inFlight.size > workers + 1) await Promise.race(inFlight);
      if (failure !== null) throw failure;
    }
    await Promise.all(inFlight);
    if (failure !== null) throw failure;
  } finally {
    await pool?.close();
  }
  const merged = await inTransaction(client, () => mergeSnapshot(client, snapshot));
  result.synced = merged.synced;
  result.changed = merged.changed;
  result.removed = merged.removed;
  for (const k of merged.removedCompanyKeys) companies.add(k);
  await dropSnapshot(client);
  // The tables it rewrote, for the incremental runs and readers that follow.
  await analyzeIfStale(client, RESULT_TABLES);
}

/** Label groups packed into chunks of about `size` records (a group is never split). */
function chunksOf(groups: ReadonlyArray<{ labels: string[]; records: number }>, size: number): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let count = 0;
  for (const g of groups) {
    if (current.length > 0 && count + g.records > size) {
      out.push(current);
      current = [];
      count = 0;
    }
    current.push(...g.labels);
    count += g.records;
  }
  if (current.length > 0) out.push(current);
  return out;
}

async function incrementalRun(client: PoolClient, chunkSize: number, result: MatchRunResult, companies: Set<string>): Promise<void> {
  const seeds = await dirtyBlocks(client);
  const done = new Set<string>();
  // Seeds per closure, adapted so that a chunk holds about `chunkSize` records.
  let take = 64;
  let next = 0;
  while (next < seeds.length) {
    const group: string[] = [];
    while (next < seeds.length && group.length < take) {
      const s = seeds[next++] as string;
      if (!done.has(s)) group.push(s);
    }
    if (group.length === 0) continue;
    const closure = await loadClosure(client, group);
    // Later seeds already inside these components are covered too.
    const covered = [...group];
    for (let i = next; i < seeds.length; i++) {
      const s = seeds[i] as string;
      if (closure.blocks.has(s) && !done.has(s)) covered.push(s);
    }
    for (const s of covered) done.add(s);
    const facts = await loadFacts(client, closure.records);
    const out = matchComponents(connectedComponents(closure.records), facts);
    await inTransaction(client, async () => {
      await writeResolutions(client, out.changedResolutions);
      result.changed += await upsertMatches(client, out.rows);
      await clearDirty(client, covered);
    });
    result.components += 1;
    result.records += closure.records.length;
    result.subjects += out.rows.length;
    for (const k of out.companyKeys) companies.add(k);
    take = Math.max(1, Math.min(10_000, Math.round((take * chunkSize) / Math.max(1, closure.records.length))));
  }
}

async function loadFacts(client: PoolClient, records: readonly PersonRecordRow[]): Promise<ComponentFacts> {
  const ids = factIds(records);
  // One connection runs one query at a time.
  const seds = await sedFacts(client, ids.sedIds);
  const workers = await workerFacts(client, ids.workers);
  const certificates = await certificateFacts(client, ids.certificateNumbers);
  return {
    seds: new Map(seds.map((s) => [s.documentId, s])),
    workers: new Map(workers.map((w) => [`${w.declarationId}#${w.workerIdx}`, w])),
    certificates: new Map(certificates.map((c) => [c.certificateNumber, c])),
  };
}

async function personRecordEstimate(client: PoolClient): Promise<number> {
  const res = await client.query<{ n: number }>("SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = 'person_records'::regclass");
  return res.rows[0]?.n ?? 0;
}

async function inTransaction<T>(client: PoolClient, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const out = await fn();
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
