/**
 * A posting declaration (SIPSI, Limosa, e-Declaration…) as fixed in ../shared/CONTRACTS.md,
 * after validation by `core/declaration/read-declaration.ts`.
 * Countries are ISO 3166-1 alpha-2, dates `YYYY-MM-DD`; unknown values are null.
 */
import type { PlainAddress, Sex } from './canonical.js';

export type DeclarationStatus = 'active' | 'amended' | 'cancelled';
export const DECLARATION_STATUSES: readonly DeclarationStatus[] = ['active', 'amended', 'cancelled'];

/**
 * Kinds of company identifier. `vat` intra-EU VAT number; `registration` trade/company
 * register number; `siret`/`siren` French establishment/company numbers; `tax` national tax
 * number; `social-security` employer number at a social-security institution; `other` anything
 * else (the declared label is kept in `label`).
 */
export type CompanyIdType = 'vat' | 'registration' | 'siret' | 'siren' | 'tax' | 'social-security' | 'other';
export const COMPANY_ID_TYPES: readonly CompanyIdType[] = [
  'vat',
  'registration',
  'siret',
  'siren',
  'tax',
  'social-security',
  'other',
];

export interface CompanyId {
  type: CompanyIdType;
  id: string;
  /** The type as declared, when it was not one of ours (type `other`); else null. */
  label: string | null;
}

/** A national personal identification number. */
export interface PersonId {
  country: string | null;
  id: string;
}

export interface Company {
  name: string;
  country: string;
  ids: CompanyId[];
  address: PlainAddress | null;
}

/** The host-state client: every field may be unknown. */
export interface Client {
  name: string | null;
  country: string | null;
  ids: CompanyId[];
  address: PlainAddress | null;
}

export interface DeclaredWorkplace {
  name: string | null;
  address: PlainAddress | null;
}

export interface DeclaredWorker {
  familyName: string;
  forename: string | null;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: Sex | null;
  nationality: string | null;
  pins: PersonId[];
  /** Reference of the A1 (or other certificate) the declarant quotes, as written. */
  a1Reference: string | null;
}

export interface LiaisonPerson {
  familyName: string | null;
  forename: string | null;
  phone: string | null;
  email: string | null;
}

export interface PostingDeclaration {
  declarationId: string;
  /** Positive integer; a higher version of the same `declarationId` supersedes a lower one. */
  version: number;
  status: DeclarationStatus;
  /** ISO 8601 UTC instant, or null when not given. */
  declaredAt: string | null;
  hostCountry: string;
  postingUndertaking: Company;
  client: Client | null;
  sector: string | null;
  serviceNature: string | null;
  /** YYYY-MM-DD */
  startDate: string;
  /** YYYY-MM-DD, not before `startDate`. */
  endDate: string;
  workplaces: DeclaredWorkplace[];
  /** At least one. */
  workers: DeclaredWorker[];
  liaisonPerson: LiaisonPerson | null;
}
