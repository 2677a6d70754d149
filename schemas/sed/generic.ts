/**
 * Any other SED type (A002, A004-A007, X-series, H001/H002...): read what is present, require nothing.
 * The person is looked for in the usual places; addresses in `Addresses/Address`; no decision.
 */
import { addressesFields, personFields } from './common.js';
import type { SedDefinition } from './types.js';

export const GENERIC: SedDefinition = {
  sedType: '*',
  title: 'Other SED types (read generically)',
  xsd: null,
  personPaths: ['Person/PersonIdentification', 'CaseContext/PersonContext', 'Person'],
  addressesPath: 'Addresses/Address',
  employers: [],
  placeWorkPath: null,
  decision: null,
  request: false,
  fields: [...personFields(false), ...addressesFields()],
};
