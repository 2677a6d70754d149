/**
 * The persons an incremental rescoring must re-evaluate for a set of changed companies: every
 * person those companies concern, not only the persons with a matched subject there. A person
 * known only from a certificate has no subject, so no match: without the certificate part below,
 * a new or changed certificate-only person kept its old hits (LAC-P028 ...) until the next full run.
 */
import type { Pool, PoolClient } from '../db/pool.js';
import { companyKeys, type CompanyIdentity } from '../../core/match/company-keys.js';

/**
 * Person keys, sorted, of
 * - the subjects matched to these companies (`matches.company_key`),
 * - the persons whose current hits name one of them (so that hits which no longer hold go away),
 * - the persons holding a certificate whose employer has one of these company keys.
 */
export async function personsOfCompanies(db: Pool | PoolClient, changed: readonly string[]): Promise<string[]> {
  if (changed.length === 0) return [];
  const keys = [...changed];
  const persons = new Set(await personsMatchedOrFlagged(db, keys));
  for (const k of await certificatePersonsOfCompanies(db, keys)) persons.add(k);
  return [...persons].sort();
}

async function personsMatchedOrFlagged(db: Pool | PoolClient, keys: string[]): Promise<string[]> {
  const r = await db.query<{ person_key: string }>(
    `SELECT person_key FROM matches WHERE company_key = ANY($1::text[]) AND person_key IS NOT NULL
     UNION SELECT person_key FROM flags WHERE scope = 'person' AND company_key = ANY($1::text[]) AND person_key IS NOT NULL`,
    [keys],
  );
  return r.rows.map((x) => x.person_key);
}

/**
 * Holders of certificates whose employer has one of `keys` among its company keys (all of them, as
 * the matcher marks all of an evidence's keys). Company keys are derived in TypeScript
 * (`core/match/company-keys.ts`: name folding with transliteration has no exact SQL equivalent),
 * so the first query returns each distinct employer once (by the md5 of its JSON, what the
 * certificates' identity index holds), and only employers are keyed here; the second reads the
 * wanted employers' certificates through that index, then their holders by primary key. (One
 * query joining every certificate to person_records let a planner with stale statistics scan
 * person_records once per certificate.)
 */
export async function certificatePersonsOfCompanies(db: Pool | PoolClient, keys: readonly string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const employers = await db.query<{ h: string; employer: Partial<CompanyIdentity> }>(
    `SELECT DISTINCT ON (h) md5((c.record->'employer')::text) AS h, c.record->'employer' AS employer
       FROM certificates c WHERE jsonb_typeof(c.record->'employer') = 'object'`,
  );
  const wanted = new Set(keys);
  const hashes: string[] = [];
  for (const row of employers.rows) {
    const e = row.employer;
    const identity: CompanyIdentity = { name: e.name ?? null, country: e.country ?? null, ids: Array.isArray(e.ids) ? e.ids : [] };
    if (companyKeys(identity).some((k) => wanted.has(k))) hashes.push(row.h);
  }
  if (hashes.length === 0) return [];
  const holders = await db.query<{ person_key: string }>(
    `SELECT DISTINCT r.person_key FROM certificates c JOIN person_records r ON r.ref = 'cert:' || c.certificate_number
      WHERE md5((c.record->'employer')::text) = ANY($1::text[]) AND r.source_kind = 'certificate' AND r.person_key IS NOT NULL`,
    [hashes],
  );
  return holders.rows.map((x) => x.person_key);
}
