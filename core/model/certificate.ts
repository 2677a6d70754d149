/**
 * A certificate event (PD A1, E101-E103, bilateral forms) as fixed in ../shared/CONTRACTS.md,
 * after validation by `core/certificate/read-certificate.ts`.
 * Countries are ISO 3166-1 alpha-2, dates `YYYY-MM-DD`, articles like `12_1`; unknown values are null.
 *
 * An initial issue or an amendment carries the certificate's full content; a withdrawal may
 * carry only the number, the issue type and the date (`CertificateWithdrawal`), so consumers
 * narrow on `issueType`.
 */
import type { PlainAddress, Sex } from './canonical.js';
import type { CompanyId, PersonId } from './declaration.js';

export type CertificateKind = 'A1' | 'E101' | 'E102' | 'E103' | 'BILATERAL';
export const CERTIFICATE_KINDS: readonly CertificateKind[] = ['A1', 'E101', 'E102', 'E103', 'BILATERAL'];

export type CertificateIssueType = 'initial' | 'amendment' | 'withdrawal';
export const CERTIFICATE_ISSUE_TYPES: readonly CertificateIssueType[] = ['initial', 'amendment', 'withdrawal'];

export interface CertificateIssuer {
  /** `CC:ID` as written, or null. */
  institutionId: string | null;
  /** ISO country of the issuing institution. */
  country: string;
}

export interface CertificatePerson {
  familyName: string;
  forename: string | null;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: Sex | null;
  pins: PersonId[];
}

export interface CertificateEmployer {
  name: string | null;
  country: string | null;
  ids: CompanyId[];
  address: PlainAddress | null;
}

/** Fields every certificate event has. */
interface CertificateEventBase {
  certificateNumber: string;
  /** The code printed on the certificate for authenticity checks, as written; null when not given. */
  securityCode: string | null;
  /** YYYY-MM-DD: date of issue, amendment or withdrawal. */
  issuedAt: string;
}

/** An initial issue or an amendment (same number, new content): the full certificate. */
export interface CertificateIssue extends CertificateEventBase {
  issueType: 'initial' | 'amendment';
  kind: CertificateKind;
  /** For BILATERAL: the agreement's form (e.g. `SE 404-1`); for others the form if given, else null. */
  form: string | null;
  /** `EU` (Regulations 883/2004, 1408/71), or the ISO country of the bilateral partner. */
  agreement: string;
  issuer: CertificateIssuer;
  person: CertificatePerson;
  employer: CertificateEmployer | null;
  /** null when the issuing system does not say. */
  selfEmployed: boolean | null;
  /** ISO country whose legislation applies. */
  legislationState: string;
  /** Like `12_1`, `13_1_a`, `16_1`; null when not given. */
  article: string | null;
  /** ISO countries, de-duplicated, in the order given. */
  statesOfWork: string[];
  startDate: string;
  /** null: open-ended. Never before `startDate`. */
  endDate: string | null;
  provisional: boolean;
}

/** A withdrawal: only number, type and date are required; the rest is kept when given. */
export interface CertificateWithdrawal extends CertificateEventBase {
  issueType: 'withdrawal';
  kind: CertificateKind | null;
  form: string | null;
  agreement: string | null;
  issuer: CertificateIssuer | null;
  person: CertificatePerson | null;
  employer: CertificateEmployer | null;
  selfEmployed: boolean | null;
  legislationState: string | null;
  article: string | null;
  statesOfWork: string[];
  startDate: string | null;
  endDate: string | null;
  provisional: boolean;
}

export type CertificateEvent = CertificateIssue | CertificateWithdrawal;
