/**
 * The writers' input: a canonical-ish SED. It is the canonical `SedContent` (core/model/canonical.ts) plus the few
 * details a writer needs that the canonical record drops (PIN institutions, work-place street, A001 article,
 * X008 issue date, A008 change, X001 closure). `toSedContent` gives what a reader should produce from the document
 * a writer made of it.
 */
import type {
  Address,
  Decision,
  Employer,
  Person,
  Pin,
  Request,
  SedContent,
  SourceFormat,
  Workplace,
} from '../model/canonical.js';

export type Shape = 'xml' | 'rina' | 'nav';

export const SHAPE_FORMAT: Readonly<Record<Shape, SourceFormat>> = { xml: 'xml', rina: 'rina-json', nav: 'nav-json' };

export interface SynthSedPin extends Pin {
  institutionId: string | null;
  institutionName: string | null;
}

export interface SynthSedPerson extends Omit<Person, 'pins'> {
  pins: SynthSedPin[];
}

export interface SynthSedWorkplace extends Workplace {
  street: string | null;
  postalCode: string | null;
  region: string | null;
}

export interface SynthSed {
  sedType: string;
  bucType: string;
  /** `null` for administrative SEDs that carry only a case context (X001, X008): see `contextOnly`. */
  person: SynthSedPerson | null;
  /** X001/X008: the person block is the case context (names, birth date, sex only). */
  contextOnly: boolean;
  addresses: Address[];
  employers: Employer[];
  workplaces: SynthSedWorkplace[];
  decision: Decision | null;
  /** A001: the request, with the article of the situation (`12_1`, `13_1_a`...). */
  request: (Request & { article: string }) | null;
  /** X008: the invalidated SED (by type and issue date, as the real documents name it). */
  invalidates: { sedType: string; issuedOn: string } | null;
  /** A008: the notified change. */
  change: { effectiveFrom: string; startDate: string | null; endDate: string | null } | null;
  /** X001: closing the case. */
  closure: { date: string } | null;
  additionalInformation: string | null;
}

/** What a reader should give for a document written from `sed` in `shape` (`originals` left empty). */
export function toSedContent(sed: SynthSed, shape: Shape): SedContent {
  const person: Person | null = sed.person
    ? {
        familyName: sed.person.familyName,
        forename: sed.person.forename,
        familyNameAtBirth: sed.person.familyNameAtBirth,
        forenameAtBirth: sed.person.forenameAtBirth,
        birthDate: sed.person.birthDate,
        sex: sed.person.sex,
        nationalities: [...sed.person.nationalities],
        pins: sed.person.pins.map((p) => ({ country: p.country, id: p.id, sector: p.sector })),
        birthPlace: sed.person.birthPlace ? { ...sed.person.birthPlace } : null,
      }
    : null;
  const workplaces: Workplace[] = sed.workplaces.map((w) => ({
    name: w.name,
    country: w.country,
    town: w.town,
    noFixedAddress: w.noFixedAddress,
    homeBase: w.homeBase,
  }));
  return {
    sedType: sed.sedType,
    cdmVersion: cdmVersionOf(shape),
    sourceFormat: SHAPE_FORMAT[shape],
    person,
    addresses: sed.addresses.map((a) => ({ ...a })),
    employers: sed.employers.map((e) => ({ ...e, ids: e.ids.map((i) => ({ ...i })), address: e.address ? { ...e.address } : null })),
    workplaces,
    decision: sed.decision ? { ...sed.decision } : null,
    request: sed.request
      ? {
          startDate: sed.request.startDate,
          endDate: sed.request.endDate,
          currentStates: [...sed.request.currentStates],
          requestedStates: [...sed.request.requestedStates],
        }
      : null,
    target: sed.invalidates ? { documentId: null, sedType: sed.invalidates.sedType } : null,
    originals: {},
  };
}

/** The CDM version each writer produces: XML and RINA JSON in 4.4, NAV JSON as NAV's samples (4.1). */
export function cdmVersionOf(shape: Shape): string {
  return shape === 'nav' ? '4.1' : '4.4';
}

/** EESSI spelling of an ISO country code (GR → EL, GB → UK). */
export function eessiCountry(iso: string): string {
  return iso === 'GR' ? 'EL' : iso === 'GB' ? 'UK' : iso;
}

export const BUC_OF_SED: Readonly<Record<string, string>> = {
  A001: 'LA_BUC_01',
  A002: 'LA_BUC_01',
  A011: 'LA_BUC_01',
  A003: 'LA_BUC_02',
  A004: 'LA_BUC_02',
  A012: 'LA_BUC_02',
  A008: 'LA_BUC_03',
  A009: 'LA_BUC_04',
  A010: 'LA_BUC_05',
  A005: 'LA_BUC_06',
  A006: 'LA_BUC_06',
  H001: 'H_BUC_01',
};
