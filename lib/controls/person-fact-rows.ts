/**
 * The rows person facts are built from, and how: shared by the loader of a batch of persons
 * (load-person-facts.ts, index lookups) and the stream of all persons (stream-person-facts.ts,
 * sorted scans), so both build the same facts. Each SELECT list projects only what the facts use;
 * company identities come as short text, keyed in Node once per distinct identity.
 * Nationality is not read: controls must never see it.
 */
import type { AttestationFact, CertificateFact, DeclaredPostingFact, MatchFact, PersonFacts } from '../../core/controls/types.js';
import { defaultedKey, KeyMemo, sqlJsonIdentity, strictKey } from './company-identity.js';

export const ATTESTATION_TYPES_SQL = "ARRAY['A001', 'A003', 'A009', 'A010']";

/** Dates as the facts hold them: calendar days formatted by PostgreSQL (timestamps in UTC), no Date objects. */
const DAY = (col: string): string => `to_char(${col}, 'YYYY-MM-DD')`;
const UTC_DAY = (col: string): string => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;

export interface RecordRow { person_key: string; ref: string; ambiguous: boolean; birth_date: string | null; sex: string | null }
/** Over `person_records r`. */
export const RECORD_COLUMNS = `r.person_key, r.ref, r.ambiguous, ${DAY('r.birth_date')} AS birth_date, r.sex`;

export interface SedRow {
  person_key: string; document_id: string; case_id: string | null; sed_type: string; legislation_state: string | null; article: string | null;
  start_date: string; end_date: string | null; provisional: boolean | null; sender_country: string | null; receiver_country: string | null;
  received_on: string; employer: string | null; contested: boolean;
}
/** Over `person_records r` and `seds s`; `employer` is the SED's first employer as `{name, country, ids}` JSON text. */
export const sedColumns = (employer: string): string => `r.person_key, s.document_id, s.case_id, s.sed_type, s.legislation_state, s.article,
  ${DAY('s.start_date')} AS start_date, ${DAY('s.end_date')} AS end_date, s.provisional,
  s.sender_country, s.receiver_country, ${UTC_DAY('s.received_at')} AS received_on, ${employer} AS employer,
  (s.sed_type = 'A003' AND coalesce(s.provisional, false) AND s.case_id IS NOT NULL AND EXISTS (
     SELECT 1 FROM seds o WHERE o.case_id = s.case_id AND o.sed_type = 'A004' AND o.status = 'active')) AS contested`;
/** Conditions on `seds s` for an attestation. */
export const SED_FILTER = `s.status = 'active' AND s.sed_type = ANY(${ATTESTATION_TYPES_SQL}) AND s.start_date IS NOT NULL`;

export interface CertRow {
  person_key: string; certificate_number: string; kind: string; legislation_state: string | null; article: string | null;
  start_date: string | null; end_date: string | null; status: string; provisional: boolean; employer: string | null;
  states_of_work: unknown; issued_at: string | null;
}
/** Over `person_records r` and `certificates c`. */
export const CERT_COLUMNS = `r.person_key, c.certificate_number, c.kind, c.legislation_state, c.article, ${DAY('c.start_date')} AS start_date,
  ${DAY('c.end_date')} AS end_date, c.status, c.provisional, ${sqlJsonIdentity("c.record -> 'employer'")} AS employer,
  c.record -> 'statesOfWork' AS states_of_work,
  CASE WHEN jsonb_typeof(c.record -> 'issuedAt') = 'string' THEN c.record ->> 'issuedAt' END AS issued_at`;

export interface PostingRow {
  person_key: string; declaration_id: string; worker_idx: number; declared_on: string | null; host_country: string; undertaking_country: string;
  start_date: string; end_date: string; sector: string | null; a1_reference: string | null; undertaking: string | null; client: string | null;
}
/** Over `person_records r`, `declarations d` and `declaration_workers w`. */
export const POSTING_COLUMNS = `r.person_key, d.declaration_id, w.worker_idx, ${UTC_DAY('d.declared_at')} AS declared_on, d.host_country, d.undertaking_country,
  ${DAY('d.start_date')} AS start_date, ${DAY('d.end_date')} AS end_date, d.sector, w.a1_reference,
  ${sqlJsonIdentity("d.record -> 'postingUndertaking'")} AS undertaking, ${sqlJsonIdentity("d.record -> 'client'")} AS client`;
/** A declared worker's ref `dw:<declarationId>#<worker>`, split (over `person_records r`). */
export const REF_DECLARATION = "substring(r.ref from '^dw:(.*)#[0-9]+$')";
export const REF_WORKER = "substring(r.ref from '#([0-9]+)$')::int";

export interface MatchRow {
  person_key: string; subject_type: MatchFact['subjectType']; subject_ref: string; outcome: string; coverage: string; certificate_numbers: string[];
}
/** Over `matches m`. */
export const MATCH_COLUMNS = 'm.person_key, m.subject_type, m.subject_ref, m.outcome, m.coverage, m.certificate_numbers';

/** Key rules as the person loader always applied them (see company-identity.ts). */
const strict = new KeyMemo(strictKey);
const defaulted = new KeyMemo(defaultedKey);

export function newPersonFacts(personKey: string, asOf: string): PersonFacts {
  return { personKey, asOf, ambiguousRecords: [], birthDates: [], sexes: [], attestations: [], certificates: [], postings: [], matches: [] };
}

export function addRecord(f: PersonFacts, r: RecordRow): void {
  if (r.ambiguous) f.ambiguousRecords.push(r.ref);
  if (r.birth_date !== null && !f.birthDates.includes(r.birth_date)) f.birthDates.push(r.birth_date);
  if (r.sex !== null && r.sex !== 'U' && !f.sexes.includes(r.sex)) f.sexes.push(r.sex);
}

export function addSed(f: PersonFacts, s: SedRow): void {
  const a: AttestationFact = {
    documentId: s.document_id, caseId: s.case_id, sedType: s.sed_type, legislationState: s.legislation_state, article: s.article,
    period: { start: s.start_date, end: s.end_date }, provisional: s.provisional === true, contested: s.contested,
    senderCountry: s.sender_country, receiverCountry: s.receiver_country, companyKey: strict.ofJson(s.employer),
    receivedAt: s.received_on,
  };
  f.attestations.push(a);
}

export function addCertificate(f: PersonFacts, c: CertRow): void {
  const states = Array.isArray(c.states_of_work) ? (c.states_of_work as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  const cert: CertificateFact = {
    number: c.certificate_number, kind: c.kind, legislationState: c.legislation_state, article: c.article,
    period: { start: c.start_date ?? '', end: c.end_date }, issuedAt: c.issued_at,
    withdrawn: c.status === 'withdrawn', provisional: c.provisional, statesOfWork: states,
    companyKey: defaulted.ofJson(c.employer),
  };
  f.certificates.push(cert);
}

export function addPosting(f: PersonFacts, p: PostingRow): void {
  const posting: DeclaredPostingFact = {
    ref: `${p.declaration_id}#${p.worker_idx}`, declarationId: p.declaration_id, declaredAt: p.declared_on,
    hostCountry: p.host_country, sendingState: p.undertaking_country,
    companyKey: strict.ofJson(p.undertaking), clientKey: defaulted.ofJson(p.client),
    period: { start: p.start_date, end: p.end_date }, sector: p.sector, a1Reference: p.a1_reference,
  };
  f.postings.push(posting);
}

export function addMatch(f: PersonFacts, m: MatchRow): void {
  f.matches.push({ subjectType: m.subject_type, subjectRef: m.subject_ref, outcome: m.outcome, coverage: Number(m.coverage), certificateNumbers: m.certificate_numbers });
}

/** Deterministic order inside a person's facts, whatever order the queries returned. */
export function finishPersonFacts(f: PersonFacts): PersonFacts {
  f.ambiguousRecords.sort();
  f.birthDates.sort();
  f.sexes.sort();
  f.attestations.sort((a, b) => cmp(a.documentId, b.documentId));
  f.certificates.sort((a, b) => cmp(a.number, b.number));
  f.postings.sort((a, b) => cmp(a.ref, b.ref));
  f.matches.sort((a, b) => cmp(`${a.subjectType}|${a.subjectRef}`, `${b.subjectType}|${b.subjectRef}`));
  return f;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
