/**
 * The canonical SED record: the `seds` export of ../shared/CONTRACTS.md.
 * Every reader (EESSI XML, RINA JSON, NAV JSON) normalises into this shape.
 * Unknown values are `null`, never invented empty strings.
 */

export type SourceFormat = 'xml' | 'rina-json' | 'nav-json';
export type SedStatus = 'active' | 'superseded' | 'invalidated';
export type Sex = 'M' | 'F' | 'U';
export type PinSector = 'awod' | 'family' | 'all' | 'pensions' | 'recovery' | 'sickness' | 'unemployment';
export type AddressType = 'residence' | 'stay' | 'contact' | 'other';
export type EmployerRole = 'employer' | 'host' | 'self-employment' | 'other';
export type EmployerIdType = 'registration' | 'social-security' | 'tax' | 'unknown';

export interface Institution {
  institutionId: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
}

export interface Pin {
  country: string | null;
  id: string;
  sector: PinSector | null;
}

export interface BirthPlace {
  town: string | null;
  region: string | null;
  country: string | null;
}

export interface Person {
  familyName: string | null;
  forename: string | null;
  familyNameAtBirth: string | null;
  forenameAtBirth: string | null;
  /** YYYY-MM-DD */
  birthDate: string | null;
  sex: Sex | null;
  nationalities: string[];
  pins: Pin[];
  birthPlace: BirthPlace | null;
}

export interface Address {
  type: AddressType;
  street: string | null;
  building: string | null;
  town: string | null;
  postalCode: string | null;
  region: string | null;
  country: string | null;
}

/** An address without a type (employers, work places). */
export type PlainAddress = Omit<Address, 'type'>;

export interface EmployerId {
  type: EmployerIdType;
  id: string;
}

export interface Employer {
  role: EmployerRole;
  name: string | null;
  country: string | null;
  ids: EmployerId[];
  address: PlainAddress | null;
}

export interface Workplace {
  name: string | null;
  country: string | null;
  town: string | null;
  noFixedAddress: boolean;
  homeBase: string | null;
}

export interface Decision {
  legislationState: string | null;
  /** Like `12_1`, `13_1_a`, `16_1`. */
  article: string | null;
  startDate: string | null;
  endDate: string | null;
  openEnded: boolean;
  provisional: boolean;
  amending: boolean;
  previousDecisionDate: string | null;
  appliesForDurationOfActivity: boolean | null;
}

export interface Request {
  startDate: string | null;
  endDate: string | null;
  currentStates: string[];
  requestedStates: string[];
}

/** The document's content, independent of its envelope. Produced by the readers. */
export interface SedContent {
  sedType: string;
  cdmVersion: string | null;
  sourceFormat: SourceFormat;
  person: Person | null;
  addresses: Address[];
  employers: Employer[];
  workplaces: Workplace[];
  decision: Decision | null;
  request: Request | null;
  /** For X008/X001 and similar: the document or case they act on, when the SED names it. */
  target: SedTarget | null;
  /** Original coded values that were mapped (e.g. `{"country:EL": "GR"}`), kept for audit. */
  originals: Record<string, string>;
}

export interface SedTarget {
  documentId: string | null;
  sedType: string | null;
}

/** The full canonical record as exported. */
export interface CanonicalSed extends Omit<SedContent, 'target' | 'originals'> {
  documentId: string;
  caseId: string | null;
  version: number;
  bucType: string | null;
  sender: Institution;
  receiver: Institution;
  status: SedStatus;
}
