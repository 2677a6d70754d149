/**
 * Field blocks shared by several SED types (the XSDs repeat the same complex types:
 * LPersonBlockLimitedNationalityType, LAddressWithType, EESSIOrganisationType,
 * LNewPlaceWorkType, LDecisionLAType).
 */
import { MAX_LENGTH } from './code-lists.js';
import type { CodeListName } from './code-lists.js';
import type { EmployerBlockDef, FieldDef } from './types.js';

interface FieldOptions {
  within?: string;
  nav?: string | null;
  mandatory?: boolean;
  xsdRequired?: boolean;
  maxLength?: number | null;
  codeList?: CodeListName | null;
  xsdType?: string;
}

/** Build a FieldDef; `path` and `within` are joined to `base` when given. */
export function field(canonical: string, path: string, o: FieldOptions = {}): FieldDef {
  const def: FieldDef = {
    canonical,
    path,
    nav: o.nav ?? null,
    mandatory: o.mandatory ?? false,
    xsdRequired: o.xsdRequired ?? false,
    maxLength: o.maxLength ?? null,
    codeList: o.codeList ?? null,
    ...(o.within !== undefined ? { within: o.within } : {}),
    ...(o.xsdType !== undefined ? { xsdType: o.xsdType } : {}),
  };
  return def;
}

function join(base: string, path: string): string {
  return base === '' ? path : `${base}/${path}`;
}

/**
 * The person block (`Person/PersonIdentification` + `Person/AdditionalInformationPerson`).
 * @param identityMandatory names and birth date are required (every LA SED whose XSD has a Person block).
 */
export function personFields(identityMandatory: boolean, personPath = 'Person'): FieldDef[] {
  const pi = join(personPath, 'PersonIdentification');
  const pin = join(pi, 'PINPersonInEachInstitution/PersonalIdentificationNumber');
  const other = join(pi, 'IfPINNotProvidedForEveryInstitutionPleaseProvide');
  const birth = join(other, 'PlaceBirth');
  const name = { maxLength: MAX_LENGTH.personName, xsdType: 'EESSIPersonNameType' };
  return [
    field('person.familyName', join(pi, 'familyName'), {
      ...name,
      nav: 'nav.bruker.person.etternavn',
      mandatory: identityMandatory,
      xsdRequired: true,
    }),
    field('person.forename', join(pi, 'forename'), {
      ...name,
      nav: 'nav.bruker.person.fornavn',
      mandatory: identityMandatory,
      xsdRequired: true,
    }),
    field('person.birthDate', join(pi, 'dateBirth'), {
      nav: 'nav.bruker.person.foedselsdato',
      mandatory: identityMandatory,
      xsdRequired: true,
      xsdType: 'EESSIDateOfBirthType',
    }),
    field('person.sex', join(pi, 'sex'), {
      nav: 'nav.bruker.person.kjoenn',
      xsdRequired: true,
      codeList: 'sex',
      xsdType: 'EESSISexType',
    }),
    field('person.familyNameAtBirth', join(pi, 'familyNameAtBirth'), {
      ...name,
      nav: 'nav.bruker.person.etternavnvedfoedsel',
    }),
    field('person.forenameAtBirth', join(pi, 'forenameAtBirth'), {
      ...name,
      nav: 'nav.bruker.person.fornavnvedfoedsel',
    }),
    field('person.pins[].id', join(pin, 'personalIdentificationNumber'), {
      within: pin,
      nav: 'nav.bruker.person.pin[].identifikator',
      mandatory: true,
      xsdRequired: true,
      maxLength: MAX_LENGTH.pin,
      xsdType: 'EESSIPINType',
    }),
    field('person.pins[].country', join(pin, 'country'), {
      within: pin,
      nav: 'nav.bruker.person.pin[].land',
      xsdRequired: true,
      codeList: 'country',
      xsdType: 'EESSIEUEFTACountryType',
    }),
    field('person.pins[].sector', join(pin, 'sector'), {
      within: pin,
      nav: 'nav.bruker.person.pin[].sektor',
      codeList: 'pinSector',
      xsdType: 'EESSISectorsType',
    }),
    field('-', join(pin, 'Institution/institutionID'), {
      within: pin,
      nav: 'nav.bruker.person.pin[].institusjonsid',
      xsdType: 'EESSIInstitutionIDType',
    }),
    field('-', join(pin, 'Institution/institutionName'), {
      within: pin,
      nav: 'nav.bruker.person.pin[].institusjonsnavn',
      maxLength: MAX_LENGTH.medium,
      xsdType: 'EESSIMediumStringType',
    }),
    field('person.birthPlace.town', join(birth, 'town'), {
      within: birth,
      nav: 'nav.bruker.person.foedested.by',
      xsdRequired: true,
      maxLength: MAX_LENGTH.short,
      xsdType: 'EESSIShortStringType',
    }),
    field('person.birthPlace.region', join(birth, 'region'), {
      within: birth,
      nav: 'nav.bruker.person.foedested.region',
      maxLength: MAX_LENGTH.short,
      xsdType: 'EESSIShortStringType',
    }),
    field('person.birthPlace.country', join(birth, 'country'), {
      within: birth,
      nav: 'nav.bruker.person.foedested.land',
      xsdRequired: true,
      codeList: 'countryHistoric',
      xsdType: 'EESSIWorldCountryHistoricType',
    }),
    field('-', join(other, 'fatherFamilyNameAtBirth'), { ...name, nav: 'nav.bruker.far.person.etternavnvedfoedsel' }),
    field('-', join(other, 'forenameFather'), { ...name, nav: 'nav.bruker.far.person.fornavn' }),
    field('-', join(other, 'motherFamilyNameAtBirth'), { ...name, nav: 'nav.bruker.mor.person.etternavnvedfoedsel' }),
    field('-', join(other, 'forenameMother'), { ...name, nav: 'nav.bruker.mor.person.fornavn' }),
    field('person.nationalities', join(personPath, 'AdditionalInformationPerson/nationality'), {
      nav: 'nav.bruker.person.statsborgerskap[].land',
      xsdRequired: true,
      codeList: 'nationality',
      xsdType: 'EESSINationalityMultipleType',
    }),
  ];
}

/** Address fields below `base` (an element of type EESSIAddressWorldType / LAddressNoCountryType). */
function addressFields(canonicalPrefix: string, base: string, navPrefix: string | null, withCountry: boolean): FieldDef[] {
  const nav = (k: string): string | null => (navPrefix === null ? null : `${navPrefix}.${k}`);
  const defs = [
    field(`${canonicalPrefix}.street`, join(base, 'street'), {
      within: base,
      nav: nav('gate'),
      maxLength: MAX_LENGTH.medium,
      xsdType: 'EESSIMediumStringType',
    }),
    field(`${canonicalPrefix}.building`, join(base, 'buildingName'), {
      within: base,
      nav: nav('bygning'),
      maxLength: MAX_LENGTH.medium,
      xsdType: 'EESSIMediumStringType',
    }),
    field(`${canonicalPrefix}.town`, join(base, 'town'), {
      within: base,
      nav: nav('by'),
      xsdRequired: true,
      maxLength: MAX_LENGTH.short,
      xsdType: 'EESSIShortStringType',
    }),
    field(`${canonicalPrefix}.postalCode`, join(base, 'postalCode'), {
      within: base,
      nav: nav('postnummer'),
      maxLength: MAX_LENGTH.tiny,
      xsdType: 'EESSITinyStringType',
    }),
    field(`${canonicalPrefix}.region`, join(base, 'region'), {
      within: base,
      nav: nav('region'),
      maxLength: MAX_LENGTH.short,
      xsdType: 'EESSIShortStringType',
    }),
  ];
  if (withCountry) {
    defs.push(
      field(`${canonicalPrefix}.country`, join(base, 'country'), {
        within: base,
        nav: nav('land'),
        xsdRequired: true,
        codeList: 'country',
        xsdType: 'EESSIWorldCountryType',
      }),
    );
  }
  return defs;
}

/** `Addresses/Address[]{type, Address{...}}` (LAddressWithType). */
export function addressesFields(path = 'Addresses/Address'): FieldDef[] {
  return [
    field('addresses[].type', join(path, 'type'), {
      within: path,
      nav: 'nav.bruker.adresse[].type',
      xsdRequired: true,
      codeList: 'addressType',
      xsdType: 'EESSIAddressType',
    }),
    ...addressFields('addresses[]', join(path, 'Address'), 'nav.bruker.adresse[]', true),
  ];
}

/** One employer block (EESSIOrganisationType): name, identification numbers, address. */
export function employerFields(block: EmployerBlockDef): FieldDef[] {
  const ids = join(block.path, 'IdentificationNumbers/IdentificationNumber');
  const nav = (k: string): string | null => (block.nav === null ? null : `${block.nav}.${k}`);
  return [
    field('employers[].name', join(block.path, 'name'), {
      within: block.path,
      nav: nav('navn'),
      xsdRequired: true,
      maxLength: MAX_LENGTH.medium,
      xsdType: 'EESSIMediumStringType',
    }),
    field('employers[].ids[].id', join(ids, 'number'), {
      within: ids,
      nav: nav('identifikator[].id'),
      mandatory: true,
      xsdRequired: true,
      maxLength: MAX_LENGTH.tiny,
      xsdType: 'EESSITinyStringType',
    }),
    field('employers[].ids[].type', join(ids, 'type'), {
      within: ids,
      nav: nav('identifikator[].type'),
      xsdRequired: true,
      codeList: 'employerIdType',
      xsdType: 'EESSIOrganisationIdentificationNumberType',
    }),
    ...addressFields('employers[].address', join(block.path, 'Address'), block.nav === null ? null : `${block.nav}.adresse`, true),
  ];
}

/** The CDM 4.4 work places block (LNewPlaceWorkType). */
export function placeWorkFields(path = 'PlaceWork'): FieldDef[] {
  const countries = join(path, 'CountriesWork');
  const place = join(countries, 'PlaceWork/PlaceWork');
  return [
    field('workplaces[].noFixedAddress', join(path, 'aFixedPlaceWorkExistsIndicator'), {
      within: path,
      nav: 'nav.harfastarbeidssted (4.4); nav.arbeidssted[].erikkefastadresse (per place, before 4.4)',
      xsdRequired: true,
      codeList: 'yesNo',
      xsdType: 'EESSIYesNoType',
    }),
    field('workplaces[].country', join(countries, 'countryWork'), {
      within: countries,
      nav: 'nav.arbeidsland[].land (4.4); nav.arbeidssted[].adresse.land',
      xsdRequired: true,
      codeList: 'country',
      xsdType: 'EESSIEUEFTACountryType',
    }),
    field('workplaces[].name', join(place, 'companyNameVesselName'), {
      within: place,
      nav: 'nav.arbeidsland[].arbeidssted[].navn; nav.arbeidssted[].navn',
      xsdRequired: true,
      maxLength: MAX_LENGTH.medium,
      xsdType: 'EESSIMediumStringType',
    }),
    field('workplaces[].homeBase', join(place, 'flagStatehomeBase'), {
      within: place,
      nav: 'nav.arbeidsland[].arbeidssted[].hjemmebase; nav.arbeidssted[].hjemmebase',
      maxLength: MAX_LENGTH.medium,
      xsdType: 'EESSIMediumStringType',
    }),
    ...addressFields('workplaces[].address', join(place, 'Address'), 'nav.arbeidssted[].adresse', false),
  ];
}

/**
 * The decision block (LDecisionLAType): initial/amending, state, duration of activity, period.
 * @param navPeriod NAV path of the period object (A009 wraps it in `fastperiode`/`aapenperiode`).
 */
export function decisionFields(block: string, navPeriod: { fixed: string; open: string }): FieldDef[] {
  const period = join(block, 'PeriodForWhichDecisionApplies');
  return [
    field('decision.amending (false)', join(block, 'Decision/InitialDecision'), {
      nav: 'medlemskap.vedtak.eropprinneligvedtak',
      codeList: 'yesNo',
      xsdType: 'EESSIYesNoFixedYesType',
    }),
    field('decision.amending (true)', join(block, 'Decision/AmendingDecision/InitialDecision'), {
      within: join(block, 'Decision/AmendingDecision'),
      nav: 'medlemskap.vedtak.erendringsvedtak',
      xsdRequired: true,
      codeList: 'yesNo',
      xsdType: 'EESSIYesNoFixedNoType',
    }),
    field('decision.previousDecisionDate', join(block, 'Decision/AmendingDecision/datePreviousDecision'), {
      within: join(block, 'Decision/AmendingDecision'),
      nav: 'medlemskap.vedtak.datoforrigevedtak',
      xsdRequired: true,
      xsdType: 'EESSIBusinessDateType',
    }),
    field('decision.legislationState', join(block, 'memberStateWhichLegislationApplies'), {
      nav: 'medlemskap.vedtak.land',
      mandatory: true,
      xsdRequired: true,
      codeList: 'country',
      xsdType: 'EESSIEUEFTACountryType',
    }),
    field('decision.appliesForDurationOfActivity', join(block, 'theDecisionAppliesForDurationActivityIndicator'), {
      nav: 'medlemskap.vedtak.gjeldervarighetyrkesaktivitet',
      xsdRequired: true,
      codeList: 'yesNo',
      xsdType: 'EESSIYesNoType',
    }),
    field('decision.startDate', join(period, '(FixedPeriod|OpenPeriod)/startDate'), {
      nav: `${navPeriod.fixed}.startdato | ${navPeriod.open}.startdato`,
      mandatory: true,
      xsdRequired: true,
      xsdType: 'EESSIBusinessDateType',
    }),
    field('decision.endDate', join(period, 'FixedPeriod/endDate'), {
      within: join(period, 'FixedPeriod'),
      nav: `${navPeriod.fixed}.sluttdato`,
      mandatory: true,
      xsdRequired: true,
      xsdType: 'EESSIBusinessDateType',
    }),
    field('decision.openEnded', join(period, 'OpenPeriod/typeOpenPeriod'), {
      within: join(period, 'OpenPeriod'),
      nav: `${navPeriod.open}.type`,
      xsdRequired: true,
      codeList: 'openPeriodType',
      xsdType: 'EESSIOpenPeriodType',
    }),
  ];
}

/** `AdditionalInformation/additionalInformation`: not exported, length-checked. */
export const additionalInformationField: FieldDef = field('-', 'AdditionalInformation/additionalInformation', {
  nav: 'nav.ytterligereinformasjon',
  maxLength: MAX_LENGTH.veryLong,
  xsdType: 'EESSIVeryLongStringType',
});

/** `CompetentInstitutionIfDiffersFromSending` (EESSIInstitutionType): not exported, length-checked. */
export const competentInstitutionFields: FieldDef[] = [
  field('-', 'CompetentInstitutionIfDiffersFromSending/institutionID', {
    nav: 'nav.eessisak.institusjonsid',
    xsdType: 'EESSIInstitutionIDType',
  }),
  field('-', 'CompetentInstitutionIfDiffersFromSending/institutionName', {
    nav: 'nav.eessisak.institusjonsnavn',
    maxLength: MAX_LENGTH.medium,
    xsdType: 'EESSIMediumStringType',
  }),
];
