/**
 * Coded values shared by every reader: countries, dates.
 * EESSI writes `EL` for Greece and `UK` for the United Kingdom; exports use ISO 3166-1 alpha-2.
 */
import { RejectionCodes, RejectionError } from '../errors.js';

// ISO 3166-1 alpha-2, plus `XK` (Kosovo, user-assigned but used by EESSI and RINA).
const ISO_COUNTRIES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO ' +
    'JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR ' +
    'MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO ' +
    'RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV ' +
    'TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK'
  ).split(' '),
);

/** EESSI's own spellings that differ from ISO. */
const EESSI_TO_ISO: Readonly<Record<string, string>> = { EL: 'GR', UK: 'GB' };

/**
 * Normalise a country code to ISO alpha-2. Empty input gives null.
 * When the value was rewritten, the original is recorded in `originals` under `country:<path>`.
 * @throws RejectionError CODE_UNKNOWN for a code that is not a country.
 */
export function normaliseCountry(
  raw: string | null | undefined,
  path: string,
  originals?: Record<string, string>,
): string | null {
  if (raw === null || raw === undefined) return null;
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  const upper = trimmed.toUpperCase();
  const mapped = EESSI_TO_ISO[upper] ?? upper;
  if (!ISO_COUNTRIES.has(mapped)) {
    throw new RejectionError(RejectionCodes.CODE_UNKNOWN, `unknown country code "${truncate(trimmed)}"`, path);
  }
  if (originals && mapped !== trimmed) originals[`country:${path}`] = trimmed;
  return mapped;
}

export function isIsoCountry(code: string): boolean {
  return ISO_COUNTRIES.has(code);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:$|T| |Z|[+-]\d{2}:?\d{2}$)/;

/**
 * Parse a calendar date written `YYYY-MM-DD` (a time or zone suffix is tolerated and dropped).
 * Empty input gives null.
 * @throws RejectionError DATE_INVALID for malformed or impossible dates (2024-02-30).
 */
export function parseDate(raw: string | null | undefined, path: string): string | null {
  if (raw === null || raw === undefined) return null;
  const s = raw.trim();
  if (s === '') return null;
  const m = DATE_RE.exec(s);
  if (!m) throw new RejectionError(RejectionCodes.DATE_INVALID, `not a date: "${truncate(s)}"`, path);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1850 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) {
    throw new RejectionError(RejectionCodes.DATE_INVALID, `impossible date: "${truncate(s)}"`, path);
  }
  return `${m[1]}-${m[2]}-${m[3]}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
