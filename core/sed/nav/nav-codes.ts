/**
 * NAV JSON's readable codes and their canonical values.
 *
 * NAV writes the EESSI code lists as Norwegian words (`kjoenn` K, PIN `sektor` familieytelser,
 * address `type` bosted, identifier `type` trygd). Lookups are case-insensitive (NAV's own test
 * data has `tIlbakekreving`); the EESSI schema codes and the canonical English values are
 * accepted as well, so a document that already carries them reads the same.
 * Any other present value is a RejectionError CODE_UNKNOWN.
 */
import type { AddressType, EmployerIdType, PinSector, Sex } from '../../model/canonical.js';
import { RejectionCodes, RejectionError } from '../../errors.js';
import { normaliseArticle as normaliseSharedArticle } from '../article.js';
import type { ReadContext } from './values.js';
import { clip } from './values.js';

function lookup<T extends string>(
  table: Readonly<Record<string, T>>,
  raw: string | null,
  path: string,
  what: string,
): T | null {
  if (raw === null) return null;
  const hit = table[raw.toLowerCase()];
  if (hit === undefined) {
    throw new RejectionError(RejectionCodes.CODE_UNKNOWN, `unknown ${what} "${clip(raw)}"`, path);
  }
  return hit;
}

/** `kjoenn`: M (mann), K (kvinne), U (ukjent); schema codes 01/02/98. */
const SEX: Readonly<Record<string, Sex>> = { m: 'M', k: 'F', u: 'U', '01': 'M', '02': 'F', '98': 'U' };

export function mapSex(raw: string | null, path: string): Sex | null {
  return lookup(SEX, raw, path, 'sex (kjoenn)');
}

/**
 * PIN `sektor` → the schema's sector code list 01-07.
 * NAV names seen in NAV's own documents: yrkesskade_og_yrkessykdom, familieytelser, alle,
 * tilbakekreving, sykdom; pensjon and arbeidsledighet are NAV's words for the two others.
 */
const SECTOR: Readonly<Record<string, PinSector>> = {
  yrkesskade_og_yrkessykdom: 'awod',
  familieytelser: 'family',
  alle: 'all',
  pensjon: 'pensions',
  tilbakekreving: 'recovery',
  sykdom: 'sickness',
  arbeidsledighet: 'unemployment',
  '01': 'awod',
  '02': 'family',
  '03': 'all',
  '04': 'pensions',
  '05': 'recovery',
  '06': 'sickness',
  '07': 'unemployment',
  awod: 'awod',
  family: 'family',
  all: 'all',
  pensions: 'pensions',
  recovery: 'recovery',
  sickness: 'sickness',
  unemployment: 'unemployment',
};

export function mapPinSector(raw: string | null, path: string): PinSector | null {
  return lookup(SECTOR, raw, path, 'PIN sector');
}

/** Address `type`: bosted, opphold, kontakt, annet. */
const ADDRESS_TYPE: Readonly<Record<string, AddressType>> = {
  bosted: 'residence',
  opphold: 'stay',
  kontakt: 'contact',
  annet: 'other',
  residence: 'residence',
  stay: 'stay',
  contact: 'contact',
  other: 'other',
};

export function mapAddressType(raw: string | null, path: string): AddressType | null {
  return lookup(ADDRESS_TYPE, raw, path, 'address type');
}

/** Employer identifier `type`: registrering, trygd, skatt, ukjent; schema codes 01/02/03/98. */
const ID_TYPE: Readonly<Record<string, EmployerIdType>> = {
  registrering: 'registration',
  trygd: 'social-security',
  skatt: 'tax',
  ukjent: 'unknown',
  '01': 'registration',
  '02': 'social-security',
  '03': 'tax',
  '98': 'unknown',
  registration: 'registration',
  'social-security': 'social-security',
  tax: 'tax',
  unknown: 'unknown',
};

export function mapEmployerIdType(raw: string | null, path: string): EmployerIdType | null {
  return lookup(ID_TYPE, raw, path, 'identifier type');
}

/** SED types: A001, X008, H001, U001CB, P2000... */
const SED_TYPE_RE = /^[A-Z]{1,2}\d{3,4}[A-Z]{0,2}$/;

export function normaliseSedType(raw: string, path: string): string {
  const upper = raw.trim().toUpperCase();
  if (!SED_TYPE_RE.test(upper)) {
    throw new RejectionError(RejectionCodes.CODE_UNKNOWN, `unknown SED type "${clip(raw)}"`, path);
  }
  return upper;
}

/**
 * Article codes (`12_1`, `13_1_b_iii`, `13(1)(a)`...) → the export form, with the shared
 * normaliser (`../article.ts`) so that every reader writes the same code. A rewrite keeps the
 * original in `originals` under `article:<path>`.
 * @throws RejectionError CODE_UNKNOWN for something that is not an article reference.
 */
export function normaliseArticle(raw: string | null, path: string, ctx: ReadContext): string | null {
  return normaliseSharedArticle(raw, path, ctx.originals);
}

/**
 * A009's `artikkelforordning`: NAV writes `12_1`/`12_2`; the schema's own codes
 * (`01` = 12(1) employed, `02` = 12(2) self-employed) are accepted too.
 */
const A009_ARTICLE_CODES: Readonly<Record<string, string>> = { '01': '12_1', '02': '12_2' };

export function normaliseA009Article(raw: string | null, path: string, ctx: ReadContext): string | null {
  if (raw === null) return null;
  const coded = A009_ARTICLE_CODES[raw.trim()];
  if (coded !== undefined) {
    ctx.originals[`article:${path}`] = raw;
    return coded;
  }
  return normaliseArticle(raw, path, ctx);
}
