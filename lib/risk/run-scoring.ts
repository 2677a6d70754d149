/**
 * One scoring run: companies' flags turned into additive scores, stored as a new run (nothing is
 * overwritten), so any past run can be exported again exactly.
 *
 * Every run stands for all companies. An incremental run (`companies` given) recomputes only those
 * companies, the others keep their current score; a full run recomputes everyone. Either way only
 * the scores that changed are written, as new versions (`sql-score-versions.ts`), so a run costs
 * what moved, not the size of the company list; ranks are computed when a run is read. An
 * incremental run needs the latest run to be of the same rule-set and catalogue versions
 * (otherwise it scores everything). So `lac export risk --as-of DATE`, which reads one run, gives
 * exactly the scores as they stood on that date, whether the run was full or not.
 */
import type { Pool, PoolClient } from '../db/pool.js';
import { withTransaction } from '../db/pool.js';
import type { Logger } from '../log/logger.js';
import { companyChunks, loadCompanyDirectory, type CompanyDirectory } from '../controls/company-directory.js';
import { loadCompanyFacts } from '../controls/load-company-facts.js';
import { CompanyFactStream } from '../controls/stream-company-facts.js';
import { Cursor } from '../controls/cursor.js';
import { catalogue, CATALOGUE_VERSION } from '../../core/controls/catalog/index.js';
import { RULESET_VERSION, scoreCompany, type CompanyFlag, type CompanyScore } from '../../core/risk/score.js';
import type { CompanyFacts } from '../../core/controls/types.js';
import { recordStageRun } from '../status/stage-runs.js';
import { createScoreStage, currentBands, mergeScoreVersions, stageScores, type StagedScore } from './sql-score-versions.js';
import { readerBeside, streamSettings } from '../controls/connections.js';

export interface ScoringResult {
  runId: number;
  companies: number;
  bands: Record<string, number>;
  /** Companies whose score was computed in this run (the others were carried over). */
  rescored: number;
  incremental: boolean;
}

export interface ScoringOptions {
  asOf: string;
  logger: Logger;
  /** Rescore only these companies and carry the others over from the latest run. */
  companies?: readonly string[];
}

interface Scored {
  key: string;
  name: string | null;
  country: string | null;
  ids: unknown[];
  s: CompanyScore;
  counts: Record<string, number>;
}

/** The latest finished run, when it is of the current rule-set and catalogue versions (an incremental run builds on its scores). */
async function previousRun(client: PoolClient): Promise<number | null> {
  const r = await client.query<{ id: string; ruleset_version: string; catalogue_version: string }>(
    'SELECT id, ruleset_version, catalogue_version FROM risk_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1',
  );
  const latest = r.rows[0];
  if (latest === undefined || latest.ruleset_version !== RULESET_VERSION || latest.catalogue_version !== CATALOGUE_VERSION) return null;
  return Number(latest.id);
}

/** A finished run of the current rule-set and catalogue versions exists (an incremental run can build on it). */
export async function hasComparableRun(pool: Pool): Promise<boolean> {
  const client = await pool.connect();
  try {
    return (await previousRun(client)) !== null;
  } finally {
    client.release();
  }
}

const SCORING_LOCK = 0x1ac0_0005;

/** Source rows per chunk of companies scored together. */
const CHUNK_ROWS = 20_000;

interface FlagOfCompany {
  company_key: string; control_id: string; control_version: number; severity: CompanyFlag['severity']; evidence: string[];
  subject_type: string; subject_ref: string; person_key: string | null;
}
const FLAG_COLUMNS = 'company_key, control_id, control_version, severity, evidence, subject_type, subject_ref, person_key';

/** Scores of some companies from their facts, their flags and their certificate counts. */
function scoreFacts(facts: CompanyFacts[], flagRows: readonly FlagOfCompany[], certificates: ReadonlyMap<string, number>, titles: ReadonlyMap<string, string>): Scored[] {
  const factsByKey = new Map<string, CompanyFacts>(facts.map((f) => [f.companyKey, f]));
  const personOfPosting = new Map<string, string>();
  for (const f of facts) for (const p of f.postings) if (p.personKey !== null) personOfPosting.set(`${f.companyKey}\u0000${p.ref}`, p.personKey);
  const flagsByCompany = new Map<string, CompanyFlag[]>();
  for (const f of flagRows) {
    if (!factsByKey.has(f.company_key)) continue;
    const companyWide = f.subject_type === 'company';
    // The worker a hit concerns: its person key, else the person of the declared worker, else the subject itself.
    const subject = companyWide
      ? f.company_key
      : (f.person_key ?? personOfPosting.get(`${f.company_key}\u0000${f.subject_ref}`) ?? `${f.subject_type}:${f.subject_ref}`);
    const list = flagsByCompany.get(f.company_key) ?? [];
    list.push({ controlId: f.control_id, controlVersion: f.control_version, severity: f.severity, evidence: f.evidence, subject, companyWide });
    flagsByCompany.set(f.company_key, list);
  }
  return facts.map((f) => {
    const flags = flagsByCompany.get(f.companyKey) ?? [];
    return {
      key: f.companyKey, name: f.name, country: f.country, ids: f.ids, s: scoreCompany(flags, f.personsKnown, titles),
      counts: {
        documents: f.attestations.length,
        workers: f.personsPosted,
        workersKnown: f.personsKnown,
        declarations: new Set(f.postings.map((p) => p.declarationId)).size,
        certificates: certificates.get(f.companyKey) ?? 0,
        flags: flags.length,
      },
    };
  });
}

/** Scores of one chunk of companies, read through indexes (incremental runs). */
async function scoreChunk(client: PoolClient, dir: CompanyDirectory, keys: readonly string[], asOf: string, titles: ReadonlyMap<string, string>): Promise<Scored[]> {
  const facts = await loadCompanyFacts(client, dir, keys, asOf);
  const flagRows = await client.query<FlagOfCompany>(
    `SELECT ${FLAG_COLUMNS} FROM flags WHERE company_key = ANY($1::text[]) ORDER BY company_key, control_id, subject_type, subject_ref`,
    [keys],
  );
  const certCounts = await client.query<{ company_key: string; n: string }>(
    `SELECT company_key, count(DISTINCT n) AS n FROM matches, unnest(certificate_numbers) n
      WHERE company_key = ANY($1::text[]) GROUP BY company_key`,
    [keys],
  );
  return scoreFacts(facts, flagRows.rows, new Map(certCounts.rows.map((r) => [r.company_key, Number(r.n)])), titles);
}

/**
 * Scores the given companies chunk by chunk into the run (incremental runs): the next chunk is
 * read on another connection while this one is written.
 */
async function scoreSome(pool: Pool, client: PoolClient, asOf: string, only: ReadonlySet<string>): Promise<number> {
  const reader = readerBeside(pool, client);
  const dir = await reader((c) => loadCompanyDirectory(c));
  const keys = dir.keys.filter((k) => only.has(k));
  const titles = new Map(catalogue().map((c) => [c.id, c.title]));
  const chunks = companyChunks(dir, keys, CHUNK_ROWS);
  const read = (chunk: readonly string[]): Promise<Scored[]> => reader((c) => scoreChunk(c, dir, chunk, asOf, titles));
  let next = chunks.length > 0 ? read(chunks[0] ?? []) : null;
  next?.catch(() => undefined);
  let scored = 0;
  for (let i = 0; i < chunks.length; i++) {
    const chunk = await (next ?? Promise.resolve([]));
    next = i + 1 < chunks.length ? read(chunks[i + 1] ?? []) : null;
    next?.catch(() => undefined);
    await stageScores(client, chunk.map(staged));
    scored += chunk.length;
  }
  return scored;
}

/**
 * Scores every company into the run (full runs): facts, flags and certificate counts each read
 * as one stream sorted by company key, chunk by chunk, on the run's own connection.
 */
async function scoreAll(client: PoolClient, asOf: string): Promise<number> {
  await streamSettings(client);
  const dir = await loadCompanyDirectory(client);
  const titles = new Map(catalogue().map((c) => [c.id, c.title]));
  const stream = await CompanyFactStream.open(client, dir, asOf);
  const flags = await Cursor.open<FlagOfCompany>(
    client,
    `SELECT ${FLAG_COLUMNS} FROM flags WHERE company_key IS NOT NULL ORDER BY company_key COLLATE "C", control_id, subject_type, subject_ref`,
  );
  const certs = await Cursor.open<{ company_key: string; n: string }>(
    client,
    `SELECT company_key, count(DISTINCT n) AS n FROM matches, unnest(certificate_numbers) n
      WHERE company_key IS NOT NULL GROUP BY company_key ORDER BY company_key COLLATE "C"`,
  );
  let scored = 0;
  for (const chunk of companyChunks(dir, dir.keys, CHUNK_ROWS)) {
    const last = chunk[chunk.length - 1] ?? '';
    const facts = await stream.facts(chunk);
    const flagRows: FlagOfCompany[] = [];
    await flags.takeThrough(last, (f) => f.company_key, (f) => flagRows.push(f));
    const certificates = new Map<string, number>();
    await certs.takeThrough(last, (c) => c.company_key, (c) => certificates.set(c.company_key, Number(c.n)));
    const rows = scoreFacts(facts, flagRows, certificates, titles);
    await stageScores(client, rows.map(staged));
    scored += rows.length;
  }
  return scored;
}

function staged(x: Scored): StagedScore {
  return {
    key: x.key, name: x.name, country: x.country, ids: x.ids, score: x.s.score, band: x.s.band, redFlag: x.s.redFlag,
    contributions: x.s.contributions, counts: x.counts, explanation: x.s.explanation,
  };
}

export async function runScoring(pool: Pool, options: ScoringOptions): Promise<ScoringResult> {
  const started = new Date();
  return withTransaction(pool, async (client) => {
    // One run at a time per schema (the risk worker and `lac score` may overlap): each run merges
    // into the current versions that the previous one left.
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [SCORING_LOCK]);
    const previous = options.companies === undefined ? null : await previousRun(client);
    const incremental = previous !== null;
    const only = incremental ? new Set(options.companies) : null;

    const run = await client.query<{ id: string }>(
      'INSERT INTO risk_runs (ruleset_version, catalogue_version, as_of, companies) VALUES ($1, $2, $3, 0) RETURNING id',
      [RULESET_VERSION, CATALOGUE_VERSION, options.asOf],
    );
    const runId = Number(run.rows[0]?.id);
    await createScoreStage(client);
    const rescored = only === null ? await scoreAll(client, options.asOf) : await scoreSome(pool, client, options.asOf, only);
    // A company asked for but no longer known is dropped; the others keep their current score.
    const written = await mergeScoreVersions(client, runId, only === null ? null : [...only]);
    const { companies, bands } = await currentBands(client);
    await client.query('UPDATE risk_runs SET companies = $2, finished_at = now() WHERE id = $1', [runId, companies]);
    const details = { runId, bands, asOf: options.asOf, incremental, rescored, written };
    await recordStageRun(client, 'score', rescored, details, started);
    options.logger.info({ ...details, companies }, 'scoring run stored');
    return { runId, companies, bands, rescored, incremental };
  });
}
