/**
 * A008: notification of a relevant change / work in several states, LA_BUC_03. Decides nothing.
 * No official A008 XSD in reference/xsd: paths from the NAV <-> RINA A008 4.4 template tables.
 */
import { additionalInformationField, addressesFields, competentInstitutionFields, employerFields, personFields, placeWorkFields } from './common.js';
import type { EmployerBlockDef, SedDefinition } from './types.js';

const SEVERAL = 'PurposeofSED/InformationWorkingInTwoOrMoreMemberStates';

const employers: EmployerBlockDef[] = [
  { path: `${SEVERAL}/IdentificationEmployers/Employer`, role: 'employer', nav: 'nav.arbeidsland[].arbeidsgiver' },
  {
    path: `${SEVERAL}/IdentificationSelfEmployment/SelfEmployment`,
    role: 'self-employment',
    nav: 'nav.arbeidsland[].selvstendig',
  },
];

export const A008: SedDefinition = {
  sedType: 'A008',
  title: 'Notification of relevant change / work in two or more states',
  xsd: null,
  personPaths: ['Person/PersonIdentification'],
  addressesPath: 'Addresses/Address',
  employers,
  placeWorkPath: `${SEVERAL}/PlaceWork`,
  decision: null,
  request: false,
  fields: [
    ...personFields(true),
    ...addressesFields(),
    ...competentInstitutionFields,
    ...employers.flatMap(employerFields),
    ...placeWorkFields(`${SEVERAL}/PlaceWork`),
    additionalInformationField,
  ],
};
