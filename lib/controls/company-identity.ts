/**
 * Company keys of source records, computed once per distinct identity instead of once per row.
 *
 * A record names an undertaking by a JSON object (`{name, country, ids, ...}`); its company key is
 * computed in Node (core/match/company-keys.ts), so SQL cannot group rows by company. SQL hands
 * over each row's undertaking as JSON text (the same expression the indexes of migration 0017 take
 * the md5 of, so a chunk of companies reads only its own rows); Node keys each distinct text once.
 */
import { companyKeys, type CompanyIdentity } from '../../core/match/company-keys.js';

/**
 * The identity text of a jsonb field (e.g. `d.record -> 'postingUndertaking'`): its JSON text, null
 * when absent. Written exactly as in the indexes of migration 0017 (the planner only uses an
 * expression index for the same expression).
 */
export const sqlJsonIdentity = (field: string): string => `(${field})::text`;
/** SED employers are columns, not jsonb: their identity text is an injective encoding of them. */
export const sqlEmployerIdentity = (e: string): string => `lac_employer_identity(${e}.name, ${e}.country, ${e}.ids)`;

type Identity = { name?: unknown; country?: unknown; ids?: unknown } | null | undefined;

/** Fields of a JSON value, as property reads on it give them (undefined on anything but an object). */
function fields(c: unknown): { name?: unknown; country?: unknown; ids?: unknown } {
  return typeof c === 'object' && c !== null ? (c as Record<string, unknown>) : {};
}

/**
 * The company key as load-company-facts always computed it: none for a missing record, else the
 * first key of `{ name ?? null, country ?? null, ids if an array else [] }`.
 */
export function lenientKey(c: unknown): string | null {
  if (c === null || c === undefined) return null;
  const f = fields(c);
  return companyKeys({ name: (f.name ?? null) as string | null, country: (f.country ?? null) as string | null, ids: Array.isArray(f.ids) ? (f.ids as CompanyIdentity['ids']) : [] })[0] ?? null;
}

/** The first key of the record exactly as given (the person-facts loader's primaryKey). */
export function strictKey(c: unknown): string | null {
  return c === null || c === undefined ? null : (companyKeys(c as CompanyIdentity)[0] ?? null);
}

/** `{ name ?? null, country ?? null, ids ?? [] }` (certificate employers and clients in person facts). */
export function defaultedKey(c: unknown): string | null {
  if (c === null || c === undefined) return null;
  const f = fields(c);
  return strictKey({ name: f.name ?? null, country: f.country ?? null, ids: f.ids ?? [] });
}

const MEMO_LIMIT = 100_000;

/** Memoised identity text -> key for one key rule; bounded (emptied past a size), so pure either way. */
export class KeyMemo {
  private readonly memo = new Map<string, string | null>();

  constructor(private readonly rule: (c: unknown) => string | null) {}

  /** Key of a JSON identity text (null when the record has none). */
  ofJson(text: string | null): string | null {
    if (text === null) return null;
    const hit = this.memo.get(text);
    if (hit !== undefined) return hit;
    const key = this.rule(JSON.parse(text) as Identity);
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(text, key);
    return key;
  }
}
