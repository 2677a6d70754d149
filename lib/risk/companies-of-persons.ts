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
 *
 * Two steps, each reading one table through an index: the persons' records first, then each
 * source by the keys they name. One query joining person_records to the sources let the planner
 * choose the join order, and with statistics lagging behind a bulk write it once scanned
 * person_records for every SED (49 s for 4,700 persons at 20k SEDs instead of 0.1 s).
 */
async function documentCompaniesOfPersons(db: Pool | PoolClient, personKeys: string[]): Promise<string[]> {
  const refs = await db.query<{ ref: string }>('SELECT ref FROM person_records WHERE person_key = ANY($1::text[])', [personKeys]);
  const sedIds: string[] = [];
  const declarationIds: string[] = [];
  const certificateNumbers: string[] = [];
  for (const { ref } of refs.rows) {
    if (ref.startsWith('sed:')) sedIds.push(ref.slice(4));
    else if (ref.startsWith('cert:')) certificateNumbers.push(ref.slice(5));
    else if (ref.startsWith('dw:')) declarationIds.push(ref.slice(3, ref.lastIndexOf('#')));
  }
  const r = await db.query<{ identity: Partial<CompanyIdentity> }>(
    `SELECT jsonb_build_object('name', e.name, 'country', e.country, 'ids', e.ids) AS identity
       FROM seds s JOIN sed_employers e ON e.sed_id = s.id AND e.role IN ('employer', 'self-employment')
      WHERE s.document_id = ANY($1::text[])
     UNION
     SELECT d.record->'postingUndertaking' FROM declarations d
      WHERE d.declaration_id = ANY($2::text[]) AND jsonb_typeof(d.record->'postingUndertaking') = 'object'
     UNION
     SELECT e.record->'employer' FROM certificate_events e
      WHERE e.certificate_number = ANY($3::text[]) AND jsonb_typeof(e.record->'employer') = 'object'`,
    [sedIds, [...new Set(declarationIds)], certificateNumbers],
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
