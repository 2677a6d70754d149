/**
 * Loads PersonFacts for a batch of person keys (incremental runs): a handful of set-based queries,
 * grouped in memory. Each query starts from the batch's person records (index on person_key) and
 * reaches each source row through its own index; LATERAL ... OFFSET 0 keeps the planner from
 * hashing a whole table for one batch when its statistics are stale. Full runs stream instead
 * (stream-person-facts.ts); both build facts with person-fact-rows.ts.
 */
import type { PoolClient } from '../db/pool.js';
import type { PersonFacts } from '../../core/controls/types.js';
import {
  addCertificate, addMatch, addPosting, addRecord, addSed, CERT_COLUMNS, finishPersonFacts, MATCH_COLUMNS, newPersonFacts, POSTING_COLUMNS,
  RECORD_COLUMNS, REF_DECLARATION, REF_WORKER, SED_FILTER, sedColumns, type CertRow, type MatchRow, type PostingRow, type RecordRow, type SedRow,
} from './person-fact-rows.js';

const FIRST_EMPLOYER = `(SELECT jsonb_build_object('name', e.name, 'country', e.country, 'ids', e.ids)::text FROM sed_employers e
  WHERE e.sed_id = s.id AND e.role IN ('employer', 'self-employment') ORDER BY e.idx LIMIT 1)`;

export async function loadPersonFacts(client: PoolClient, personKeys: string[], asOf: string): Promise<PersonFacts[]> {
  const facts = new Map<string, PersonFacts>();
  for (const key of personKeys) facts.set(key, newPersonFacts(key, asOf));

  const records = await client.query<RecordRow>(`SELECT ${RECORD_COLUMNS} FROM person_records r WHERE r.person_key = ANY($1::text[])`, [personKeys]);
  for (const r of records.rows) {
    const f = facts.get(r.person_key);
    if (f) addRecord(f, r);
  }

  const seds = await client.query<SedRow>(
    `SELECT ${sedColumns(FIRST_EMPLOYER)}
       FROM person_records r
       CROSS JOIN LATERAL (SELECT * FROM seds s WHERE s.document_id = substr(r.ref, 5) AND ${SED_FILTER} OFFSET 0) s
      WHERE r.person_key = ANY($1::text[]) AND r.ref LIKE 'sed:%'`,
    [personKeys],
  );
  for (const s of seds.rows) {
    const f = facts.get(s.person_key);
    if (f) addSed(f, s);
  }

  const certs = await client.query<CertRow>(
    `SELECT ${CERT_COLUMNS}
       FROM person_records r
       CROSS JOIN LATERAL (SELECT * FROM certificates c WHERE c.certificate_number = substr(r.ref, 6) AND c.start_date IS NOT NULL OFFSET 0) c
      WHERE r.person_key = ANY($1::text[]) AND r.ref LIKE 'cert:%'`,
    [personKeys],
  );
  for (const c of certs.rows) {
    const f = facts.get(c.person_key);
    if (f) addCertificate(f, c);
  }

  const postings = await client.query<PostingRow>(
    `SELECT ${POSTING_COLUMNS}
       FROM person_records r
       CROSS JOIN LATERAL (SELECT * FROM declarations d WHERE d.declaration_id = ${REF_DECLARATION}
                              AND d.is_current AND d.status <> 'cancelled' OFFSET 0) d
       CROSS JOIN LATERAL (SELECT * FROM declaration_workers w WHERE w.declaration_row_id = d.id AND w.worker_idx = ${REF_WORKER} OFFSET 0) w
      WHERE r.person_key = ANY($1::text[]) AND r.source_kind = 'declaration-worker'`,
    [personKeys],
  );
  for (const p of postings.rows) {
    const f = facts.get(p.person_key);
    if (f) addPosting(f, p);
  }

  const matches = await client.query<MatchRow>(`SELECT ${MATCH_COLUMNS} FROM matches m WHERE m.person_key = ANY($1::text[])`, [personKeys]);
  for (const m of matches.rows) {
    const f = facts.get(m.person_key);
    if (f) addMatch(f, m);
  }

  return [...facts.values()].map(finishPersonFacts);
}
