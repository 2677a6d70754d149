/** The `flags` export: one record per control hit (with --as-of: the current hits already raised by then). */
import type { Pool, PoolClient } from '../db/pool.js';
import type { CsvColumn } from './csv.js';
import { csvList } from './csv.js';
import { DEFAULT_BATCH_SIZE, keysetPages, type KeysetQuery } from './keyset.js';
import type { Pseudonymiser } from './pseudonymise.js';
import type { AsOf } from './as-of.js';

export interface FlagRecord {
  controlId: string;
  controlVersion: number;
  severity: string;
  subjectType: string;
  subjectRef: string;
  companyKey: string | null;
  personKey: string | null;
  evidence: string[];
  legalBasis: string;
  message: string;
  detail: string;
  raisedAt: string;
}

interface Row {
  control_id: string;
  control_version: number;
  severity: string;
  subject_type: string;
  subject_ref: string;
  company_key: string | null;
  person_key: string | null;
  evidence: string[];
  legal_basis: string;
  message: string;
  detail: string;
  raised_at: Date;
}

function query(asOf: string | null): KeysetQuery<Row, [string, string, string]> {
  return {
    async page(client: PoolClient, after, limit) {
      const res = await client.query<Row>(
        `SELECT control_id, control_version, severity, subject_type, subject_ref, company_key, person_key, evidence, legal_basis, message, detail, raised_at
           FROM flags
          WHERE ($1::text IS NULL OR (control_id, subject_type, subject_ref) > ($1, $2, $3))
            AND ($5::timestamptz IS NULL OR raised_at <= $5)
          ORDER BY control_id, subject_type, subject_ref LIMIT $4`,
        [after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, limit, asOf],
      );
      return res.rows;
    },
    keyOf: (r) => [r.control_id, r.subject_type, r.subject_ref],
  };
}

export async function* flagBatches(pool: Pool, options: { pseudonymiser: Pseudonymiser | null; asOf: AsOf | null; batchSize?: number }): AsyncGenerator<FlagRecord[]> {
  for await (const rows of keysetPages(pool, query(options.asOf?.receivedUpTo ?? null), options.batchSize ?? DEFAULT_BATCH_SIZE)) {
    yield rows.map((r) => ({
      controlId: r.control_id,
      controlVersion: r.control_version,
      severity: r.severity,
      subjectType: r.subject_type,
      subjectRef: r.subject_ref,
      companyKey: r.company_key,
      personKey: r.person_key === null || options.pseudonymiser === null ? r.person_key : options.pseudonymiser.pin(null, r.person_key),
      evidence: r.evidence,
      legalBasis: r.legal_basis,
      message: r.message,
      detail: r.detail,
      raisedAt: r.raised_at.toISOString(),
    }));
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
