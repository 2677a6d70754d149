/**
 * The facts of one chunk of companies (incremental runs), read through the identity indexes of
 * migrations 0015 and 0017: a chunk costs its own rows only. Full runs stream instead
 * (stream-company-facts.ts); both build facts with company-fact-rows.ts. The joins to a row's
 * worker, person and match are LATERAL ... OFFSET 0, so they stay index lookups even when the
 * planner's statistics are stale.
 */
import type { PoolClient } from '../db/pool.js';
import type { CompanyFacts } from '../../core/controls/types.js';
import type { CompanyDirectory } from './company-directory.js';
import {
  CERT_EMPLOYER_IDENTITY, COMPANY_CERTIFICATE_COLUMNS, COMPANY_SED_FILTER, companyAttestationColumns, CompanyFactsBuilder, companyPostingColumns,
  SED_EMPLOYER_IDENTITY, UNDERTAKING_IDENTITY, type CompanyAttestationRow, type CompanyCertificateRow, type CompanyPostingRow,
} from './company-fact-rows.js';

/** The facts of these companies (keys from the directory) that have any, in the order given. */
export async function loadCompanyFacts(client: PoolClient, dir: CompanyDirectory, keys: readonly string[], asOf: string): Promise<CompanyFacts[]> {
  const hashes = { undertakings: [] as string[], employers: [] as string[], certificates: [] as string[] };
  for (const k of keys) {
    const c = dir.companies.get(k);
    if (c === undefined) continue;
    hashes.undertakings.push(...c.undertakings);
    hashes.employers.push(...c.employers);
    hashes.certificates.push(...c.certificates);
  }
  const builder = new CompanyFactsBuilder(dir, asOf);

  if (hashes.undertakings.length > 0) {
    const postings = await client.query<CompanyPostingRow>(
      `SELECT ${companyPostingColumns(`md5(${UNDERTAKING_IDENTITY})`)}
         FROM declarations d
         CROSS JOIN LATERAL (SELECT w.worker_idx, w.a1_reference FROM declaration_workers w WHERE w.declaration_row_id = d.id OFFSET 0) w
         LEFT JOIN LATERAL (SELECT r.person_key FROM person_records r WHERE r.ref = 'dw:' || d.declaration_id || '#' || w.worker_idx OFFSET 0) r ON true
         LEFT JOIN LATERAL (SELECT m.outcome FROM matches m
                             WHERE m.subject_type = 'declaration-worker' AND m.subject_ref = d.declaration_id || '#' || w.worker_idx OFFSET 0) m ON true
        WHERE md5(${UNDERTAKING_IDENTITY}) = ANY($1::text[]) AND d.is_current AND d.status <> 'cancelled'
        ORDER BY d.declaration_id, w.worker_idx`,
      [hashes.undertakings],
    );
    for (const p of postings.rows) {
      const key = dir.undertakingKey.get(p.h);
      if (key !== undefined) builder.posting(key, p);
    }
  }

  if (hashes.employers.length > 0) {
    const seds = await client.query<CompanyAttestationRow>(
      `SELECT ${companyAttestationColumns(`md5(${SED_EMPLOYER_IDENTITY})`)}
         FROM sed_employers e
         CROSS JOIN LATERAL (SELECT * FROM seds s WHERE s.id = e.sed_id AND ${COMPANY_SED_FILTER} OFFSET 0) s
         LEFT JOIN LATERAL (SELECT r.person_key FROM person_records r WHERE r.ref = 'sed:' || s.document_id OFFSET 0) r ON true
        WHERE md5(${SED_EMPLOYER_IDENTITY}) = ANY($1::text[]) AND e.role IN ('employer', 'self-employment')
        ORDER BY s.document_id, e.idx`,
      [hashes.employers],
    );
    for (const s of seds.rows) {
      const key = dir.employerKey.get(s.h);
      if (key !== undefined) builder.attestation(key, s);
    }
  }

  if (hashes.certificates.length > 0) {
    const certs = await client.query<CompanyCertificateRow & { h: string }>(
      `SELECT md5(${CERT_EMPLOYER_IDENTITY}) AS h, ${COMPANY_CERTIFICATE_COLUMNS}
         FROM certificates c
         LEFT JOIN LATERAL (SELECT r.person_key FROM person_records r WHERE r.ref = 'cert:' || c.certificate_number OFFSET 0) r ON true
        WHERE md5(${CERT_EMPLOYER_IDENTITY}) = ANY($1::text[])`,
      [hashes.certificates],
    );
    for (const c of certs.rows) {
      const key = dir.certificateKey.get(c.h);
      if (key !== undefined) builder.certificate(key, c);
    }
  }
  return builder.facts(keys);
}
