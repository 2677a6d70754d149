/**
 * Loads PersonFacts for a batch of person keys: a handful of set-based queries, grouped in memory.
 * Nationality is not read: controls must never see it.
 */
import type { PoolClient } from '../db/pool.js';
import { companyKeys, type CompanyIdentity } from '../../core/match/company-keys.js';
import type { AttestationFact, CertificateFact, DeclaredPostingFact, MatchFact, PersonFacts } from '../../core/controls/types.js';

const ATTESTATION_TYPES = ['A001', 'A003', 'A009', 'A010'];

function primaryKey(c: CompanyIdentity | null): string | null {
  return c === null ? null : (companyKeys(c)[0] ?? null);
}

export async function loadPersonFacts(client: PoolClient, personKeys: string[], asOf: string): Promise<PersonFacts[]> {
  const facts = new Map<string, PersonFacts>();
  for (const key of personKeys) {
    facts.set(key, { personKey: key, asOf, ambiguousRecords: [], birthDates: [], sexes: [], attestations: [], certificates: [], postings: [], matches: [] });
  }
  const get = (k: string): PersonFacts | undefined => facts.get(k);

  const records = await client.query<{ person_key: string; ref: string; ambiguous: boolean; birth_date: string | null; sex: string | null }>(
    `SELECT person_key, ref, ambiguous, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, sex FROM person_records WHERE person_key = ANY($1::text[])`,
    [personKeys],
  );
  for (const r of records.rows) {
    const f = get(r.person_key);
    if (!f) continue;
    if (r.ambiguous) f.ambiguousRecords.push(r.ref);
    if (r.birth_date !== null && !f.birthDates.includes(r.birth_date)) f.birthDates.push(r.birth_date);
    if (r.sex !== null && r.sex !== 'U' && !f.sexes.includes(r.sex)) f.sexes.push(r.sex);
  }

  const seds = await client.query<{
    person_key: string; document_id: string; case_id: string | null; sed_type: string; legislation_state: string | null; article: string | null;
    start_date: string; end_date: string | null; provisional: boolean | null; sender_country: string | null; receiver_country: string | null;
    received_at: Date; employer: CompanyIdentity | null; contested: boolean;
  }>(
    `SELECT r.person_key, s.document_id, s.case_id, s.sed_type, s.legislation_state, s.article,
            to_char(s.start_date, 'YYYY-MM-DD') AS start_date, to_char(s.end_date, 'YYYY-MM-DD') AS end_date, s.provisional,
            s.sender_country, s.receiver_country, s.received_at,
            (SELECT jsonb_build_object('name', e.name, 'country', e.country, 'ids', e.ids) FROM sed_employers e
              WHERE e.sed_id = s.id AND e.role IN ('employer', 'self-employment') ORDER BY e.idx LIMIT 1) AS employer,
            (s.sed_type = 'A003' AND coalesce(s.provisional, false) AND s.case_id IS NOT NULL AND EXISTS (
               SELECT 1 FROM seds o WHERE o.case_id = s.case_id AND o.sed_type = 'A004' AND o.status = 'active')) AS contested
       FROM person_records r JOIN seds s ON r.ref = 'sed:' || s.document_id AND s.status = 'active'
      WHERE r.person_key = ANY($1::text[]) AND s.sed_type = ANY($2::text[]) AND s.start_date IS NOT NULL`,
    [personKeys, ATTESTATION_TYPES],
  );
  for (const s of seds.rows) {
    const a: AttestationFact = {
      documentId: s.document_id, caseId: s.case_id, sedType: s.sed_type, legislationState: s.legislation_state, article: s.article,
      period: { start: s.start_date, end: s.end_date }, provisional: s.provisional === true, contested: s.contested,
      senderCountry: s.sender_country, receiverCountry: s.receiver_country, companyKey: primaryKey(s.employer),
      receivedAt: s.received_at.toISOString().slice(0, 10),
    };
    get(s.person_key)?.attestations.push(a);
  }

  const certs = await client.query<{ person_key: string; certificate_number: string; kind: string; legislation_state: string | null; article: string | null;
    start_date: string | null; end_date: string | null; status: string; provisional: boolean; record: Record<string, unknown> }>(
    `SELECT r.person_key, c.certificate_number, c.kind, c.legislation_state, c.article, to_char(c.start_date, 'YYYY-MM-DD') AS start_date,
            to_char(c.end_date, 'YYYY-MM-DD') AS end_date, c.status, c.provisional, c.record
       FROM person_records r JOIN certificates c ON r.ref = 'cert:' || c.certificate_number
      WHERE r.person_key = ANY($1::text[]) AND c.start_date IS NOT NULL`,
    [personKeys],
  );
  for (const c of certs.rows) {
    const employer = (c.record.employer ?? null) as CompanyIdentity | null;
    const states = Array.isArray(c.record.statesOfWork) ? (c.record.statesOfWork as unknown[]).filter((x): x is string => typeof x === 'string') : [];
    const cert: CertificateFact = {
      number: c.certificate_number, kind: c.kind, legislationState: c.legislation_state, article: c.article,
      period: { start: c.start_date ?? '', end: c.end_date }, issuedAt: typeof c.record.issuedAt === 'string' ? c.record.issuedAt : null,
      withdrawn: c.status === 'withdrawn', provisional: c.provisional, statesOfWork: states,
      companyKey: employer === null ? null : primaryKey({ name: employer.name ?? null, country: employer.country ?? null, ids: employer.ids ?? [] }),
    };
    get(c.person_key)?.certificates.push(cert);
  }

  const postings = await client.query<{ person_key: string; declaration_id: string; worker_idx: number; declared_at: Date | null; host_country: string;
    undertaking_country: string; start_date: string; end_date: string; sector: string | null; a1_reference: string | null; record: Record<string, unknown> }>(
    `SELECT r.person_key, d.declaration_id, w.worker_idx, d.declared_at, d.host_country, d.undertaking_country,
            to_char(d.start_date, 'YYYY-MM-DD') AS start_date, to_char(d.end_date, 'YYYY-MM-DD') AS end_date, d.sector, w.a1_reference, d.record
       FROM person_records r
       JOIN declarations d ON d.declaration_id = substring(r.ref from '^dw:(.*)#[0-9]+$') AND d.is_current AND d.status <> 'cancelled'
       JOIN declaration_workers w ON w.declaration_row_id = d.id AND w.worker_idx = substring(r.ref from '#([0-9]+)$')::int
      WHERE r.person_key = ANY($1::text[]) AND r.source_kind = 'declaration-worker'`,
    [personKeys],
  );
  for (const p of postings.rows) {
    const undertaking = p.record.postingUndertaking as CompanyIdentity | undefined;
    const clientCompany = (p.record.client ?? null) as CompanyIdentity | null;
    const posting: DeclaredPostingFact = {
      ref: `${p.declaration_id}#${p.worker_idx}`, declarationId: p.declaration_id,
      declaredAt: p.declared_at === null ? null : p.declared_at.toISOString().slice(0, 10),
      hostCountry: p.host_country, sendingState: p.undertaking_country,
      companyKey: undertaking === undefined ? null : primaryKey(undertaking),
      clientKey: clientCompany === null ? null : primaryKey({ name: clientCompany.name ?? null, country: clientCompany.country ?? null, ids: clientCompany.ids ?? [] }),
      period: { start: p.start_date, end: p.end_date }, sector: p.sector, a1Reference: p.a1_reference,
    };
    get(p.person_key)?.postings.push(posting);
  }

  const matches = await client.query<{ person_key: string; subject_type: MatchFact['subjectType']; subject_ref: string; outcome: string; coverage: string; certificate_numbers: string[] }>(
    'SELECT person_key, subject_type, subject_ref, outcome, coverage, certificate_numbers FROM matches WHERE person_key = ANY($1::text[])',
    [personKeys],
  );
  for (const m of matches.rows) {
    get(m.person_key)?.matches.push({ subjectType: m.subject_type, subjectRef: m.subject_ref, outcome: m.outcome, coverage: Number(m.coverage), certificateNumbers: m.certificate_numbers });
  }

  // Deterministic order inside each person's facts, whatever order the queries returned.
  for (const f of facts.values()) {
    f.ambiguousRecords.sort();
    f.birthDates.sort();
    f.sexes.sort();
    f.attestations.sort((a, b) => cmp(a.documentId, b.documentId));
    f.certificates.sort((a, b) => cmp(a.number, b.number));
    f.postings.sort((a, b) => cmp(a.ref, b.ref));
    f.matches.sort((a, b) => cmp(`${a.subjectType}|${a.subjectRef}`, `${b.subjectType}|${b.subjectRef}`));
  }
  return [...facts.values()];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
