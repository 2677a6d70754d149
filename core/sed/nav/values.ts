/**
 * Small, strict accessors over already-parsed NAV JSON.
 *
 * Rules shared by every NAV module:
 * - absent keys and JSON `null` read as `null` (or `[]` for lists);
 * - strings are trimmed, and an empty string reads as `null` (never an invented "");
 * - a value of the wrong JSON type is a present-and-wrong value: RejectionError SHAPE_UNKNOWN
 *   naming the path (numbers are accepted where a string is expected: `"postnummer": 4035`);
 * - keys we do not read are ignored.
 */
import { RejectionCodes, RejectionError } from '../../errors.js';

export type JsonObject = Record<string, unknown>;

/** What the readers share while reading one document. */
export interface ReadContext {
  /** Original coded values that were rewritten, keyed `<kind>:<path>` (see `SedContent.originals`). */
  originals: Record<string, string>;
  /**
   * Outside the LA SEDs (A001-A012) the person only gives context: an unreadable birth date is
   * kept in `originals` as `invalid:<path>` and read as null instead of rejecting the document.
   */
  lenientPerson: boolean;
}

export function newContext(lenientPerson = false): ReadContext {
  return { originals: {}, lenientPerson };
}

// The generic accessors are shared with the declaration and certificate readers.
export { isObj as isObject, join, shapeError } from '../../input/fields.js';
import { isObj as isObject, join, MAX_FIELD_LENGTH, shapeError } from '../../input/fields.js';

/** A nested object, or null when absent. */
export function getObject(parent: JsonObject | null, key: string, path: string): JsonObject | null {
  if (parent === null) return null;
  const v = parent[key];
  if (v === undefined || v === null) return null;
  if (!isObject(v)) throw shapeError(join(path, key), 'an object', v);
  return v;
}

export interface Located<T> {
  value: T;
  path: string;
}

/**
 * A list of objects. NAV writes some lists as a single object in some documents
 * (`nav.arbeidsgiver` in H001), so an object reads as a one-element list.
 * `null` elements are skipped.
 */
export function getObjectList(parent: JsonObject | null, key: string, path: string): Array<Located<JsonObject>> {
  if (parent === null) return [];
  const v = parent[key];
  const here = join(path, key);
  if (v === undefined || v === null) return [];
  if (isObject(v)) return [{ value: v, path: here }];
  if (!Array.isArray(v)) throw shapeError(here, 'an object or an array of objects', v);
  const out: Array<Located<JsonObject>> = [];
  v.forEach((item: unknown, i: number) => {
    if (item === null || item === undefined) return;
    if (!isObject(item)) throw shapeError(`${here}[${i}]`, 'an object', item);
    out.push({ value: item, path: `${here}[${i}]` });
  });
  return out;
}

/**
 * Normalise a scalar read at `path`: trimmed string, empty → null.
 * @throws RejectionError FIELD_TOO_LONG beyond MAX_FIELD_LENGTH characters (the declaration and
 *   certificate readers' limit; NAV JSON has no schema of lengths, and nothing we read is longer).
 */
export function asString(v: unknown, path: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') throw shapeError(path, 'a string', v);
  const t = v.trim();
  if (t.length > MAX_FIELD_LENGTH) {
    throw new RejectionError(RejectionCodes.FIELD_TOO_LONG, `${path}: ${t.length} characters, at most ${MAX_FIELD_LENGTH} allowed`, path);
  }
  return t === '' ? null : t;
}

export function getString(parent: JsonObject | null, key: string, path: string): string | null {
  if (parent === null) return null;
  return asString(parent[key], join(path, key));
}

/**
 * NAV's `ja`/`nei` (any case); JSON booleans are accepted too.
 * @throws RejectionError CODE_UNKNOWN for any other value.
 */
export function getYesNo(parent: JsonObject | null, key: string, path: string): boolean | null {
  if (parent === null) return null;
  const v = parent[key];
  const here = join(path, key);
  if (typeof v === 'boolean') return v;
  const s = asString(v, here);
  if (s === null) return null;
  const lower = s.toLowerCase();
  if (lower === 'ja') return true;
  if (lower === 'nei') return false;
  throw new RejectionError(RejectionCodes.CODE_UNKNOWN, `${here}: expected "ja" or "nei", got "${clip(s)}"`, here);
}

export function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** Keep the first occurrence of each value (by `key`), preserving order. */
export function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(item);
  }
  return out;
}
