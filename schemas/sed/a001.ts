/** A001: request for an exception agreement (Art 16(1)), LA_BUC_01. Checked against A001-4.4.0. */
import { MAX_LENGTH } from './code-lists.js';
import { additionalInformationField, addressesFields, employerFields, field, personFields, placeWorkFields } from './common.js';
import type { EmployerBlockDef, SedDefinition } from './types.js';

const employers: EmployerBlockDef[] = [
  { path: 'IdentificationEmployer/Employer', role: 'employer', nav: 'nav.arbeidsgiver[]' },
  { path: 'IdentificationSelfEmployment/SelfEmployment', role: 'self-employment', nav: 'nav.selvstendig.arbeidsgiver[]' },
  // A single organisation, not a list of Employer elements.
  { path: 'EmployerInHostCountryIfRelevant', role: 'host', nav: 'medlemskap.vertsland.arbeidsgiver[]' },
];

export const A001: SedDefinition = {
  sedType: 'A001',
  title: 'Request for an exception agreement (Art 16(1))',
  xsd: 'A001-4.4.0-20241203T114134.xsd',
  personPaths: ['Person/PersonIdentification'],
  addressesPath: 'Addresses/Address',
  employers,
  placeWorkPath: 'PlaceWork',
  decision: null,
  request: true,
  fields: [
    ...personFields(true),
    ...addressesFields(),
    ...employers.flatMap(employerFields),
    ...placeWorkFields(),
    field('request.startDate', 'RequestedPeriod/startDate', {
      nav: 'medlemskap.soeknadsperiode.startdato',
      mandatory: true,
      xsdRequired: true,
      xsdType: 'EESSIBusinessDateType',
    }),
    field('request.endDate', 'RequestedPeriod/endDate', {
      nav: 'medlemskap.soeknadsperiode.sluttdato',
      mandatory: true,
      xsdRequired: true,
      xsdType: 'EESSIBusinessDateType',
    }),
    field('-', 'RequestedForSituationsCoveredByArti8832004/regulationArticlesSituationAgreementExceptionProposed', {
      nav: 'medlemskap.unntak.grunnlag.artikkel (4.1); medlemskap.forordning8832004.unntak.grunnlag.artikkel (4.4)',
      xsdRequired: true,
      codeList: 'a001ExceptionForArticle',
      xsdType: 'ArticlesIA001Type',
    }),
    field('-', 'RequestedForSituationsCoveredByArti8832004/other', {
      nav: 'medlemskap.unntak.grunnlag.annet',
      maxLength: MAX_LENGTH.veryLong,
      xsdType: 'EESSIVeryLongStringType',
    }),
    field('-', 'RequestedForSituationsCoveredByArti8832004/FillInIfArticle10/teleworkFrameworkAgreement', {
      nav: null,
      codeList: 'yesNo',
      xsdType: 'EESSIYesNoType',
    }),
    field('request.currentStates', 'ApplicableLegislation/applicableLegislationCurrentSituation', {
      nav: 'medlemskap.naavaerendemedlemskap[].land',
      xsdRequired: true,
      codeList: 'country',
      xsdType: 'EESSIEUEFTACountryMultipleType',
    }),
    field('request.requestedStates', 'ApplicableLegislation/applicableLegislationRequestedSituation', {
      nav: 'medlemskap.forespurtmedlemskap[].land',
      mandatory: true,
      xsdRequired: true,
      codeList: 'country',
      xsdType: 'EESSIEUEFTACountryMultipleType',
    }),
    field('-', 'MoreInformation/TypeRequest/amendmentIndicator', {
      nav: 'medlemskap.anmodning.erendring',
      codeList: 'yesNo',
      xsdType: 'EESSIYesNoType',
    }),
    field('-', 'MoreInformation/pDA1IssuedBasisArticle', {
      nav: 'medlemskap.unntak.a1grunnlag',
      codeList: 'a001A1BasisArticle',
      xsdType: 'ArticlesIIA001Type',
    }),
    field('-', 'MoreInformation/descriptionOtherSituation', {
      nav: 'medlemskap.unntak.spesielleomstendigheter.beskrivelseannensituasjon',
      maxLength: MAX_LENGTH.long,
      xsdType: 'EESSILongStringType',
    }),
    field('-', 'MoreInformation/justification', {
      nav: 'medlemskap.unntak.begrunnelse',
      maxLength: MAX_LENGTH.long,
      xsdType: 'EESSILongStringType',
    }),
    additionalInformationField,
  ],
};
