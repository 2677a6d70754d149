/** What the fault suite compares and counts in a database schema. */
import type pg from 'pg';
import { fingerprint } from '../support/fingerprint.js';

/** Columns that record when, not what: they differ between any two runs. */
const TIMING_COLUMNS = new Set(['computed_at', 'raised_at', 'marked_at', 'run_id']);

/** The scores of the latest finished run, ranked, as rows (schema-qualified, so two schemas compare in one query). */
const LATEST_SCORES = 'risk_scores_latest';
const SCORE_COLUMNS = ['company_key', 'name', 'country', 'ids', 'score', 'band', 'rank', 'red_flag', 'contributions', 'counts', 'explanation'];
const latestScores = (schema: string): string => `(
  SELECT v.*, row_number() OVER (ORDER BY v.score DESC, v.company_key COLLATE "C") AS rank FROM "${schema}".risk_score_versions v
   WHERE int8range(v.from_run, v.to_run) @> (SELECT max(id) FROM "${schema}".risk_runs WHERE finished_at IS NOT NULL)) s`;

/** A derived table, or the latest scores: its compared columns and what to select them from. */
async function source(pool: pg.Pool, schema: string, table: string): Promise<{ columns: string[]; from: string }> {
  if (table === LATEST_SCORES) return { columns: SCORE_COLUMNS, from: latestScores(schema) };
  const cols = await pool.query<{ column_name: string }>(
    'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position',
    [schema, table],
  );
  return { columns: cols.rows.map((c) => c.column_name).filter((c) => !TIMING_COLUMNS.has(c)), from: `"${schema}"."${table}"` };
}

async function currentSchema(pool: pg.Pool): Promise<string> {
  return (await pool.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]?.s ?? 'public';
}

async function contentFingerprint(pool: pg.Pool, table: string): Promise<string> {
  const { columns, from } = await source(pool, await currentSchema(pool), table);
  if (columns.length === 0) return 'missing';
  const row = `row(${columns.map((c) => `"${c}"`).join(', ')})::text`;
  const r = await pool.query<{ f: string }>(
    `SELECT count(*)::text || ':' || coalesce(md5(string_agg(r, ',' ORDER BY r)), '') AS f FROM (SELECT ${row} AS r FROM ${from}) q`,
  );
  return r.rows[0]?.f ?? '';
}

/**
 * Everything the pipeline derives, by content: the ingestion tables (test/support/fingerprint.ts),
 * person records, matches, flags, and the scores of the latest finished risk run.
 */
export async function pipelineFingerprint(pool: pg.Pool): Promise<Record<string, string>> {
  return {
    ...(await fingerprint(pool)),
    person_records: await contentFingerprint(pool, 'person_records'),
    matches: await contentFingerprint(pool, 'matches'),
    flags: await contentFingerprint(pool, 'flags'),
    [LATEST_SCORES]: await contentFingerprint(pool, LATEST_SCORES),
  };
}

/**
 * Up to `limit` rows of `table` present in one schema and not the other, by content (timing
 * columns left out), each cut to `width` characters: what a differing fingerprint is made of.
 * Both schemas live in the one database the pool connects to.
 */
export async function rowDifferences(pool: pg.Pool, table: string, got: string, want: string, limit = 5, width = 300): Promise<string[]> {
  const a = await source(pool, got, table);
  const b = await source(pool, want, table);
  if (b.columns.length === 0) return [];
  const row = `row(${b.columns.map((c) => `"${c}"`).join(', ')})::text`;
  const side = async (x: string, y: string, label: string): Promise<string[]> => {
    const r = await pool.query<{ r: string }>(`(SELECT ${row} AS r FROM ${x}) EXCEPT ALL (SELECT ${row} AS r FROM ${y}) ORDER BY r LIMIT $1`, [limit]);
    return r.rows.map((z) => `${label} ${z.r.length > width ? `${z.r.slice(0, width)}...` : z.r}`);
  };
  return [...(await side(a.from, b.from, `only in ${got}:`)), ...(await side(b.from, a.from, `only in ${want}:`))];
}

export async function count(pool: pg.Pool, sql: string, params: unknown[] = []): Promise<number> {
  const r = await pool.query<{ n: string }>(sql, params);
  return Number(r.rows[0]?.n ?? 0);
}

export interface StorageCounts {
  raw: number;
  stored: number;
  rejected: number;
  /** Stored twice: the same message identity, or the same document version, in two rows. */
  duplicated: number;
  /** Produced message identities missing from raw_messages. */
  lost: number;
  unpublishedDeadLetters: number;
}

export async function storageCounts(pool: pg.Pool, produced: Buffer[]): Promise<StorageCounts> {
  const lost = await count(
    pool,
    'SELECT count(*) AS n FROM unnest($1::bytea[]) AS h(hash) WHERE NOT EXISTS (SELECT 1 FROM raw_messages r WHERE r.message_hash = h.hash)',
    [produced],
  );
  const duplicated =
    (await count(pool, 'SELECT count(*) - count(DISTINCT message_hash) AS n FROM raw_messages')) +
    (await count(pool, 'SELECT count(*) - count(DISTINCT (document_id, version)) AS n FROM seds')) +
    (await count(pool, 'SELECT count(*) - count(DISTINCT (declaration_id, version)) AS n FROM declarations')) +
    (await count(pool, 'SELECT count(*) - count(DISTINCT raw_message_id) AS n FROM dead_letters'));
  return {
    raw: await count(pool, 'SELECT count(*) AS n FROM raw_messages'),
    stored: await count(pool, "SELECT count(*) AS n FROM raw_messages WHERE outcome <> 'rejected'"),
    rejected: await count(pool, 'SELECT count(*) AS n FROM dead_letters'),
    duplicated,
    lost,
    unpublishedDeadLetters: await count(pool, 'SELECT count(*) AS n FROM dead_letters WHERE published_at IS NULL'),
  };
}
