/**
 * Strict field accessors shared by the declaration and certificate readers
 * (the same rules as the SED readers):
 * - absent keys and JSON `null` read as null (or [] for lists);
 * - strings are trimmed; an empty string reads as null, never an invented "";
 *   a string longer than MAX_FIELD_LENGTH characters is FIELD_TOO_LONG;
 *   numbers are accepted where a string is expected (`"postalCode": 69003`);
 * - a value of the wrong JSON type is SHAPE_UNKNOWN, naming the path;
 * - a present value outside its code list (or a version that is not a positive
 *   integer) is CODE_UNKNOWN; a missing mandatory value is FIELD_MISSING;
 * - keys nobody reads are ignored (forward compatibility).
 */
import { RejectionCodes, RejectionError } from '../errors.js';
import { normaliseCountry, parseDate } from '../sed/codes.js';

export type Obj = Record<string, unknown>;

export const MAX_FIELD_LENGTH = 500;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * At most 40 characters and an ellipsis. Never cuts a surrogate pair in half: clipped values end
 * up in envelope notes, stored as jsonb, which refuses an unpaired surrogate.
 */
export function clip(raw: string): string {
  // Quoted in rejection messages, which are stored as text: U+0000 and lone surrogates cannot be.
  const s = UNSTORABLE_RE.test(raw) ? raw.replace(UNSTORABLE_GLOBAL_RE, '\uFFFD') : raw;
  if (s.length <= 40) return s;
  const high = s.charCodeAt(39);
  return `${s.slice(0, high >= 0xd800 && high <= 0xdbff ? 39 : 40)}…`;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

export function shapeError(path: string, expected: string, got: unknown): RejectionError {
  return new RejectionError(RejectionCodes.SHAPE_UNKNOWN, `${path}: expected ${expected}, got ${describe(got)}`, path);
}

export function missing(path: string): RejectionError {
  return new RejectionError(RejectionCodes.FIELD_MISSING, `${path} is missing`, path);
}

/**
 * U+0000 and unpaired surrogates (with `u`, `\p{Cs}` matches only unpaired ones). JSON bodies are
 * checked as a whole (safe-json.ts); this catches Kafka header values, which reach the envelope here.
 */
const UNSTORABLE_RE = /\0|\p{Cs}/u;
const UNSTORABLE_GLOBAL_RE = /\0|\p{Cs}/gu;

/** Trimmed string or null; numbers become strings. CHARACTER_INVALID for text PostgreSQL cannot hold. */
export function asString(v: unknown, path: string, maxLength = MAX_FIELD_LENGTH): string | null {
  if (v === undefined || v === null) return null;
  let s: string;
  if (typeof v === 'string') s = v.trim();
  else if (typeof v === 'number' && Number.isFinite(v)) s = String(v);
  else throw shapeError(path, 'a string', v);
  if (s === '') return null;
  if (UNSTORABLE_RE.test(s)) {
    throw new RejectionError(RejectionCodes.CHARACTER_INVALID, `${path}: holds U+0000 or an unpaired surrogate`, path);
  }
  if (s.length > maxLength) {
    throw new RejectionError(RejectionCodes.FIELD_TOO_LONG, `${path}: ${s.length} characters, at most ${maxLength} allowed`, path);
  }
  return s;
}

export function optString(o: Obj, key: string, path: string): string | null {
  return asString(o[key], join(path, key));
}

export function reqString(o: Obj, key: string, path: string): string {
  const s = optString(o, key, path);
  if (s === null) throw missing(join(path, key));
  return s;
}

export function optObject(o: Obj, key: string, path: string): Obj | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (!isObj(v)) throw shapeError(join(path, key), 'an object', v);
  return v;
}

export function reqObject(o: Obj, key: string, path: string): Obj {
  const v = optObject(o, key, path);
  if (v === null) throw missing(join(path, key));
  return v;
}

export interface Located<T> {
  value: T;
  path: string;
}

/** A list; absent or null reads as []; `null` elements are skipped. */
export function optList(o: Obj, key: string, path: string): Array<Located<unknown>> {
  const v = o[key];
  const here = join(path, key);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw shapeError(here, 'an array', v);
  const out: Array<Located<unknown>> = [];
  v.forEach((item: unknown, i: number) => {
    if (item !== null && item !== undefined) out.push({ value: item, path: `${here}[${i}]` });
  });
  return out;
}

export function optObjectList(o: Obj, key: string, path: string): Array<Located<Obj>> {
  return optList(o, key, path).map(({ value, path: p }) => {
    if (!isObj(value)) throw shapeError(p, 'an object', value);
    return { value, path: p };
  });
}

/** JSON booleans only (also `"true"`/`"false"` strings, which some exporters write). */
export function optBoolean(o: Obj, key: string, path: string): boolean | null {
  const v = o[key];
  const here = join(path, key);
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === '') return null;
    if (s === 'true') return true;
    if (s === 'false') return false;
    throw new RejectionError(RejectionCodes.CODE_UNKNOWN, `${here}: expected true or false, got "${clip(v)}"`, here);
  }
  throw shapeError(here, 'a boolean', v);
}

/**
 * A positive integer: a JSON integer or a string of digits (`"3"`).
 * Absent/null/empty gives null.
 * @throws CODE_UNKNOWN for 0, negatives, fractions, non-numeric strings; SHAPE_UNKNOWN for other types.
 */
export function asPositiveInt(v: unknown, path: string): number | null {
  if (v === undefined || v === null) return null;
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const s = v.trim();
    if (s === '') return null;
    n = /^\d{1,15}$/.test(s) ? Number(s) : Number.NaN;
  } else throw shapeError(path, 'a positive integer', v);
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new RejectionError(RejectionCodes.CODE_UNKNOWN, `${path}: expected a positive integer, got ${clip(String(v))}`, path);
  }
  return n;
}

export function reqPositiveInt(o: Obj, key: string, path: string): number {
  const here = join(path, key);
  const n = asPositiveInt(o[key], here);
  if (n === null) throw missing(here);
  return n;
}

export function optDate(o: Obj, key: string, path: string): string | null {
  const here = join(path, key);
  return parseDate(asString(o[key], here), here);
}

export function reqDate(o: Obj, key: string, path: string): string {
  const d = optDate(o, key, path);
  if (d === null) throw missing(join(path, key));
  return d;
}

export function asCountry(v: unknown, path: string): string | null {
  return normaliseCountry(asString(v, path), path);
}

export function optCountry(o: Obj, key: string, path: string): string | null {
  return asCountry(o[key], join(path, key));
}

export function reqCountry(o: Obj, key: string, path: string): string {
  const c = optCountry(o, key, path);
  if (c === null) throw missing(join(path, key));
  return c;
}

/**
 * A value from a closed list, compared case-insensitively; the list's own spelling is returned.
 * @throws CODE_UNKNOWN for a value outside the list.
 */
export function optEnum<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[]): T | null {
  const here = join(path, key);
  const s = asString(o[key], here);
  if (s === null) return null;
  const lower = s.toLowerCase();
  const hit = allowed.find((a) => a.toLowerCase() === lower);
  if (hit === undefined) {
    throw new RejectionError(
      RejectionCodes.CODE_UNKNOWN,
      `${here}: "${clip(s)}" is not one of ${allowed.join(', ')}`,
      here,
    );
  }
  return hit;
}

export function reqEnum<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[]): T {
  const v = optEnum(o, key, path, allowed);
  if (v === null) throw missing(join(path, key));
  return v;
}

/**
 * A timestamp (`2024-03-28T09:00:00Z`, with or without zone or fraction) or a date;
 * returned as an ISO 8601 UTC instant. A timestamp without a zone is read as UTC;
 * a date alone as its midnight UTC.
 * @throws DATE_INVALID
 */
export function optInstant(o: Obj, key: string, path: string): string | null {
  const here = join(path, key);
  const s = asString(o[key], here);
  if (s === null) return null;
  const date = parseDate(s, here); // validates the calendar part (2024-02-30 is refused)
  if (date === null) return null;
  const rest = s.slice(10);
  if (rest === '') return `${date}T00:00:00.000Z`;
  const m = /^[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(rest);
  if (!m) throw new RejectionError(RejectionCodes.DATE_INVALID, `${here}: not a timestamp: "${clip(s)}"`, here);
  const zone = m[5] ?? 'Z';
  const iso = `${date}T${m[1]}:${m[2]}:${m[3] ?? '00'}${(m[4] ?? '').slice(0, 4)}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`;
  const t = Date.parse(iso);
  if (Number.isNaN(t) || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? '0') > 59) {
    throw new RejectionError(RejectionCodes.DATE_INVALID, `${here}: impossible timestamp: "${clip(s)}"`, here);
  }
  return new Date(t).toISOString();
}
