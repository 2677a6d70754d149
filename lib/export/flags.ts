/** The `flags` export: one record per control hit (with --as-of: the current hits already raised by then). */
import type { Pool } from '../db/pool.js';
import type { CsvColumn } from './csv.js';
import { csvList } from './csv.js';
import { DEFAULT_BATCH_SIZE, keysetPages, type KeysetQuery } from './keyset.js';
import { exportedPersonKey, type Pseudonymiser } from './pseudonymise.js';
import type { AsOf } from './as-of.js';
import { flagsAfter, type FlagKey, type StoredFlag } from './sql-flags.js';

/** A flag as exported: the stored flag without its scope, in StoredFlag's order (the JSONL key order). */
export type FlagRecord = Omit<StoredFlag, 'scope'>;

function query(raisedUpTo: string | null): KeysetQuery<StoredFlag, FlagKey> {
  return {
    page: (client, after, limit) => flagsAfter(client, after, limit, raisedUpTo),
    keyOf: (f) => [f.controlId, f.subjectType, f.subjectRef],
  };
}

export async function* flagBatches(pool: Pool, options: { pseudonymiser: Pseudonymiser | null; asOf: AsOf | null; batchSize?: number }): AsyncGenerator<FlagRecord[]> {
  for await (const flags of keysetPages(pool, query(options.asOf?.receivedUpTo ?? null), options.batchSize ?? DEFAULT_BATCH_SIZE)) {
    // Spread then override: the record keeps StoredFlag's order (the JSONL key order).
    yield flags.map(({ scope: _scope, ...f }) => ({ ...f, personKey: exportedPersonKey(options.pseudonymiser, f.personKey) }));
  }
}

export const FLAG_CSV_COLUMNS: ReadonlyArray<CsvColumn<FlagRecord>> = [
  { name: 'controlId', value: (f) => f.controlId, trusted: true },
  { name: 'controlVersion', value: (f) => f.controlVersion },
  { name: 'severity', value: (f) => f.severity, trusted: true },
  { name: 'subjectType', value: (f) => f.subjectType, trusted: true },
  { name: 'subjectRef', value: (f) => f.subjectRef },
  { name: 'companyKey', value: (f) => f.companyKey },
  { name: 'personKey', value: (f) => f.personKey, trusted: true },
  { name: 'evidence', value: (f) => csvList(f.evidence) },
  { name: 'legalBasis', value: (f) => f.legalBasis },
  { name: 'message', value: (f) => f.message },
  { name: 'detail', value: (f) => f.detail },
  { name: 'raisedAt', value: (f) => f.raisedAt, trusted: true },
];
