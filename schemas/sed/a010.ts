/**
 * A010: determination of the applicable legislation under Art 11(3)(b)-(e), 11(4), 11(5), 15, LA_BUC_05.
 * No official A010 XSD in reference/xsd: the decision block is the shared LDecisionLAType; the
 * article element name is not confirmed, so several names are tried (see README.md).
 */
import { additionalInformationField, addressesFields, competentInstitutionFields, decisionFields, employerFields, personFields, placeWorkFields } from './common.js';
import type { EmployerBlockDef, SedDefinition } from './types.js';

const employers: EmployerBlockDef[] = [
  { path: 'IdentificationEmployer/Employer', role: 'employer', nav: 'nav.arbeidsgiver[]' },
  { path: 'EmployerInMemberStateWhichLegislationApplies/Employer', role: 'employer', nav: 'nav.arbeidsgiver[]' },
  { path: 'IdentificationSelfEmployment/SelfEmployment', role: 'self-employment', nav: 'nav.selvstendig.arbeidsgiver[]' },
  { path: 'SelfEmployment/SelfEmployment', role: 'self-employment', nav: 'nav.selvstendig.arbeidsgiver[]' },
  { path: 'EmployerInOtherMemberStateConcerned/Employer', role: 'host', nav: 'medlemskap.andreland.arbeidsgiver[]' },
  { path: 'EmployerInOtherMSConcerned/Employer', role: 'host', nav: 'medlemskap.andreland.arbeidsgiver[]' },
];

export const A010: SedDefinition = {
  sedType: 'A010',
  title: 'Determination of the applicable legislation (Art 11(3)(b)-(e), 11(4), 11(5), 15)',
  xsd: null,
  personPaths: ['Person/PersonIdentification'],
  addressesPath: 'Addresses/Address',
  employers,
  placeWorkPath: 'PlaceWork',
  decision: {
    block: 'DecisionLegislationApplicable',
    articlePaths: [
      'ArticleRegulationECNo8832004/articleRegulationECNo8832004',
      'articleRegulationECNo8832004',
      'ArticleRegulationECNo8832004Or9872009/articleRegulationECNo8832004Or9872009',
      'articleRegulationECNo8832004Or9872009',
    ],
    articleCoding: 'article-code',
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
      fixed: 'medlemskap.vedtak.gjelderperiode',
      open: 'medlemskap.vedtak.gjelderperiode.aapenperiode',
    }),
    additionalInformationField,
  ],
};
