/**
 * Identity resolution (persons and companies): pure functions, no database. See the module comments of
 * `persons.ts`, `companies.ts`, `names.ts` and `company-ids.ts`.
 */
export {
  foldName,
  nameTokens,
  nameKey,
  nameKeys,
  nameBlockingKeys,
  phoneticCode,
  jaroWinkler,
  damerauLevenshtein,
  tokenSimilarity,
  nameSimilarity,
  prepareName,
  preparedNameSimilarity,
  type NameSimilarity,
  type PersonName,
} from './names.js';
export {
  resolvePersons,
  normalisePin,
  normaliseBirthDate,
  normaliseCountry,
  birthDateVariant,
  type PersonRecord,
  type PersonPin,
  type PersonResolution,
  type PersonResolveOptions,
  type PersonLink,
  type PersonLinkMethod,
  type PersonCluster,
  type AmbiguousPerson,
  type PersonConflict,
} from './persons.js';
export {
  normaliseCompanyId,
  parseVat,
  looksLikeVat,
  isValidSiren,
  isValidSiret,
  sirenOfSiret,
  frenchVatOfSiren,
  luhnValid,
  compactId,
  type CompanyIdKind,
  type NormalisedCompanyId,
} from './company-ids.js';
export {
  resolveCompanies,
  normaliseCompanyName,
  companyNameSimilarity,
  type CompanyRecord,
  type CompanyAddress,
  type CompanyResolution,
  type CompanyResolveOptions,
  type CompanyLink,
  type CompanyLinkMethod,
  type CompanyCluster,
  type AmbiguousCompany,
  type CompanyConflict,
} from './companies.js';
export { precisionRecall, type Clustering, type PairwiseScores } from './evaluate.js';
export { labelledPersons, labelledCompanies, type LabelledSet } from './labelled.js';
