/**
 * EESSI code lists we read, as published in the CDM 4.4 XSDs (A001, A009, A011, A012),
 * mapped to the canonical values. One table per list; the readers translate through these
 * tables and reject any other code (CODE_UNKNOWN).
 */
import type { AddressType, EmployerIdType, PinSector, Sex } from '../../core/model/canonical.js';

/** `EESSISexType`. */
export const SEX: Readonly<Record<string, Sex>> = { '01': 'M', '02': 'F', '98': 'U' };

/** `EESSIAddressType`: 01 country of residence, 02 country of stay, 03 contact address. */
export const ADDRESS_TYPE: Readonly<Record<string, AddressType>> = {
  '01': 'residence',
  '02': 'stay',
  '03': 'contact',
};

/** `EESSISectorsType`: 01 AWOD, 02 family benefits, 03 all, 04 pensions, 05 recovery, 06 sickness, 07 unemployment. */
export const PIN_SECTOR: Readonly<Record<string, PinSector>> = {
  '01': 'awod',
  '02': 'family',
  '03': 'all',
  '04': 'pensions',
  '05': 'recovery',
  '06': 'sickness',
  '07': 'unemployment',
};

/** `EESSIOrganisationIdentificationNumberType`: 01 identification/registration, 02 social security, 03 fiscal, 98 unknown. */
export const EMPLOYER_ID_TYPE: Readonly<Record<string, EmployerIdType>> = {
  '01': 'registration',
  '02': 'social-security',
  '03': 'tax',
  '98': 'unknown',
};

/** `EESSIYesNoType` (also `EESSIYesNoFixedYesType` / `EESSIYesNoFixedNoType`). */
export const YES_NO: Readonly<Record<string, boolean>> = { '1': true, '0': false };

/** `EESSIOpenPeriodType`: 01 open-ended, 98 end date unknown. Both give `openEnded: true`. */
export const OPEN_PERIOD_TYPE: Readonly<Record<string, 'open-ended' | 'end-unknown'>> = {
  '01': 'open-ended',
  '98': 'end-unknown',
};

/** `ArticlesA009Type`: article 12(1) employed, 12(2) self-employed posting. */
export const A009_ARTICLE: Readonly<Record<string, string>> = { '01': '12_1', '02': '12_2' };

/**
 * `ArticlesIA001Type`: the article whose situation the A001 asks an Article 16 exception for
 * (`RequestedForSituationsCoveredByArti8832004/regulationArticlesSituationAgreementExceptionProposed`).
 * 19 is Article 14(11) of Regulation 987/2009; 99 is "other" (explained in the `other` text).
 */
export const A001_EXCEPTION_FOR_ARTICLE: Readonly<Record<string, string | null>> = {
  '01': '11_3_a',
  '02': '11_3_b',
  '03': '11_3_c',
  '04': '11_3_d',
  '05': '11_3_e',
  '06': '11_4',
  '07': '11_5',
  '08': '12_1',
  '09': '12_2',
  '10': '13_1_a',
  '11': '13_1_b_i',
  '12': '13_1_b_ii',
  '13': '13_1_b_iii',
  '14': '13_1_b_iv',
  '15': '13_2_a',
  '16': '13_2_b',
  '17': '13_3',
  '18': '13_4',
  '19': '14_11',
  '20': '15',
  '99': null,
};

/** `ArticlesIIA001Type` (`MoreInformation/pDA1IssuedBasisArticle`): 01 Art 12, 02 Art 16, 99 other. */
export const A001_A1_BASIS_ARTICLE: Readonly<Record<string, string | null>> = { '01': '12', '02': '16', '99': null };

/**
 * Article codes written as text (A003 `articleRegulationECNo8832004Or9872009`, A010): `13_1_a`, `13_1_b_i`,
 * `11_3_d`, `14_11`, `87_8`, `87a`; other spellings (`13(1)(a)`) are normalised by core/sed/article.ts.
 */
export const ARTICLE_CODE_EXAMPLES = ['12_1', '12_2', '13_1_a', '13_1_b_i', '13_2_a', '13_3', '13_4', '11_3_d', '14_11', '16_1'] as const;

/**
 * Nationality codes of `EESSINationalityMultipleType` that are not countries:
 * XR refugee, XS stateless, XU unknown. They are kept in `originals`, not in `nationalities`.
 */
export const NON_COUNTRY_NATIONALITY: Readonly<Record<string, string>> = {
  XR: 'refugee',
  XS: 'stateless',
  XU: 'unknown',
};

/**
 * Four-letter ISO 3166-3 codes of former countries (`EESSIWorldCountryHistoricType`, birth places):
 * not ISO alpha-2, so the canonical country is null and the code is kept in `originals`.
 */
export const HISTORIC_COUNTRY_PATTERN = /^[A-Z]{4}$/;

/** Names of the code lists a field may use (see FieldDef.codeList). */
export type CodeListName =
  | 'sex'
  | 'addressType'
  | 'pinSector'
  | 'employerIdType'
  | 'yesNo'
  | 'openPeriodType'
  | 'a009Article'
  | 'a001ExceptionForArticle'
  | 'a001A1BasisArticle'
  | 'articleCode'
  /** Country codes (EESSI spelling, `EL`/`UK`): checked by normaliseCountry in the reader. */
  | 'country'
  /** Nationalities: countries plus XR/XS/XU. */
  | 'nationality'
  /** Birth countries: countries plus historic four-letter codes. */
  | 'countryHistoric';

/** The finite code lists, by name (country lists are open-ended and checked by the reader). */
export const CODE_LISTS: Readonly<Partial<Record<CodeListName, Readonly<Record<string, unknown>>>>> = {
  sex: SEX,
  addressType: ADDRESS_TYPE,
  pinSector: PIN_SECTOR,
  employerIdType: EMPLOYER_ID_TYPE,
  yesNo: YES_NO,
  openPeriodType: OPEN_PERIOD_TYPE,
  a009Article: A009_ARTICLE,
  a001ExceptionForArticle: A001_EXCEPTION_FOR_ARTICLE,
  a001A1BasisArticle: A001_A1_BASIS_ARTICLE,
};

/** XSD string types and their maximum lengths (CDM 4.4). */
export const MAX_LENGTH = {
  /** EESSIPersonNameType */
  personName: 155,
  /** EESSIPINType */
  pin: 65,
  /** EESSIMediumStringType */
  medium: 155,
  /** EESSIShortStringType */
  short: 65,
  /** EESSITinyStringType */
  tiny: 25,
  /** EESSILongStringType */
  long: 255,
  /** EESSIVeryLongStringType */
  veryLong: 500,
} as const;
