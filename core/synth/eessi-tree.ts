/**
 * The EESSI element tree of a SED (English names, XSD order, coded values as `{value: [...]}`), shared by the
 * EESSI XML writer and the RINA JSON writer: RINA JSON is this tree as JSON; the XML is this tree as elements
 * (arrays are repeated elements, `{value: [a, b]}` is `<x><value>a</value><value>b</value></x>`).
 *
 * Element names and nesting come from ../shared/reference/xsd/TREES.md for A001, A009, A011, A012. For the
 * other types (A003, A008, A010, X001, X008, H001) no schema is at hand; names follow NAV's documented
 * NAV↔RINA mapping where one exists, and are otherwise a documented guess (see core/synth/README.md).
 */
import type { Address, Employer, PlainAddress } from '../model/canonical.js';
import { eessiCountry, type SynthSed, type SynthSedWorkplace } from './model.js';

export interface EessiNodeObject {
  [name: string]: EessiNode;
}
export type EessiNode = string | { value: string[] } | EessiNodeObject | EessiNodeObject[];

const SEX: Readonly<Record<string, string>> = { M: '01', F: '02', U: '98' };
const ADDRESS_TYPE: Readonly<Record<string, string>> = { residence: '01', stay: '02', contact: '03', other: '03' };
const SECTOR: Readonly<Record<string, string>> = {
  awod: '01', family: '02', all: '03', pensions: '04', recovery: '05', sickness: '06', unemployment: '07',
};
const ID_TYPE: Readonly<Record<string, string>> = { registration: '01', 'social-security': '02', tax: '03', unknown: '98' };
/** A001 ArticlesIA001Type. */
export const A001_ARTICLE: Readonly<Record<string, string>> = {
  '11_3_a': '01', '11_3_b': '02', '11_3_c': '03', '11_3_d': '04', '11_3_e': '05', '11_4': '06', '11_5': '07',
  '12_1': '08', '12_2': '09', '13_1_a': '10', '13_1_b_i': '11', '13_1_b_ii': '12', '13_1_b_iii': '13',
  '13_1_b_iv': '14', '13_2_a': '15', '13_2_b': '16', '13_3': '17', '13_4': '18', '15': '20',
};
/** A009 ArticlesA009Type. */
export const A009_ARTICLE: Readonly<Record<string, string>> = { '12_1': '01', '12_2': '02' };

export const SED_PACKAGE: Readonly<Record<string, string>> = {
  A001: 'Sector Components/Legislation Applicable/A001',
  A003: 'Sector Components/Legislation Applicable/A003',
  A008: 'Sector Components/Legislation Applicable/A008',
  A009: 'Sector Components/Legislation Applicable/A009',
  A010: 'Sector Components/Legislation Applicable/A010',
  A011: 'Sector Components/Legislation Applicable/A011',
  A012: 'Sector Components/Legislation Applicable/A012',
  X001: 'Sector Components/Administrative/X001',
  X008: 'Sector Components/Administrative/X008',
  H001: 'Sector Components/Horizontal/H001',
};

const code = (v: string): { value: string[] } => ({ value: [v] });
const country = (c: string | null): { value: string[] } => ({ value: [eessiCountry(c ?? '')] });
const yesNo = (b: boolean): { value: string[] } => ({ value: [b ? '1' : '0'] });

function put(o: EessiNodeObject, name: string, v: string | null | undefined): void {
  if (v !== null && v !== undefined && v !== '') o[name] = v;
}

function addressNode(a: PlainAddress | Address, withCountry: boolean): EessiNodeObject {
  const o: EessiNodeObject = {};
  put(o, 'street', a.street);
  put(o, 'buildingName', a.building);
  o.town = a.town ?? '';
  put(o, 'postalCode', a.postalCode);
  put(o, 'region', a.region);
  if (withCountry) o.country = country(a.country);
  return o;
}

function organisationNode(e: Employer): EessiNodeObject {
  const o: EessiNodeObject = { name: e.name ?? '' };
  if (e.ids.length > 0) {
    o.IdentificationNumbers = {
      IdentificationNumber: e.ids.map((i) => ({ number: i.id, type: code(ID_TYPE[i.type] ?? '98') })),
    };
  }
  if (e.address) o.Address = addressNode(e.address, true);
  return o;
}

function personNode(sed: SynthSed): EessiNodeObject {
  const p = sed.person;
  if (!p) return {};
  const id: EessiNodeObject = {
    familyName: p.familyName ?? '',
    forename: p.forename ?? '',
    dateBirth: p.birthDate ?? '',
    sex: code(SEX[p.sex ?? 'U'] ?? '98'),
  };
  put(id, 'familyNameAtBirth', p.familyNameAtBirth);
  put(id, 'forenameAtBirth', p.forenameAtBirth);
  if (p.pins.length > 0) {
    id.PINPersonInEachInstitution = {
      PersonalIdentificationNumber: p.pins.map((pin) => {
        const o: EessiNodeObject = { country: country(pin.country), personalIdentificationNumber: pin.id };
        if (pin.sector) o.sector = code(SECTOR[pin.sector] ?? '03');
        if (pin.institutionId) o.Institution = { institutionID: pin.institutionId, institutionName: pin.institutionName ?? pin.institutionId };
        return o;
      }),
    };
  }
  if (p.birthPlace) {
    const bp: EessiNodeObject = { town: p.birthPlace.town ?? '' };
    put(bp, 'region', p.birthPlace.region);
    bp.country = country(p.birthPlace.country);
    id.IfPINNotProvidedForEveryInstitutionPleaseProvide = { PlaceBirth: bp };
  }
  return {
    PersonIdentification: id,
    AdditionalInformationPerson: { nationality: { value: p.nationalities.map(eessiCountry) } },
  };
}

function contextNode(sed: SynthSed): EessiNodeObject {
  const p = sed.person;
  if (!p) return {};
  return {
    PersonContext: {
      familyName: p.familyName ?? '',
      forename: p.forename ?? '',
      dateBirth: p.birthDate ?? '',
      sex: code(SEX[p.sex ?? 'U'] ?? '98'),
    },
  };
}

function addressesNode(sed: SynthSed): EessiNodeObject {
  return {
    Address: sed.addresses.map((a) => ({ type: code(ADDRESS_TYPE[a.type] ?? '01'), Address: addressNode(a, true) })),
  };
}

function placeWorkNode(workplaces: SynthSedWorkplace[]): EessiNodeObject {
  const byCountry = new Map<string, SynthSedWorkplace[]>();
  for (const w of workplaces) {
    const c = w.country ?? '';
    const list = byCountry.get(c);
    if (list) list.push(w);
    else byCountry.set(c, [w]);
  }
  const fixed = !workplaces.some((w) => w.noFixedAddress);
  const countries: EessiNodeObject[] = [];
  for (const [c, list] of byCountry) {
    countries.push({
      countryWork: country(c),
      PlaceWork: {
        PlaceWork: list.map((w) => {
          const o: EessiNodeObject = { companyNameVesselName: w.name ?? '' };
          put(o, 'flagStatehomeBase', w.homeBase);
          const a: EessiNodeObject = {};
          put(a, 'street', w.street);
          a.town = w.town ?? '';
          put(a, 'postalCode', w.postalCode);
          put(a, 'region', w.region);
          o.Address = a;
          return o;
        }),
      },
    });
  }
  return { aFixedPlaceWorkExistsIndicator: yesNo(fixed), CountriesWork: countries };
}

function decisionNode(sed: SynthSed): EessiNodeObject {
  const d = sed.decision;
  if (!d) return {};
  const o: EessiNodeObject = {};
  o.Decision = d.amending
    ? { AmendingDecision: { InitialDecision: yesNo(false), datePreviousDecision: d.previousDecisionDate ?? '' } }
    : { InitialDecision: yesNo(true) };
  o.memberStateWhichLegislationApplies = country(d.legislationState);
  o.theDecisionAppliesForDurationActivityIndicator = yesNo(d.appliesForDurationOfActivity ?? false);
  o.PeriodForWhichDecisionApplies = d.openEnded
    ? { OpenPeriod: { typeOpenPeriod: code('01'), startDate: d.startDate ?? '' } }
    : { FixedPeriod: { startDate: d.startDate ?? '', endDate: d.endDate ?? '' } };
  return o;
}

function employersNode(sed: SynthSed, role: Employer['role']): EessiNodeObject[] {
  return sed.employers.filter((e) => e.role === role).map(organisationNode);
}

function additional(o: EessiNodeObject, sed: SynthSed): void {
  if (sed.additionalInformation) o.AdditionalInformation = { additionalInformation: sed.additionalInformation };
}

/** The element tree under the root element, in schema order. */
export function eessiTree(sed: SynthSed): EessiNodeObject {
  const o: EessiNodeObject = {};
  switch (sed.sedType) {
    case 'A009': {
      o.Person = personNode(sed);
      o.Addresses = addressesNode(sed);
      const emp = employersNode(sed, 'employer');
      if (emp.length > 0) o.EmployerInPostingState = { Employer: emp };
      const host = employersNode(sed, 'host');
      if (host.length > 0) o.EmployerInOtherMSConcerned = { Employer: host };
      const self = employersNode(sed, 'self-employment');
      if (self.length > 0) o.SelfEmployment = { SelfEmployment: self };
      if (sed.workplaces.length > 0) o.PlaceWork = placeWorkNode(sed.workplaces);
      o.DecisionLegislationApplicable = decisionNode(sed);
      o.articleRegulationECNo8832004 = code(A009_ARTICLE[sed.decision?.article ?? '12_1'] ?? '01');
      additional(o, sed);
      break;
    }
    case 'A003':
    case 'A010': {
      o.Person = personNode(sed);
      o.Addresses = addressesNode(sed);
      const emp = employersNode(sed, 'employer');
      if (emp.length > 0) o.EmployerInMemberStateWhichLegislationApplies = { Employer: emp };
      const host = employersNode(sed, 'host');
      if (host.length > 0) o.EmployerInOtherMemberStateConcerned = { Employer: host };
      const self = employersNode(sed, 'self-employment');
      if (self.length > 0) o.SelfEmployment = { SelfEmployment: self };
      if (sed.workplaces.length > 0) o.PlaceWork = placeWorkNode(sed.workplaces);
      o.DecisionLegislationApplicable = decisionNode(sed);
      if (sed.sedType === 'A003') {
        o.InformationDeterminationProvisionalAccordingArticle16R9872009 = {
          isDeterminationProvisional: yesNo(sed.decision?.provisional ?? false),
        };
        o.ArticleRegulationECNo8832004Or9872009 = {
          articleRegulationECNo8832004Or9872009: code(sed.decision?.article ?? ''),
        };
      } else {
        o.articleRegulationECNo8832004 = code(sed.decision?.article ?? '');
      }
      additional(o, sed);
      break;
    }
    case 'A001': {
      o.Person = personNode(sed);
      o.Addresses = addressesNode(sed);
      const emp = employersNode(sed, 'employer');
      if (emp.length > 0) o.IdentificationEmployer = { Employer: emp };
      const self = employersNode(sed, 'self-employment');
      if (self.length > 0) o.IdentificationSelfEmployment = { SelfEmployment: self };
      if (sed.workplaces.length > 0) o.PlaceWork = placeWorkNode(sed.workplaces);
      const host = employersNode(sed, 'host')[0];
      if (host) o.EmployerInHostCountryIfRelevant = host;
      const r = sed.request;
      if (r) {
        o.RequestedPeriod = { startDate: r.startDate ?? '', endDate: r.endDate ?? '' };
        o.RequestedForSituationsCoveredByArti8832004 = {
          regulationArticlesSituationAgreementExceptionProposed: code(A001_ARTICLE[r.article] ?? '99'),
        };
        o.ApplicableLegislation = {
          applicableLegislationCurrentSituation: { value: r.currentStates.map(eessiCountry) },
          applicableLegislationRequestedSituation: { value: r.requestedStates.map(eessiCountry) },
        };
      }
      additional(o, sed);
      break;
    }
    case 'A008': {
      o.Person = personNode(sed);
      if (sed.addresses.length > 0) o.Addresses = addressesNode(sed);
      const c = sed.change;
      if (c) {
        const period: EessiNodeObject = {};
        put(period, 'actualStartingDate', c.startDate);
        put(period, 'actualEndDate', c.endDate);
        o.PurposeofSED = { NotificationChangesInRelevantData: { ChangeInPeriod: period, changeEffectiveFrom: c.effectiveFrom } };
      }
      additional(o, sed);
      break;
    }
    case 'X001': {
      o.CaseContext = contextNode(sed);
      o.CloseCase = { date: sed.closure?.date ?? '', reason: code('99'), otherReason: 'Case handled' };
      break;
    }
    case 'X008': {
      o.CaseContext = contextNode(sed);
      const inv = sed.invalidates;
      o.TheFollowingSEDConsideredInvalidWithdrawn = {
        SEDType: inv?.sedType ?? '',
        dateIssued: inv?.issuedOn ?? '',
        reason: code('04'),
      };
      break;
    }
    default: {
      // A011, A012, H001 and anything with just a person.
      o.Person = personNode(sed);
      additional(o, sed);
    }
  }
  return o;
}
