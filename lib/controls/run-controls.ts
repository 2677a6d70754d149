/**
 * Runs the control catalogue over every person (and, when given, every company) and keeps the
 * flags table equal to the current hits, writing only the flags that change.
 *
 * A full run streams (stream-person-facts.ts, stream-company-facts.ts): one sorted query per
 * source on a reading connection holding one snapshot, consumed batch by batch; each batch's
 * flag changes are written on another connection in their own transaction while the next batch
 * is read, so PostgreSQL and Node work at the same time. An incremental run (given persons or
 * companies) reads just those through indexes. Either way memory holds a batch or two, never the
 * whole population.
 */
import type { Pool, PoolClient } from '../db/pool.js';
import { withTransaction } from '../db/pool.js';
import type { Logger } from '../log/logger.js';
import type { CompanyControl, CompanyFacts, PersonControl, PersonFacts } from '../../core/controls/types.js';
import { companyChunks, loadCompanyDirectory, sharedAddressCompanies } from './company-directory.js';
import { loadCompanyFacts } from './load-company-facts.js';
import { loadPersonFacts } from './load-person-facts.js';
import { PersonFactStream } from './stream-person-facts.js';
import { CompanyFactStream } from './stream-company-facts.js';
import { Cursor } from './cursor.js';
import { clearOrphanPersonFlags, replaceFlags, STORED_FLAG_COLUMNS, writeFlagChanges, type FlagRow, type StoredFlag } from './sql-flags.js';
import { recordStageRun } from '../status/stage-runs.js';
import { streamSettings, withReadTransaction } from './connections.js';

export interface ControlRunResult {
  persons: number;
  hits: number;
  raised: number;
  cleared: number;
}

/** Persons per batch: a few thousand rows of facts, short-lived enough for the young generation. */
const PERSON_BATCH = 1000;
/** Source rows (postings, attestations, certificates) per chunk of companies. */
const COMPANY_CHUNK_ROWS = 20_000;

/** Every hit of `controls` on `all`, as flag rows; `owner` names the person or company a facts object is about. */
function flagRows<F>(
  controls: ReadonlyArray<Pick<PersonControl, 'id' | 'version' | 'severity' | 'legalBasis' | 'message'> & { evaluate(facts: F): ReturnType<PersonControl['evaluate']> }>,
  all: readonly F[],
  owner: (facts: F) => Pick<FlagRow, 'scope' | 'scopeKey' | 'personKey'>,
): FlagRow[] {
  const rows: FlagRow[] = [];
  for (const facts of all) {
    const who = owner(facts);
    for (const control of controls) {
      for (const hit of control.evaluate(facts)) {
        rows.push({ controlId: control.id, controlVersion: control.version, severity: control.severity, ...who, hit, legalBasis: control.legalBasis, message: control.message });
      }
    }
  }
  return rows;
}

const personFlagRows = (controls: readonly PersonControl[], all: PersonFacts[]): FlagRow[] =>
  flagRows(controls, all, (f) => ({ scope: 'person', scopeKey: f.personKey, personKey: f.personKey }));

const companyFlagRows = (controls: readonly CompanyControl[], all: CompanyFacts[]): FlagRow[] =>
  flagRows(controls, all, (f) => ({ scope: 'company', scopeKey: f.companyKey, personKey: null }));

/**
 * Runs `fn` with a reading connection in a REPEATABLE READ transaction (one snapshot for all its
 * streams) and a writer: another connection, one transaction per call, when the pool has one to
 * spare; else the reading connection itself (everything then commits at the end).
 */
async function withReader<T>(
  pool: Pool,
  fn: (reader: PoolClient, write: <W>(w: (client: PoolClient) => Promise<W>) => Promise<W>) => Promise<T>,
): Promise<T> {
  const reader = await pool.connect();
  try {
    await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await streamSettings(reader);
    const aside = (pool.options.max ?? 10) >= 2;
    const result = await fn(reader, (w) => (aside ? withTransaction(pool, w) : w(reader)));
    await reader.query('COMMIT');
    return result;
  } catch (err) {
    await reader.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    reader.release();
  }
}

/** Starts the next read now (it overlaps the current write); its failure surfaces where it is awaited. */
function ahead<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

export async function runPersonControls(
  pool: Pool,
  controls: readonly PersonControl[],
  /** `personKeys`: only these persons (incremental rescoring); all persons otherwise. */
  options: { asOf: string; logger: Logger; batchSize?: number; personKeys?: readonly string[] },
): Promise<ControlRunResult> {
  const started = new Date();
  const size = options.batchSize ?? PERSON_BATCH;
  const result =
    options.personKeys === undefined
      ? await allPersons(pool, controls, options.asOf, size)
      : await somePersons(pool, controls, options.asOf, size, [...options.personKeys]);
  await withTransaction(pool, (c) => recordStageRun(c, 'controls', result.hits, { ...result, asOf: options.asOf }, started));
  options.logger.info(result, 'person controls run');
  return result;
}

async function allPersons(pool: Pool, controls: readonly PersonControl[], asOf: string, size: number): Promise<ControlRunResult> {
  const result: ControlRunResult = { persons: 0, hits: 0, raised: 0, cleared: 0 };
  await withReader(pool, async (reader, write) => {
    const stream = await PersonFactStream.open(reader, asOf, size);
    let batch = await stream.next();
    while (batch !== null) {
      const next = ahead(stream.next());
      const rows = personFlagRows(controls, batch.facts);
      // Flags of persons that no longer exist (re-keyed by identity resolution) go with the batch they sort into.
      const { stored, gone } = batch;
      const r = await write((c) => writeFlagChanges(c, 'person', rows, stored, gone));
      result.persons += batch.keys.length;
      result.hits += rows.length;
      result.raised += r.raised;
      result.cleared += r.cleared;
      batch = await next;
    }
  });
  return result;
}

async function somePersons(pool: Pool, controls: readonly PersonControl[], asOf: string, size: number, only: string[]): Promise<ControlRunResult> {
  const result: ControlRunResult = { persons: 0, hits: 0, raised: 0, cleared: 0 };
  const read = (after: string): Promise<{ keys: string[]; facts: PersonFacts[] }> =>
    withReadTransaction(pool, async (client) => {
      const found = await client.query<{ person_key: string }>(
        'SELECT DISTINCT person_key FROM person_records WHERE person_key > $1 AND person_key = ANY($3) ORDER BY person_key LIMIT $2',
        [after, size, only],
      );
      const keys = found.rows.map((r) => r.person_key);
      return { keys, facts: keys.length === 0 ? [] : await loadPersonFacts(client, keys, asOf) };
    });
  let batch = await read('');
  while (batch.keys.length > 0) {
    const last = batch.keys[batch.keys.length - 1] ?? '';
    const next = batch.keys.length < size ? null : ahead(read(last));
    const rows = personFlagRows(controls, batch.facts);
    const keys = batch.keys;
    const r = await withTransaction(pool, (client) => replaceFlags(client, 'person', keys, rows));
    result.persons += keys.length;
    result.hits += rows.length;
    result.raised += r.raised;
    result.cleared += r.cleared;
    if (next === null) break;
    batch = await next;
  }
  // A re-keyed person's old key is in no list of changed persons: every person flag is checked.
  result.cleared += await withTransaction(pool, (c) => clearOrphanPersonFlags(c));
  return result;
}

export interface CompanyControlRunResult {
  companies: number;
  hits: number;
  raised: number;
  cleared: number;
  /** Companies evaluated, and companies whose flags were cleared because they are no longer seen. */
  companyKeys: string[];
}

export async function runCompanyControls(
  pool: Pool,
  controls: readonly CompanyControl[],
  /** `companies`: evaluate and replace only these companies' flags (incremental rescoring); all otherwise. */
  options: { asOf: string; logger: Logger; companies?: readonly string[] },
): Promise<CompanyControlRunResult> {
  const out = options.companies === undefined ? await allCompanies(pool, controls, options.asOf) : await someCompanies(pool, controls, options.asOf, options.companies);
  const { companyKeys, ...summary } = out;
  options.logger.info(summary, 'company controls run');
  return { ...summary, companyKeys };
}

async function allCompanies(pool: Pool, controls: readonly CompanyControl[], asOf: string): Promise<CompanyControlRunResult> {
  const out = { companies: 0, hits: 0, raised: 0, cleared: 0 };
  const staleKeys = new Set<string>();
  const keys = await withReader(pool, async (reader, write) => {
    const dir = await loadCompanyDirectory(reader);
    const stream = await CompanyFactStream.open(reader, dir, asOf);
    const flags = await Cursor.open<StoredFlag>(reader, `SELECT ${STORED_FLAG_COLUMNS} FROM flags WHERE scope = 'company' ORDER BY scope_key COLLATE "C"`);
    const chunks = companyChunks(dir, dir.keys, COMPANY_CHUNK_ROWS);
    const read = async (i: number): Promise<{ facts: CompanyFacts[]; stored: StoredFlag[]; gone: StoredFlag[] }> => {
      const chunk = chunks[i] ?? [];
      const facts = await stream.facts(chunk);
      const inChunk = new Set(chunk);
      const stored: StoredFlag[] = [];
      const gone: StoredFlag[] = [];
      // Flags of companies no longer seen sort between (or after) the companies that are.
      const sort = (f: StoredFlag): void => {
        (inChunk.has(f.scope_key) ? stored : gone).push(f);
      };
      if (i === chunks.length - 1 || chunks.length === 0) await flags.takeRest(sort);
      else await flags.takeThrough(chunk[chunk.length - 1] ?? '', (f) => f.scope_key, sort);
      return { facts, stored, gone };
    };
    let next = ahead(read(0));
    for (let i = 0; i < Math.max(chunks.length, 1); i++) {
      const { facts, stored, gone } = await next;
      if (i + 1 < chunks.length) next = ahead(read(i + 1));
      for (const f of gone) staleKeys.add(f.scope_key);
      const rows = companyFlagRows(controls, facts);
      const r = await write((c) => writeFlagChanges(c, 'company', rows, stored, gone));
      out.companies += facts.length;
      out.hits += rows.length;
      out.raised += r.raised;
      out.cleared += r.cleared;
    }
    return dir.keys;
  });
  return { ...out, companyKeys: [...new Set([...keys, ...staleKeys])].sort() };
}

async function someCompanies(pool: Pool, controls: readonly CompanyControl[], asOf: string, companies: readonly string[]): Promise<CompanyControlRunResult> {
  const dir = await withReadTransaction(pool, (c) => loadCompanyDirectory(c));
  // A company sharing an address with a changed one may gain or lose the address-cluster signal.
  const only = new Set(companies);
  for (const k of companies) if (dir.companies.has(k)) for (const s of sharedAddressCompanies(dir, k)) only.add(s);
  const selected = dir.keys.filter((k) => only.has(k));
  const out = { companies: 0, hits: 0, raised: 0, cleared: 0 };
  const chunks = companyChunks(dir, selected, COMPANY_CHUNK_ROWS);
  const read = (i: number): Promise<CompanyFacts[]> => withReadTransaction(pool, (c) => loadCompanyFacts(c, dir, chunks[i] ?? [], asOf));
  let next = chunks.length > 0 ? ahead(read(0)) : null;
  for (let i = 0; i < chunks.length && next !== null; i++) {
    const facts = await next;
    next = i + 1 < chunks.length ? ahead(read(i + 1)) : null;
    const rows = companyFlagRows(controls, facts);
    const chunk = chunks[i] ?? [];
    // The chunk's keys, also those whose facts vanished since the directory was read.
    const r = await withTransaction(pool, (client) => replaceFlags(client, 'company', chunk, rows));
    out.companies += facts.length;
    out.hits += rows.length;
    out.raised += r.raised;
    out.cleared += r.cleared;
  }
  // Companies no longer seen lose their flags too.
  const flagged = await pool.query<{ scope_key: string }>("SELECT DISTINCT scope_key FROM flags WHERE scope = 'company' AND scope_key = ANY($1::text[])", [[...only]]);
  const stale = flagged.rows.map((r) => r.scope_key).filter((k) => !dir.companies.has(k));
  if (stale.length > 0) out.cleared += (await withTransaction(pool, (c) => replaceFlags(c, 'company', stale, []))).cleared;
  return { ...out, companyKeys: [...new Set([...selected, ...stale])].sort() };
}
