/**
 * Loading whole identity components from person_records for an incremental run, by closure: from
 * seed blocks (the dirty ones), the blocks of the records holding them, until nothing new joins,
 * carried as block strings; then the records of the closed block set, each once.
 */
import type { PoolClient } from '../db/pool.js';
import type { PersonRecordRow } from './sql-person-records.js';

const RECORD_COLUMNS = `ref, source_kind, family_name, forename, family_name_at_birth, forename_at_birth,
  to_char(birth_date, 'YYYY-MM-DD') AS birth_date, sex, pins, pin_keys, person_key, link_method, link_confidence, ambiguous, candidates`;

interface RecordRow {
  ref: string;
  source_kind: PersonRecordRow['sourceKind'];
  family_name: string | null;
  forename: string | null;
  family_name_at_birth: string | null;
  forename_at_birth: string | null;
  birth_date: string | null;
  sex: string | null;
  pins: PersonRecordRow['pins'];
  pin_keys: string[];
  person_key: string | null;
  link_method: string | null;
  link_confidence: number | null;
  ambiguous: boolean;
  candidates: string[];
}

function toRecord(r: RecordRow): PersonRecordRow {
  return {
    ref: r.ref, sourceKind: r.source_kind, familyName: r.family_name, forename: r.forename,
    familyNameAtBirth: r.family_name_at_birth, forenameAtBirth: r.forename_at_birth, birthDate: r.birth_date,
    sex: r.sex, pins: r.pins, pinKeys: r.pin_keys, personKey: r.person_key, linkMethod: r.link_method,
    linkConfidence: r.link_confidence, ambiguous: r.ambiguous, candidates: r.candidates,
  };
}

function split(blocks: Iterable<string>): { dates: string[]; pins: string[]; refs: string[] } {
  const out = { dates: [] as string[], pins: [] as string[], refs: [] as string[] };
  for (const b of blocks) {
    if (b.startsWith('bd:')) out.dates.push(b.slice(3));
    else if (b.startsWith('pin:')) out.pins.push(b.slice(4));
    else if (b.startsWith('ref:')) out.refs.push(b.slice(4));
  }
  return out;
}

/**
 * The whole components of the seed blocks: every block reachable through shared records, and
 * those records (each once: by birth date when it has one, else by PIN, else by ref).
 */
export async function loadClosure(client: PoolClient, seeds: readonly string[]): Promise<{ records: PersonRecordRow[]; blocks: Set<string> }> {
  const seen = new Set<string>(seeds);
  const knownDates: string[] = [];
  let frontier = [...seen];
  while (frontier.length > 0) {
    const f = split(frontier);
    // Records born on a date already known were reached through it, with all their blocks. PINs
    // are looked up one by one in the GIN index (`@>` joins only by nested loop): an overlap with
    // thousands of keys would compare every key of every candidate row with all of them.
    const res = await client.query<{ b: string }>(
      `SELECT DISTINCT b FROM (
         SELECT birth_date, pin_keys, ref FROM person_records WHERE birth_date = ANY($1::date[])
         UNION ALL
         SELECT r.birth_date, r.pin_keys, r.ref FROM unnest($2::text[]) AS q(k) JOIN person_records r ON r.pin_keys @> ARRAY[q.k]
          WHERE r.birth_date IS NULL OR NOT r.birth_date = ANY($3::date[])
       ) r, LATERAL (
         SELECT 'bd:' || to_char(r.birth_date, 'YYYY-MM-DD') AS b WHERE r.birth_date IS NOT NULL
         UNION ALL SELECT 'pin:' || k FROM unnest(r.pin_keys) k
       ) x`,
      [f.dates, f.pins, [...knownDates, ...f.dates]],
    );
    knownDates.push(...f.dates);
    frontier = [];
    for (const { b } of res.rows) {
      if (seen.has(b)) continue;
      seen.add(b);
      frontier.push(b);
    }
  }
  const all = split(seen);
  const res = await client.query<RecordRow>(
    `SELECT ${RECORD_COLUMNS} FROM person_records WHERE birth_date = ANY($1::date[])
     UNION ALL
     SELECT ${RECORD_COLUMNS} FROM person_records
      WHERE birth_date IS NULL AND EXISTS (SELECT 1 FROM unnest(pin_keys) k WHERE k = ANY($2::text[]))
     UNION ALL
     SELECT ${RECORD_COLUMNS} FROM person_records WHERE birth_date IS NULL AND cardinality(pin_keys) = 0 AND ref = ANY($3::text[])`,
    [all.dates, all.pins, all.refs],
  );
  return { records: res.rows.map(toRecord), blocks: seen };
}
