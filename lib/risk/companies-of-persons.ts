/**
 * Companies whose scores depend on persons an incremental rescoring re-evaluates: scores read
 * flags by company key, and a company's facts count the persons its documents name, so a company
 * that gains or loses a person's hit, or the person, is rescored.
 */
import type { Pool, PoolClient } from '../db/pool.js';
import { companyKeys, type CompanyIdentity } from '../../core/match/company-keys.js';

/**
 * Companies named by these persons' matches and flags (call before and after their controls
 * run), and by every version of their documents: a new SED or declaration version, or a
 * certificate amendment, that moves a person to another company leaves no trace of the old one in
 * matches or flags when no hit named it, yet the old company counted the person among its workers.
 */
export async function companiesOfPersons(db: Pool | PoolClient, personKeys: readonly string[]): Promise<string[]> {
  if (personKeys.length === 0) return [];
  const keys = [...personKeys];
  const r = await db.query<{ company_key: string }>(
    `SELECT company_key FROM matches WHERE person_key = ANY($1::text[]) AND company_key IS NOT NULL
     UNION SELECT company_key FROM flags WHERE person_key = ANY($1::text[]) AND company_key IS NOT NULL`,
    [keys],
  );
  const out = new Set(r.rows.map((x) => x.company_key));
  for (const k of await documentCompaniesOfPersons(db, keys)) out.add(k);
  return [...out].sort();
}

/**
 * Company keys (as company facts key them: the first key) of the undertakings named by any
 * version of these persons' documents: SED employers, declarations' posting undertakings,
 * certificates' employers (every event). Keys are derived here, once per distinct identity.
 */
async function documentCompaniesOfPersons(db: Pool | PoolClient, personKeys: string[]): Promise<string[]> {
  const r = await db.query<{ identity: Partial<CompanyIdentity> }>(
    `SELECT jsonb_build_object('name', e.name, 'country', e.country, 'ids', e.ids) AS identity
       FROM person_records p JOIN seds s ON s.document_id = substr(p.ref, 5)
       JOIN sed_employers e ON e.sed_id = s.id AND e.role IN ('employer', 'self-employment')
      WHERE p.person_key = ANY($1::text[]) AND p.source_kind = 'sed'
     UNION
     SELECT d.record->'postingUndertaking'
       FROM person_records p JOIN declarations d ON d.declaration_id = substring(p.ref from '^dw:(.*)#[0-9]+$')
      WHERE p.person_key = ANY($1::text[]) AND p.source_kind = 'declaration-worker' AND jsonb_typeof(d.record->'postingUndertaking') = 'object'
     UNION
     SELECT e.record->'employer'
       FROM person_records p JOIN certificate_events e ON e.certificate_number = substr(p.ref, 6)
      WHERE p.person_key = ANY($1::text[]) AND p.source_kind = 'certificate' AND jsonb_typeof(e.record->'employer') = 'object'`,
    [personKeys],
  );
  const out: string[] = [];
  for (const { identity: c } of r.rows) {
    const key = companyKeys({ name: c.name ?? null, country: c.country ?? null, ids: Array.isArray(c.ids) ? c.ids : [] })[0];
    if (key !== undefined) out.push(key);
  }
  return out;
}

/**
 * Flags of person keys that no longer exist (identity resolution re-keyed or merged the person,
 * or every record of it went away: an invalidated SED, a cancelled declaration). Person controls
 * clear those flags in every run (clearOrphanPersonFlags), and no list of changed persons holds
 * the old key: call this before they run. `any`: such flags exist, with or without a company.
 */
export async function orphanPersonFlags(db: Pool | PoolClient): Promise<{ any: boolean; companyKeys: string[] }> {
  const r = await db.query<{ company_key: string | null }>(
    `SELECT DISTINCT f.company_key FROM flags f
      WHERE f.scope = 'person' AND NOT EXISTS (SELECT 1 FROM person_records p WHERE p.person_key = f.scope_key)`,
  );
  return { any: r.rows.length > 0, companyKeys: r.rows.flatMap((x) => (x.company_key === null ? [] : [x.company_key])) };
}
