/**
 * Company keys of source records, computed once per distinct identity instead of once per row.
 *
 * A record names an undertaking by `{name, country, ids}`; its company key is computed in Node
 * (core/match/company-keys.ts), so SQL cannot group rows by company. SQL gives each row its
 * identity as text (the SQL functions of migration 0015, which also index its md5 so one chunk of
 * companies reads only its own rows); Node turns each distinct identity into a key, memoised.
 */
import { companyKeys, type CompanyIdentity } from '../../core/match/company-keys.js';

/**
 * SQL expressions, written exactly as in the indexes of migration 0015 (the planner only uses an
 * expression index for the same expression). `u` is a jsonb object such as a declaration's
 * postingUndertaking; the text is the JSON array `[name, country, ids]` (null when u is no object).
 */
export const sqlJsonIdentity = (u: string): string => `lac_company_identity(${u})`;
/** SED employers are columns, not jsonb: their identity text is another (injective) encoding. */
export const sqlEmployerIdentity = (e: string): string => `lac_employer_identity(${e}.name, ${e}.country, ${e}.ids)`;
export const sqlHash = (identity: string): string => `md5(${identity})`;

/** The identity of a jsonb source, parsed back from `lac_company_identity` text. */
export function parseJsonIdentity(text: string | null): { name: unknown; country: unknown; ids: unknown } | null {
  if (text === null) return null;
  const [name, country, ids] = JSON.parse(text) as [unknown, unknown, unknown];
  return { name, country, ids };
}

/**
 * The company key as load-company-facts always computed it: the first key of
 * `{ name ?? null, country ?? null, ids if an array else [] }`.
 */
export function lenientKey(c: { name?: unknown; country?: unknown; ids?: unknown } | null): string | null {
  if (c === null) return null;
  return companyKeys({ name: (c.name ?? null) as string | null, country: (c.country ?? null) as string | null, ids: Array.isArray(c.ids) ? (c.ids as CompanyIdentity['ids']) : [] })[0] ?? null;
}

/** The first key of the identity exactly as given (the person-facts loader's primaryKey). */
export function strictKey(c: { name?: unknown; country?: unknown; ids?: unknown } | null): string | null {
  return c === null ? null : (companyKeys(c as CompanyIdentity)[0] ?? null);
}

/** `{ name ?? null, country ?? null, ids ?? [] }` (certificate employers and clients in person facts). */
export function defaultedKey(c: { name?: unknown; country?: unknown; ids?: unknown } | null): string | null {
  if (c === null) return null;
  return strictKey({ name: c.name ?? null, country: c.country ?? null, ids: c.ids ?? [] });
}

const MEMO_LIMIT = 100_000;

/** Memoised identity text -> key for one key rule; bounded (emptied past a size), so pure either way. */
export class KeyMemo {
  private readonly memo = new Map<string, string | null>();

  constructor(private readonly rule: (c: { name: unknown; country: unknown; ids: unknown } | null) => string | null) {}

  /** Key of a jsonb identity text (`lac_company_identity`), null when there is none. */
  ofJson(text: string | null): string | null {
    if (text === null) return null;
    const hit = this.memo.get(text);
    if (hit !== undefined) return hit;
    const key = this.rule(parseJsonIdentity(text));
    this.remember(text, key);
    return key;
  }

  /** Key of an identity given as fields, memoised under `text` (any injective encoding of them). */
  ofFields(text: string, fields: { name: unknown; country: unknown; ids: unknown }): string | null {
    const hit = this.memo.get(text);
    if (hit !== undefined) return hit;
    const key = this.rule(fields);
    this.remember(text, key);
    return key;
  }

  private remember(text: string, key: string | null): void {
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(text, key);
  }
}
