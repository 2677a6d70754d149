/**
 * Coded values of the English shapes -> canonical values, through the tables of schemas/sed/code-lists.ts.
 * Every function rejects a code outside its list (CODE_UNKNOWN); absent input gives null.
 */
import { RejectionCodes, RejectionError } from '../../errors.js';
import { normaliseArticle } from '../article.js';
import { normaliseCountry, parseDate } from '../codes.js';
import { MAX_FIELD_LENGTH } from '../../input/fields.js';
import {
  A009_ARTICLE,
  HISTORIC_COUNTRY_PATTERN,
  NON_COUNTRY_NATIONALITY,
  YES_NO,
} from '../../../schemas/sed/index.js';
import { checkLength, code, codes, textAt } from './tree.js';
import type { At } from './tree.js';

/** What every mapping step needs: where we are, and where mapped originals are recorded. */
export interface MapContext {
  readonly sedType: string;
  readonly originals: Record<string, string>;
}

function unknown(value: string, list: string, path: string): RejectionError {
  const v = value.length > 20 ? `${value.slice(0, 20)}…` : value;
  return new RejectionError(RejectionCodes.CODE_UNKNOWN, `unknown ${list} code "${v}"`, path);
}

/** Translate the code at `path` through `table`. */
export function mapCode<T>(from: At, path: string, table: Readonly<Record<string, T>>, list: string): T | null {
  const c = code(from, path);
  if (c === null) return null;
  if (!Object.prototype.hasOwnProperty.call(table, c.value)) throw unknown(c.value, list, c.path);
  return table[c.value] as T;
}

/** A yes/no indicator (`1`/`0`; `true`/`false` tolerated for RINA booleans). */
export function yesNo(from: At, path: string): boolean | null {
  const c = code(from, path);
  if (c === null) return null;
  return yesNoValue(c.value, c.path);
}

export function yesNoValue(value: string, path: string): boolean {
  const v = value.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  const b = YES_NO[v];
  if (b === undefined) throw unknown(value, 'yes/no', path);
  return b;
}

/** A country (EESSI `EL`/`UK` become `GR`/`GB`, the original kept in `originals`). */
export function country(ctx: MapContext, from: At, path: string): string | null {
  const c = code(from, path);
  if (c === null) return null;
  return normaliseCountry(c.value, c.path, ctx.originals);
}

/** Every country of a multiple-valued element, in order, without duplicates. */
export function countries(ctx: MapContext, from: At, path: string): string[] {
  const out: string[] = [];
  for (const c of codes(from, path)) {
    const iso = normaliseCountry(c.value, c.path, ctx.originals);
    if (iso !== null && !out.includes(iso)) out.push(iso);
  }
  return out;
}

/** Nationalities: countries, except XR/XS/XU (refugee, stateless, unknown), kept only in `originals`. */
export function nationalities(ctx: MapContext, from: At, path: string): string[] {
  const out: string[] = [];
  for (const c of codes(from, path)) {
    const upper = c.value.toUpperCase();
    if (NON_COUNTRY_NATIONALITY[upper] !== undefined) {
      ctx.originals[`nationality:${c.path}`] = c.value;
      continue;
    }
    const iso = normaliseCountry(c.value, c.path, ctx.originals);
    if (iso !== null && !out.includes(iso)) out.push(iso);
  }
  return out;
}

/** A birth country: a country, or a historic four-letter code (USSR, Yugoslavia...) that gives null. */
export function historicCountry(ctx: MapContext, from: At, path: string): string | null {
  const c = code(from, path);
  if (c === null) return null;
  if (HISTORIC_COUNTRY_PATTERN.test(c.value.trim())) {
    ctx.originals[`country:${c.path}`] = c.value.trim();
    return null;
  }
  return normaliseCountry(c.value, c.path, ctx.originals);
}

/** A date (`YYYY-MM-DD`); impossible dates are rejected (DATE_INVALID). */
export function date(from: At, path: string): string | null {
  const c = code(from, path);
  return c === null ? null : parseDate(c.value, c.path);
}

/**
 * Free text at `path` (empty gives null). The per-type definitions check XSD lengths where they
 * list a field; this bound holds for every field read, listed or not (FIELD_TOO_LONG).
 */
export function str(from: At, path: string): string | null {
  const found = textAt(from, path);
  if (found === null) return null;
  checkLength(found.value, MAX_FIELD_LENGTH, found.at);
  return found.value;
}

/** A009 `articleRegulationECNo8832004`: `01` -> `12_1`, `02` -> `12_2` (`12_1`/`12_2` as text accepted too). */
export function a009Article(value: string, path: string): string {
  const mapped = A009_ARTICLE[value];
  if (mapped !== undefined) return mapped;
  const asCode = articleCode(value, path);
  if (asCode === '12_1' || asCode === '12_2') return asCode;
  throw unknown(value, 'A009 article', path);
}

/**
 * An article written as text (A003, A010): `13_1_a`, `13(1)(a)`, `Art. 13(1)(a)`, `87a`... through the
 * shared normaliser (core/sed/article.ts), so the EESSI and NAV readers write articles alike.
 * When the spelling was rewritten, the original is kept in `originals` under `article:<path>`.
 */
export function articleCode(value: string, path: string, originals?: Record<string, string>): string {
  const normalised = normaliseArticle(value, path, originals);
  if (normalised === null) throw unknown(value, 'article', path);
  return normalised;
}
