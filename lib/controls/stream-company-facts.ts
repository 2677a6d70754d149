/**
 * The facts of every company, chunk after chunk, for a full run: each source is joined once to
 * its companies (a temporary table of identity md5 -> company key, from the directory) and read
 * sorted by company key (`COLLATE "C"`) through a cursor, instead of one index lookup per row.
 * Chunks must be asked for in the directory's key order. The caller holds `client` in a
 * transaction (the temporary table goes with it). The `LIKE` on a person record's ref only narrows
 * the records hashed for a join to those of the right source.
 */
import type { PoolClient } from '../db/pool.js';
import type { CompanyFacts } from '../../core/controls/types.js';
import type { CompanyDirectory } from './company-directory.js';
import { Cursor } from './cursor.js';
import {
  CERT_EMPLOYER_IDENTITY, COMPANY_CERTIFICATE_COLUMNS, COMPANY_SED_FILTER, companyAttestationColumns, CompanyFactsBuilder, companyPostingColumns,
  SED_EMPLOYER_IDENTITY, UNDERTAKING_IDENTITY, type CompanyAttestationRow, type CompanyCertificateRow, type CompanyPostingRow,
} from './company-fact-rows.js';

type Keyed<R> = R & { company_key: string };

let tables = 0;

/** Fills a temporary table with the directory's identities (source u/e/c, md5, company key); returns its name. */
async function identityTable(client: PoolClient, dir: CompanyDirectory): Promise<string> {
  const name = `lac_identity_company_${++tables}`;
  await client.query(`CREATE TEMP TABLE ${name} (source text NOT NULL, h text NOT NULL, company_key text NOT NULL) ON COMMIT DROP`);
  const sources: string[] = [];
  const hashes: string[] = [];
  const keys: string[] = [];
  const add = (source: string, map: ReadonlyMap<string, string>): void => {
    for (const [h, k] of map) {
      sources.push(source);
      hashes.push(h);
      keys.push(k);
    }
  };
  add('u', dir.undertakingKey);
  add('e', dir.employerKey);
  add('c', dir.certificateKey);
  await client.query(`INSERT INTO ${name} SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`, [sources, hashes, keys]);
  await client.query(`ANALYZE ${name}`);
  return name;
}

export class CompanyFactStream {
  private constructor(
    private readonly dir: CompanyDirectory,
    private readonly asOf: string,
    private readonly postings: Cursor<Keyed<CompanyPostingRow>>,
    private readonly attestations: Cursor<Keyed<CompanyAttestationRow>>,
    private readonly certificates: Cursor<Keyed<CompanyCertificateRow>>,
  ) {}

  static async open(client: PoolClient, dir: CompanyDirectory, asOf: string): Promise<CompanyFactStream> {
    const k = await identityTable(client, dir);
    const postings = await Cursor.open<Keyed<CompanyPostingRow>>(
      client,
      `SELECT k.company_key, ${companyPostingColumns('k.h')}
         FROM declarations d
         JOIN ${k} k ON k.source = 'u' AND k.h = md5(${UNDERTAKING_IDENTITY})
         JOIN declaration_workers w ON w.declaration_row_id = d.id
         LEFT JOIN person_records r ON r.ref = 'dw:' || d.declaration_id || '#' || w.worker_idx AND r.ref LIKE 'dw:%'
         LEFT JOIN matches m ON m.subject_type = 'declaration-worker' AND m.subject_ref = d.declaration_id || '#' || w.worker_idx
        WHERE d.is_current AND d.status <> 'cancelled'
        ORDER BY k.company_key COLLATE "C", d.declaration_id, w.worker_idx`,
    );
    const attestations = await Cursor.open<Keyed<CompanyAttestationRow>>(
      client,
      `SELECT k.company_key, ${companyAttestationColumns('k.h')}
         FROM sed_employers e
         JOIN ${k} k ON k.source = 'e' AND k.h = md5(${SED_EMPLOYER_IDENTITY})
         JOIN seds s ON s.id = e.sed_id AND ${COMPANY_SED_FILTER}
         LEFT JOIN person_records r ON r.ref = 'sed:' || s.document_id AND r.ref LIKE 'sed:%'
        WHERE e.role IN ('employer', 'self-employment')
        ORDER BY k.company_key COLLATE "C", s.document_id, e.idx`,
    );
    const certificates = await Cursor.open<Keyed<CompanyCertificateRow>>(
      client,
      `SELECT k.company_key, ${COMPANY_CERTIFICATE_COLUMNS}
         FROM certificates c
         JOIN ${k} k ON k.source = 'c' AND k.h = md5(${CERT_EMPLOYER_IDENTITY})
         LEFT JOIN person_records r ON r.ref = 'cert:' || c.certificate_number AND r.ref LIKE 'cert:%'
        ORDER BY k.company_key COLLATE "C"`,
    );
    return new CompanyFactStream(dir, asOf, postings, attestations, certificates);
  }

  /** The facts of the next chunk of companies (consecutive in the directory's key order) that have any. */
  async facts(chunk: readonly string[]): Promise<CompanyFacts[]> {
    const last = chunk[chunk.length - 1];
    if (last === undefined) return [];
    const builder = new CompanyFactsBuilder(this.dir, this.asOf);
    const key = (r: { company_key: string }): string => r.company_key;
    await this.postings.takeThrough(last, key, (r) => builder.posting(r.company_key, r));
    await this.attestations.takeThrough(last, key, (r) => builder.attestation(r.company_key, r));
    await this.certificates.takeThrough(last, key, (r) => builder.certificate(r.company_key, r));
    return builder.facts(chunk);
  }
}
