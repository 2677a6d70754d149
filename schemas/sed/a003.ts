/**
 * A003: determination of the applicable legislation, work in several states (Art 13), LA_BUC_02.
 * No official A003 XSD in reference/xsd: element names follow the A009 schema (shared complex types)
 * and the NAV <-> RINA field tables (see README.md, "Sources"). Unverified paths are marked there.
 */
import { additionalInformationField, addressesFields, competentInstitutionFields, decisionFields, employerFields, field, personFields, placeWorkFields } from './common.js';
import type { EmployerBlockDef, SedDefinition } from './types.js';

const employers: EmployerBlockDef[] = [
  { path: 'EmployerInMemberStateWhichLegislationApplies/Employer', role: 'employer', nav: 'nav.arbeidsgiver[]' },
  { path: 'IdentificationSelfEmployment/SelfEmployment', role: 'self-employment', nav: 'nav.selvstendig.arbeidsgiver[]' },
  { path: 'SelfEmployment/SelfEmployment', role: 'self-employment', nav: 'nav.selvstendig.arbeidsgiver[]' },
  { path: 'EmployerInOtherMemberStateConcerned/Employer', role: 'host', nav: 'medlemskap.andreland.arbeidsgiver[]' },
  { path: 'EmployerInOtherMSConcerned/Employer', role: 'host', nav: 'medlemskap.andreland.arbeidsgiver[]' },
];

export const A003_ARTICLE_PATH = 'ArticleRegulationECNo8832004Or9872009/articleRegulationECNo8832004Or9872009';

export const A003: SedDefinition = {
  sedType: 'A003',
  title: 'Determination of the applicable legislation (work in several states, Art 13)',
  xsd: null,
  personPaths: ['Person/PersonIdentification'],
  addressesPath: 'Addresses/Address',
  employers,
  placeWorkPath: 'PlaceWork',
  decision: {
    block: 'DecisionLegislationApplicable',
    articlePaths: [A003_ARTICLE_PATH, 'articleRegulationECNo8832004Or9872009'],
    articleCoding: 'article-code',
    provisionalPaths: ['InformationDeterminationProvisional*', 'isDeterminationProvisional'],
  },
  request: false,
  fields: [
    ...personFields(true),
    ...competentInstitutionFields,
    ...addressesFields(),
    ...employers.flatMap(employerFields),
    ...placeWorkFields(),
    ...decisionFields('DecisionLegislationApplicable', {
      fixed: 'medlemskap.vedtak.gjelderperiode',
      open: 'medlemskap.vedtak.gjelderperiode.aapenperiode',
    }),
    field('decision.article', A003_ARTICLE_PATH, {
      nav: 'medlemskap.relevantartikkelfor8832004eller9872009',
      codeList: 'articleCode',
    }),
    field('decision.provisional', 'InformationDeterminationProvisional*', {
      nav: 'medlemskap.isDeterminationProvisional',
      codeList: null,
    }),
    additionalInformationField,
  ],
};
