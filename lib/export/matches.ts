/** The `matches` export: one record per attestation or declared worker and its certificate evidence. */
import type { Pool } from '../db/pool.js';
import type { CsvColumn } from './csv.js';
import { csvList } from './csv.js';
import { DEFAULT_BATCH_SIZE, keysetPages, type KeysetQuery } from './keyset.js';
import { exportedPersonKey, type Pseudonymiser } from './pseudonymise.js';
import { matchesAfter, type MatchKey, type StoredMatch } from './sql-matches.js';

/** A match as exported: every stored field, in StoredMatch's order (the JSONL key order). */
export type MatchRecord = StoredMatch;

const query: KeysetQuery<StoredMatch, MatchKey> = {
  page: (client, after, limit) => matchesAfter(client, after, limit),
  keyOf: (m) => [m.subjectType, m.subjectRef],
};

export async function* matchBatches(pool: Pool, options: { pseudonymiser: Pseudonymiser | null; batchSize?: number }): AsyncGenerator<MatchRecord[]> {
  for await (const matches of keysetPages(pool, query, options.batchSize ?? DEFAULT_BATCH_SIZE)) {
    yield matches.map((m) => ({ ...m, personKey: exportedPersonKey(options.pseudonymiser, m.personKey) }));
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
