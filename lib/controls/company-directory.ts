/**
 * Every company the controls and the scoring know, found without loading their facts: the
 * distinct company identities of each source (a few grouped scans), keyed in Node. From them:
 * each company, the identities (md5) naming it per source (to read a chunk of companies through
 * the identity indexes of migrations 0015 and 0017, or to join a whole source to its companies), its
 * address and the companies sharing it (address clusters span companies, so they are known
 * before any chunk is read), and its number of source rows (to size chunks).
 */
import type { PoolClient } from '../db/pool.js';
import { foldName } from '../../core/identity/names.js';
import { compareC } from './cursor.js';
import { KeyMemo, lenientKey } from './company-identity.js';
import { CERT_EMPLOYER_IDENTITY, COMPANY_SED_FILTER, SED_EMPLOYER_IDENTITY, UNDERTAKING_IDENTITY } from './company-fact-rows.js';

function addressKey(a: unknown): string | null {
  if (typeof a !== 'object' || a === null) return null;
  const o = a as Record<string, unknown>;
  const parts = [o.street, o.postalCode, o.town, o.country].map((v) => (typeof v === 'string' ? foldName(v) : ''));
  return parts[0] === '' || (parts[1] === '' && parts[2] === '') ? null : parts.join('|');
}

interface DirectoryCompany {
  /** md5 of the identities naming it, per source. */
  undertakings: string[];
  employers: string[];
  certificates: string[];
  /** Source rows behind it (postings + attestations + certificates), to size chunks. */
  rows: number;
  address: string | null;
}

export interface CompanyDirectory {
  /** Every company (a posting undertaking or an attestation's employer), in byte order of the keys (compareC). */
  readonly keys: readonly string[];
  readonly companies: ReadonlyMap<string, DirectoryCompany>;
  /** Identity md5 -> company key, per source. */
  readonly undertakingKey: ReadonlyMap<string, string>;
  readonly employerKey: ReadonlyMap<string, string>;
  readonly certificateKey: ReadonlyMap<string, string>;
  /** SED employer identity md5 -> its fields (the company's name when it has no posting). */
  readonly employerIdentity: ReadonlyMap<string, { name: string | null; country: string | null; ids: unknown }>;
  /** Undertaking identity md5 -> its fields (the company's name from its first posting). */
  readonly undertakingIdentity: ReadonlyMap<string, { name: unknown; country: unknown; ids: unknown }>;
  /** Companies registered at one address (normalised), in byte order of the keys. */
  readonly byAddress: ReadonlyMap<string, readonly string[]>;
}

/** Other sending companies at the company's address, sorted (LAC-C004, and incremental runs' reach). */
export function sharedAddressCompanies(dir: CompanyDirectory, companyKey: string): string[] {
  const address = dir.companies.get(companyKey)?.address ?? null;
  return address === null ? [] : (dir.byAddress.get(address) ?? []).filter((k) => k !== companyKey).sort();
}

export async function loadCompanyDirectory(client: PoolClient): Promise<CompanyDirectory> {
  const companies = new Map<string, DirectoryCompany>();
  const entry = (key: string): DirectoryCompany => {
    let c = companies.get(key);
    if (c === undefined) {
      c = { undertakings: [], employers: [], certificates: [], rows: 0, address: null };
      companies.set(key, c);
    }
    return c;
  };
  const undertakingKey = new Map<string, string>();
  const undertakingIdentity = new Map<string, { name: unknown; country: unknown; ids: unknown }>();
  const employerKey = new Map<string, string>();
  const employerIdentity = new Map<string, { name: string | null; country: string | null; ids: unknown }>();
  const certificateKey = new Map<string, string>();

  // Posting undertakings (each distinct record, address included) with their first declaration:
  // walking them in that order, a company's first non-empty address is its first posting's that has one.
  const undertakings = await client.query<{ h: string; identity: string; n: string }>(
    `SELECT md5(identity) AS h, identity, n FROM (
       SELECT ${UNDERTAKING_IDENTITY} AS identity, min(d.declaration_id) AS first, sum(w.n) AS n
         FROM declarations d JOIN (SELECT declaration_row_id, count(*) AS n FROM declaration_workers GROUP BY 1) w ON w.declaration_row_id = d.id
        WHERE d.is_current AND d.status <> 'cancelled' AND d.record ? 'postingUndertaking'
        GROUP BY 1) g
      ORDER BY first`,
  );
  const postingKeys = new KeyMemo(lenientKey);
  for (const u of undertakings.rows) {
    const key = postingKeys.ofJson(u.identity);
    if (key === null) continue;
    const c = entry(key);
    const record = JSON.parse(u.identity) as Record<string, unknown>;
    undertakingKey.set(u.h, key);
    undertakingIdentity.set(u.h, { name: record.name, country: record.country, ids: record.ids });
    c.undertakings.push(u.h);
    c.rows += Number(u.n);
    c.address ??= addressKey(record.address);
  }

  const employers = await client.query<{ h: string; name: string | null; country: string | null; ids: unknown; n: string }>(
    `SELECT md5(${SED_EMPLOYER_IDENTITY}) AS h, e.name, e.country, e.ids, count(*) AS n
       FROM sed_employers e JOIN seds s ON s.id = e.sed_id
      WHERE e.role IN ('employer', 'self-employment') AND ${COMPANY_SED_FILTER}
      GROUP BY e.name, e.country, e.ids`,
  );
  for (const e of employers.rows) {
    const key = lenientKey({ name: e.name, country: e.country, ids: e.ids });
    if (key === null) continue;
    const c = entry(key);
    employerKey.set(e.h, key);
    employerIdentity.set(e.h, { name: e.name, country: e.country, ids: e.ids });
    c.employers.push(e.h);
    c.rows += Number(e.n);
  }

  // Certificates name workers known to a company; they do not make a company on their own.
  const certificates = await client.query<{ h: string; identity: string; n: string }>(
    `SELECT md5(identity) AS h, identity, count(*) AS n FROM (SELECT ${CERT_EMPLOYER_IDENTITY} AS identity FROM certificates c) x
      WHERE identity IS NOT NULL GROUP BY identity`,
  );
  for (const c of certificates.rows) {
    const key = lenientKey(JSON.parse(c.identity));
    const company = key === null ? undefined : companies.get(key);
    if (key === null || company === undefined) continue;
    certificateKey.set(c.h, key);
    company.certificates.push(c.h);
    company.rows += Number(c.n);
  }

  const keys = [...companies.keys()].sort(compareC);
  const byAddress = new Map<string, string[]>();
  for (const k of keys) {
    const address = companies.get(k)?.address ?? null;
    if (address === null) continue;
    const list = byAddress.get(address);
    if (list === undefined) byAddress.set(address, [k]);
    else list.push(k);
  }
  return { keys, companies, undertakingKey, employerKey, certificateKey, employerIdentity, undertakingIdentity, byAddress };
}

/** Companies cut into chunks of about `rows` source rows each (at least one company per chunk). */
export function companyChunks(dir: CompanyDirectory, keys: readonly string[], rows: number): string[][] {
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let size = 0;
  for (const k of keys) {
    const n = dir.companies.get(k)?.rows ?? 0;
    if (chunk.length > 0 && size + n > rows) {
      chunks.push(chunk);
      chunk = [];
      size = 0;
    }
    chunk.push(k);
    size += n;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

