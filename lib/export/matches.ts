/** The `matches` export: one record per attestation or declared worker and its certificate evidence. */
import type { Pool, PoolClient } from '../db/pool.js';
import type { CsvColumn } from './csv.js';
import { csvList } from './csv.js';
import { DEFAULT_BATCH_SIZE, keysetPages, type KeysetQuery } from './keyset.js';
import type { Pseudonymiser } from './pseudonymise.js';

export interface MatchRecord {
  subjectType: string;
  subjectRef: string;
  outcome: string;
  coverage: number;
  certificateNumbers: string[];
  personKey: string | null;
  companyKey: string | null;
  explanation: string;
  startDate: string | null;
  endDate: string | null;
}

interface Row {
  subject_type: string;
  subject_ref: string;
  outcome: string;
  coverage: string;
  certificate_numbers: string[];
  person_key: string | null;
  company_key: string | null;
  explanation: string;
  start_date: string | null;
  end_date: string | null;
}

const query: KeysetQuery<Row, [string, string]> = {
  async page(client: PoolClient, after, limit) {
    const res = await client.query<Row>(
      `SELECT subject_type, subject_ref, outcome, coverage, certificate_numbers, person_key, company_key, explanation,
              to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date
         FROM matches
        WHERE $1::text IS NULL OR (subject_type, subject_ref) > ($1, $2)
        ORDER BY subject_type, subject_ref LIMIT $3`,
      [after?.[0] ?? null, after?.[1] ?? null, limit],
    );
    return res.rows;
  },
  keyOf: (row) => [row.subject_type, row.subject_ref],
};

export async function* matchBatches(pool: Pool, options: { pseudonymiser: Pseudonymiser | null; batchSize?: number }): AsyncGenerator<MatchRecord[]> {
  for await (const rows of keysetPages(pool, query, options.batchSize ?? DEFAULT_BATCH_SIZE)) {
    yield rows.map((r) => ({
      subjectType: r.subject_type,
      subjectRef: r.subject_ref,
      outcome: r.outcome,
      coverage: Number(r.coverage),
      certificateNumbers: r.certificate_numbers,
      // The person key is derived from identifying data: pseudonymised like a PIN.
      personKey: r.person_key === null || options.pseudonymiser === null ? r.person_key : options.pseudonymiser.pin(null, r.person_key),
      companyKey: r.company_key,
      explanation: r.explanation,
      startDate: r.start_date,
      endDate: r.end_date,
    }));
  }
}

export const MATCH_CSV_COLUMNS: ReadonlyArray<CsvColumn<MatchRecord>> = [
  { name: 'subjectType', value: (m) => m.subjectType, trusted: true },
  { name: 'subjectRef', value: (m) => m.subjectRef },
  { name: 'outcome', value: (m) => m.outcome, trusted: true },
  { name: 'coverage', value: (m) => m.coverage },
  { name: 'certificateNumbers', value: (m) => csvList(m.certificateNumbers) },
  { name: 'personKey', value: (m) => m.personKey, trusted: true },
  { name: 'companyKey', value: (m) => m.companyKey },
  { name: 'explanation', value: (m) => m.explanation },
  { name: 'startDate', value: (m) => m.startDate, trusted: true },
  { name: 'endDate', value: (m) => m.endDate, trusted: true },
];
