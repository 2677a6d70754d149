/**
 * The automatic controls ("red flags"): each one a small pure function over the facts known about
 * one person, with a stable id, a version, a severity, its legal basis and a plain-language message.
 * A hit cites its evidence (document ids, `<declarationId>#<worker>`, certificate numbers), so an
 * inspector can check it. Nationality is never part of the facts given to controls.
 */

export type Severity = 'info' | 'warning' | 'red';

export interface Period {
  start: string;
  /** Null when open-ended. */
  end: string | null;
}

/** An attestation received as a SED (A003, A009, A010) for this person, active version only. */
export interface AttestationFact {
  documentId: string;
  caseId: string | null;
  sedType: string;
  /** The state whose legislation applies. */
  legislationState: string | null;
  article: string | null;
  period: Period;
  provisional: boolean;
  /** A provisional A003 contested by an A004 in its case. */
  contested: boolean;
  /** Country of the sending institution. */
  senderCountry: string | null;
  /** Country of the receiving institution (us). */
  receiverCountry: string | null;
  companyKey: string | null;
  receivedAt: string;
}

export interface CertificateFact {
  number: string;
  kind: string;
  legislationState: string | null;
  article: string | null;
  period: Period;
  issuedAt: string | null;
  withdrawn: boolean;
  provisional: boolean;
  statesOfWork: string[];
  companyKey: string | null;
}

export interface DeclaredPostingFact {
  /** `<declarationId>#<worker index>` */
  ref: string;
  declarationId: string;
  declaredAt: string | null;
  hostCountry: string;
  /** The posting undertaking's country: the state whose legislation should apply. */
  sendingState: string;
  companyKey: string | null;
  /** The client in the host state. */
  clientKey: string | null;
  period: Period;
  sector: string | null;
  /** The certificate reference the declarant quoted, as written. */
  a1Reference: string | null;
}

export interface MatchFact {
  subjectType: 'sed' | 'declaration-worker';
  subjectRef: string;
  outcome: string;
  coverage: number;
  certificateNumbers: string[];
}

/** Everything known about one person (one person key), as of one date. */
export interface PersonFacts {
  personKey: string;
  /** YYYY-MM-DD: "today" for the controls, so a run can be reproduced. */
  asOf: string;
  /** The identity resolver could not decide between several persons for some record. */
  ambiguousRecords: string[];
  /** Distinct birth dates / sexes seen across this person's records (inconsistencies). */
  birthDates: string[];
  sexes: string[];
  attestations: AttestationFact[];
  certificates: CertificateFact[];
  postings: DeclaredPostingFact[];
  matches: MatchFact[];
}

export interface ControlHit {
  subjectType: 'sed' | 'declaration-worker' | 'certificate' | 'person' | 'company';
  subjectRef: string;
  companyKey: string | null;
  /** Document ids, declaration refs, certificate numbers the hit rests on. */
  evidence: string[];
  /** What was found, in a sentence, with the figures (e.g. "posted 27 months in a row"). */
  detail: string;
}

export interface PersonControl {
  /** Stable, never reused: `LAC-P001`. */
  id: string;
  version: number;
  severity: Severity;
  title: string;
  legalBasis: string;
  /** Plain-language statement of the rule, shown with every hit. */
  message: string;
  evaluate(facts: PersonFacts): ControlHit[];
}

/** A posting of one worker by a company, with the worker's person key (company-level view). */
export interface CompanyPostingFact extends DeclaredPostingFact {
  personKey: string | null;
  /** The matcher's outcome for this declared worker, when known. */
  matchOutcome: string | null;
}

/** Everything known about one undertaking (one company key), as of one date. No personal data. */
export interface CompanyFacts {
  companyKey: string;
  name: string | null;
  country: string | null;
  /** The undertaking's typed ids as its first record gives them (VAT, registration...). */
  ids: Array<{ type: string; id: string }>;
  sector: string | null;
  asOf: string;
  postings: CompanyPostingFact[];
  /** Distinct persons attested (SEDs, certificates) as working for this company, posted or not. */
  personsKnown: number;
  /** Distinct persons this company posted abroad (declarations and A009 attestations). */
  personsPosted: number;
  /** Attestations naming this company (SED document ids), with their type and legislation state. */
  attestations: Array<{ documentId: string; sedType: string; legislationState: string | null; period: Period; personKey: string | null }>;
  /** Other sending companies whose declared address is the same (normalised street, postcode, town). */
  sharedAddressCompanies: string[];
  /** Earliest date this company appears in any source (documents, declarations, certificates). */
  firstSeenOn: string | null;
}

export interface CompanyControl {
  /** Stable, never reused: `LAC-C001`. */
  id: string;
  version: number;
  severity: Severity;
  title: string;
  legalBasis: string;
  message: string;
  evaluate(facts: CompanyFacts): ControlHit[];
}
