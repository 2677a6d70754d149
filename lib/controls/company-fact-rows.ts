/**
 * The rows company facts are built from, and how: shared by the loader of a chunk of companies
 * (load-company-facts.ts, identity index lookups) and the stream of all companies
 * (stream-company-facts.ts, sorted scans), so both build the same facts. The rows of one company
 * arrive in the order of the single in-memory pass these facts always came from (postings by
 * declaration and worker, attestations by document and employer), so first values stay first.
 * No personal data and no nationality: persons appear only as person keys, counted.
 */
import type { CompanyFacts, CompanyPostingFact } from '../../core/controls/types.js';
import { KeyMemo, lenientKey, sqlEmployerIdentity, sqlJsonIdentity } from './company-identity.js';
import { sharedAddressCompanies, type CompanyDirectory } from './company-directory.js';

export const UNDERTAKING_IDENTITY = sqlJsonIdentity("d.record -> 'postingUndertaking'");
export const CERT_EMPLOYER_IDENTITY = sqlJsonIdentity("c.record -> 'employer'");
export const SED_EMPLOYER_IDENTITY = sqlEmployerIdentity('e');
export const COMPANY_ATTESTATION_TYPES_SQL = "ARRAY['A003', 'A009', 'A010']";

export interface CompanyPostingRow {
  /** md5 of the undertaking's identity. */
  h: string; declaration_id: string; worker_idx: number; declared_on: string | null; host_country: string; undertaking_country: string;
  start_date: string; end_date: string; sector: string | null; a1_reference: string | null; client: string | null;
  person_key: string | null; outcome: string | null;
}
/** Over `declarations d`, `declaration_workers w`, `person_records r` (the worker's) and `matches m` (the worker's); `h` given. */
export const companyPostingColumns = (h: string): string => `${h} AS h, d.declaration_id, w.worker_idx,
  to_char(d.declared_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS declared_on, d.host_country, d.undertaking_country,
  to_char(d.start_date, 'YYYY-MM-DD') AS start_date, to_char(d.end_date, 'YYYY-MM-DD') AS end_date,
  d.sector, w.a1_reference, ${sqlJsonIdentity("d.record -> 'client'")} AS client, r.person_key, m.outcome`;

export interface CompanyAttestationRow {
  /** md5 of the employer's identity. */
  h: string; document_id: string; sed_type: string; legislation_state: string | null; start_date: string; end_date: string | null;
  received_on: string; person_key: string | null;
}
/** Over `sed_employers e`, `seds s` and `person_records r` (the SED's); `h` given. */
export const companyAttestationColumns = (h: string): string => `${h} AS h, s.document_id, s.sed_type, s.legislation_state,
  to_char(s.start_date, 'YYYY-MM-DD') AS start_date, to_char(s.end_date, 'YYYY-MM-DD') AS end_date,
  to_char(s.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS received_on, r.person_key`;
/** Conditions on `seds s` for an attestation naming a company. */
export const COMPANY_SED_FILTER = `s.status = 'active' AND s.sed_type = ANY(${COMPANY_ATTESTATION_TYPES_SQL}) AND s.start_date IS NOT NULL`;

export interface CompanyCertificateRow { person_key: string | null; issued_at: string | null }
/** Over `certificates c` and `person_records r` (the certificate's). */
export const COMPANY_CERTIFICATE_COLUMNS = "r.person_key, c.record ->> 'issuedAt' AS issued_at";

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

interface Acc {
  facts: CompanyFacts;
  known: Set<string>;
  posted: Set<string>;
}

/** Facts of some companies from their rows: postings first, then attestations, then certificates. */
export class CompanyFactsBuilder {
  private readonly accs = new Map<string, Acc>();
  private readonly clientKeys = new KeyMemo(lenientKey);

  constructor(private readonly dir: CompanyDirectory, private readonly asOf: string) {}

  /** The company is known from its first posting, else its first attestation, with that record's name. */
  private acc(key: string, name: string | null, country: string | null, ids: unknown): Acc {
    let a = this.accs.get(key);
    if (a === undefined) {
      a = {
        facts: {
          companyKey: key, name, country, ids: Array.isArray(ids) ? (ids as CompanyFacts['ids']) : [], sector: null, asOf: this.asOf, postings: [],
          personsKnown: 0, personsPosted: 0, attestations: [], sharedAddressCompanies: sharedAddressCompanies(this.dir, key), firstSeenOn: null,
        },
        known: new Set(), posted: new Set(),
      };
      this.accs.set(key, a);
    }
    return a;
  }

  posting(key: string, p: CompanyPostingRow): void {
    const identity = this.dir.undertakingIdentity.get(p.h);
    const a = this.acc(key, (identity?.name ?? null) as string | null, (identity?.country ?? null) as string | null, identity?.ids);
    a.facts.sector ??= p.sector;
    const posting: CompanyPostingFact = {
      ref: `${p.declaration_id}#${p.worker_idx}`, declarationId: p.declaration_id, declaredAt: p.declared_on, hostCountry: p.host_country,
      sendingState: p.undertaking_country, companyKey: key, clientKey: this.clientKeys.ofJson(p.client),
      period: { start: p.start_date, end: p.end_date }, sector: p.sector, a1Reference: p.a1_reference, personKey: p.person_key, matchOutcome: p.outcome,
    };
    a.facts.postings.push(posting);
    if (p.person_key !== null) {
      a.posted.add(p.person_key);
      a.known.add(p.person_key);
    }
    a.facts.firstSeenOn = earliest(a.facts.firstSeenOn, earliest(p.declared_on, p.start_date));
  }

  attestation(key: string, s: CompanyAttestationRow): void {
    const identity = this.dir.employerIdentity.get(s.h);
    if (identity === undefined) return;
    const a = this.acc(key, identity.name, identity.country, identity.ids);
    a.facts.attestations.push({ documentId: s.document_id, sedType: s.sed_type, legislationState: s.legislation_state, period: { start: s.start_date, end: s.end_date }, personKey: s.person_key });
    if (s.person_key !== null) {
      a.known.add(s.person_key);
      if (s.sed_type === 'A009') a.posted.add(s.person_key);
    }
    a.facts.firstSeenOn = earliest(a.facts.firstSeenOn, s.received_on);
  }

  /** Certificates name workers known to a company; they do not make a company on their own. */
  certificate(key: string, c: CompanyCertificateRow): void {
    const a = this.accs.get(key);
    if (a === undefined) return;
    if (c.person_key !== null) a.known.add(c.person_key);
    a.facts.firstSeenOn = earliest(a.facts.firstSeenOn, c.issued_at);
  }

  /** The facts of these companies that have any, in the order given. */
  facts(keys: readonly string[]): CompanyFacts[] {
    const result: CompanyFacts[] = [];
    for (const k of keys) {
      const a = this.accs.get(k);
      if (a === undefined) continue;
      a.facts.personsKnown = a.known.size;
      a.facts.personsPosted = a.posted.size;
      a.facts.attestations.sort((x, y) => (x.documentId < y.documentId ? -1 : 1));
      result.push(a.facts);
    }
    return result;
  }
}
