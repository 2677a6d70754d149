/**
 * A011 (acceptance of an A001 exception request) and A012 (agreement with an A003 determination).
 * Checked against A011-4.4.0 and A012-4.4.0: in CDM 4.4 both carry only the person, the competent
 * institution and free text, no state and no period; the decision they accept lives in the A001/A003
 * of the same case, so the reader leaves `decision` null (see README.md).
 */
import { additionalInformationField, competentInstitutionFields, personFields } from './common.js';
import type { SedDefinition } from './types.js';

function acceptance(sedType: 'A011' | 'A012', title: string, xsd: string): SedDefinition {
  return {
    sedType,
    title,
    xsd,
    personPaths: ['Person/PersonIdentification'],
    addressesPath: null,
    employers: [],
    placeWorkPath: null,
    decision: null,
    request: false,
    fields: [...personFields(true), ...competentInstitutionFields, additionalInformationField],
  };
}

export const A011 = acceptance('A011', 'Reply to an exception request: accepted', 'A011-4.4.0-20241203T114249.xsd');
export const A012 = acceptance('A012', 'Agreement with a determination (A003)', 'A012-4.4.0-20241203T114251.xsd');
