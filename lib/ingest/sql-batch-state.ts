/**
 * What a batch needs to know about the stored rows before it writes, read in one statement (each
 * branch by index): which messages are stored already, which SED and declaration versions exist,
 * and which documents stored X008s invalidate. With it, the batch's rows go in by plain COPY
 * with ids reserved here, instead of INSERT ... ON CONFLICT through staging tables.
 */
import type { PoolClient } from '../db/pool.js';

export interface BatchKeys {
  hashes: Buffer[];
  /** Document ids of the batch's SEDs. */
  documentIds: string[];
  /** Case ids of the batch's SEDs (X008s that name only a SED type invalidate within a case). */
  caseIds: string[];
  declarationIds: string[];
}

export interface StoredState {
  /** Identity hashes (hex) already in raw_messages. */
  seenHashes: Set<string>;
  /** Stored versions per document id (only the batch's documents). */
  sedVersions: Map<string, number[]>;
  /** Documents a stored X008 invalidates by id. */
  invalidatedDocuments: Set<string>;
  /** `case \u0001 sedType` pairs a stored X008 invalidates by type. */
  invalidatedCaseTypes: Set<string>;
  /** Stored versions per declaration id. */
  declarationVersions: Map<string, number[]>;
  /** Stored cases among the batch's: which of their fields a batch may still fill. */
  cases: Map<string, { bucTypeMissing: boolean; open: boolean }>;
}

export function caseTypeKey(caseId: string, sedType: string): string {
  return `${caseId}\u0001${sedType}`;
}

/** Nothing stored yet (a fresh database, or keys nobody has seen). */
export function emptyStoredState(): StoredState {
  return {
    seenHashes: new Set(),
    sedVersions: new Map(),
    invalidatedDocuments: new Set(),
    invalidatedCaseTypes: new Set(),
    declarationVersions: new Map(),
    cases: new Map(),
  };
}

export async function readStoredState(client: PoolClient, keys: BatchKeys): Promise<StoredState> {
  const state = emptyStoredState();
  if (keys.hashes.length + keys.documentIds.length + keys.declarationIds.length === 0) return state;
  // Every lookup is one index probe per key (LATERAL ... OFFSET 0 keeps the planner from turning
  // it into a join): statistics of tables growing under ingestion lag, and `= ANY(long array)`
  // then chose sequential scans of seds, declarations and sed_cases (EXPLAIN ANALYZE, 20k SEDs).
  const res = await client.query<{ k: string; a: string; b: string | null; v: number | null }>(
    `SELECT 'h' AS k, encode(r.message_hash, 'hex') AS a, NULL::text AS b, NULL::int AS v FROM unnest($1::bytea[]) AS u(h)
       CROSS JOIN LATERAL (SELECT message_hash FROM raw_messages WHERE message_hash = u.h OFFSET 0) r
     UNION ALL
     SELECT 's', s.document_id, NULL, s.version FROM unnest($2::text[]) AS u(id)
       CROSS JOIN LATERAL (SELECT document_id, version FROM seds WHERE document_id = u.id OFFSET 0) s
     UNION ALL
     SELECT 'i', i.target_document_id, NULL, NULL FROM unnest($2::text[]) AS u(id)
       CROSS JOIN LATERAL (SELECT target_document_id FROM sed_invalidations WHERE target_document_id = u.id OFFSET 0) i
     UNION ALL
     SELECT 'c', i.case_id, i.target_sed_type, NULL FROM unnest($3::text[]) AS u(id)
       CROSS JOIN LATERAL (SELECT case_id, target_sed_type FROM sed_invalidations
                            WHERE case_id = u.id AND target_document_id IS NULL OFFSET 0) i
      WHERE i.target_sed_type IS NOT NULL
     UNION ALL
     SELECT 'd', d.declaration_id, NULL, d.version FROM unnest($4::text[]) AS u(id)
       CROSS JOIN LATERAL (SELECT declaration_id, version FROM declarations WHERE declaration_id = u.id OFFSET 0) d
     UNION ALL
     SELECT 'k', c.case_id, (CASE WHEN c.buc_type IS NULL THEN 'b' ELSE '' END) || (CASE WHEN c.closed_by_sed_id IS NULL THEN 'o' ELSE '' END), NULL
       FROM unnest($3::text[]) AS u(id)
       CROSS JOIN LATERAL (SELECT case_id, buc_type, closed_by_sed_id FROM sed_cases WHERE case_id = u.id OFFSET 0) c`,
    [keys.hashes, keys.documentIds, keys.caseIds, keys.declarationIds],
  );
  for (const r of res.rows) {
    if (r.k === 'h') state.seenHashes.add(r.a);
    else if (r.k === 's') pushTo(state.sedVersions, r.a, r.v ?? 0);
    else if (r.k === 'i') state.invalidatedDocuments.add(r.a);
    else if (r.k === 'c') state.invalidatedCaseTypes.add(caseTypeKey(r.a, r.b ?? ''));
    else if (r.k === 'd') pushTo(state.declarationVersions, r.a, r.v ?? 0);
    else state.cases.set(r.a, { bucTypeMissing: r.b?.includes('b') ?? false, open: r.b?.includes('o') ?? false });
  }
  return state;
}

function pushTo(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

export interface ReservedIds {
  raw: number[];
  seds: number[];
  declarations: number[];
}

/**
 * Takes ids from the tables' identity sequences, ascending, so rows can be copied with their
 * ids and their children in the same round of COPYs. Ids of a batch that rolls back are lost,
 * as INSERT loses them.
 */
export async function reserveIds(client: PoolClient, counts: { raw: number; seds: number; declarations: number }): Promise<ReservedIds> {
  if (counts.raw + counts.seds + counts.declarations === 0) return { raw: [], seds: [], declarations: [] };
  const res = await client.query<{ raw: string[]; seds: string[]; declarations: string[] }>(
    // The sequences are looked up once (MATERIALIZED), not once per id: that lookup cost more than nextval.
    `WITH q AS MATERIALIZED (
       SELECT pg_get_serial_sequence('raw_messages', 'id')::regclass AS raw, pg_get_serial_sequence('seds', 'id')::regclass AS seds,
              pg_get_serial_sequence('declarations', 'id')::regclass AS declarations
     )
     SELECT ARRAY(SELECT nextval(q.raw) FROM generate_series(1, $1::int)) AS raw,
            ARRAY(SELECT nextval(q.seds) FROM generate_series(1, $2::int)) AS seds,
            ARRAY(SELECT nextval(q.declarations) FROM generate_series(1, $3::int)) AS declarations
       FROM q`,
    [counts.raw, counts.seds, counts.declarations],
  );
  const row = res.rows[0];
  const ascending = (ids: string[] | undefined): number[] => (ids ?? []).map(Number).sort((a, b) => a - b);
  return { raw: ascending(row?.raw), seds: ascending(row?.seds), declarations: ascending(row?.declarations) };
}
