/** A009: information on the applicable legislation, posting (Art 12), LA_BUC_04. Checked against A009-4.4.1. */
import { additionalInformationField, addressesFields, competentInstitutionFields, decisionFields, employerFields, field, personFields, placeWorkFields } from './common.js';
import type { EmployerBlockDef, SedDefinition } from './types.js';

const employers: EmployerBlockDef[] = [
  { path: 'EmployerInPostingState/Employer', role: 'employer', nav: 'medlemskap.utsendingsland.arbeidsgiver[]' },
  { path: 'SelfEmployment/SelfEmployment', role: 'self-employment', nav: 'nav.selvstendig.arbeidsgiver[]' },
  { path: 'EmployerInOtherMSConcerned/Employer', role: 'host', nav: 'medlemskap.andreland.arbeidsgiver[]' },
];

export const A009: SedDefinition = {
  sedType: 'A009',
  title: 'Information on the applicable legislation (posting, Art 12)',
  xsd: 'A009-4.4.1-20250507T153911.xsd',
  personPaths: ['Person/PersonIdentification'],
  addressesPath: 'Addresses/Address',
  employers,
  placeWorkPath: 'PlaceWork',
  decision: {
    block: 'DecisionLegislationApplicable',
    articlePaths: ['articleRegulationECNo8832004'],
    articleCoding: 'a009',
    provisionalPaths: [],
  },
  request: false,
  fields: [
    ...personFields(true),
    ...competentInstitutionFields,
    ...addressesFields(),
    ...employers.flatMap(employerFields),
    ...placeWorkFields(),
    ...decisionFields('DecisionLegislationApplicable', {
      fixed: 'medlemskap.vedtak.gjelderperiode.fastperiode',
      open: 'medlemskap.vedtak.gjelderperiode.aapenperiode',
    }),
    field('decision.article', 'articleRegulationECNo8832004', {
      nav: 'medlemskap.vedtak.artikkelforordning',
      mandatory: true,
      xsdRequired: true,
      codeList: 'a009Article',
      xsdType: 'ArticlesA009Type',
    }),
    additionalInformationField,
  ],
};
