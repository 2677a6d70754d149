/**
 * Strict JSON parsing for untrusted input.
 *
 * `JSON.parse` alone silently keeps the last of two duplicate keys, accepts
 * `__proto__`/`constructor`/`prototype` keys (harmless in the parsed value, a
 * prototype-pollution risk for code that later merges or spreads it) and any
 * nesting depth. `parseJsonStrict` therefore:
 *   1. when the text holds a `\u` escape at all, refuses `\u0000` and unpaired surrogate escapes
 *      (CHARACTER_INVALID): PostgreSQL text and jsonb cannot hold them, nor the error messages
 *      below that quote keys;
 *   2. scans the text once, without allocating anything but keys, to check nesting depth
 *      (TOO_DEEP), duplicate keys (JSON_DUPLICATE_KEY, compared after unescaping: `"a"` and
 *      `"\u0061"` are the same key) and forbidden keys (JSON_FORBIDDEN_KEY). The scan runs
 *      before the parse because V8's `JSON.parse` needs seconds for a few MB of nesting
 *      (`[[[[...`), which the scan refuses at level maxDepth + 1. The scan tolerates invalid
 *      text (it never fails on it; the parse does), so a malformed document with, say, a
 *      duplicate key before its syntax error is JSON_DUPLICATE_KEY;
 *   3. parses with the native `JSON.parse` (syntax errors → JSON_MALFORMED).
 * Parsed objects are plain objects; the forbidden-key check guarantees none of
 * them has an own `__proto__`, `constructor` or `prototype` property.
 *
 * Cost, measured on ~10 KB documents (best of many runs, Node 20): 1.7-2.0x a bare
 * `JSON.parse` for compact JSON, 2.4-2.9x for pretty-printed JSON (the scan walks the
 * indentation too). The native parse does all allocation; the scan only reads characters
 * and slices keys.
 * test/input/safe-json.test.ts guards against gross regressions.
 */
import { RejectionCodes, RejectionError } from '../errors.js';

export type JsonPrimitive = null | boolean | number | string;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export interface SafeJsonOptions {
  /** Maximum nesting depth of objects and arrays; the top-level container is depth 1. Default 64. */
  maxDepth?: number;
}

export const DEFAULT_MAX_DEPTH = 64;

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Above this many keys an object's duplicate check switches from a linear scan to a Set. */
const SMALL_OBJECT = 16;

/**
 * Parse untrusted JSON text.
 * @throws RejectionError JSON_MALFORMED, TOO_DEEP, JSON_DUPLICATE_KEY, JSON_FORBIDDEN_KEY, CHARACTER_INVALID
 */
export function parseJsonStrict(text: string, options: SafeJsonOptions = {}): JsonValue {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  // Text decoded from UTF-8 holds no raw NUL or unpaired surrogate; only `\u` escapes can make them.
  if (text.includes('\\u')) checkEscapes(text);
  scanJson(text, maxDepth);
  try {
    return JSON.parse(text) as JsonValue;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new RejectionError(RejectionCodes.JSON_MALFORMED, `malformed JSON: ${msg.slice(0, 200)}`);
  }
}

const HEX4_RE = /^[0-9a-fA-F]{4}$/;

/**
 * Refuse `\u0000` and unpaired surrogate escapes (`\ud800` alone): valid JSON, but no text column
 * or jsonb value in PostgreSQL can hold them, and no real document needs them. Linear: each `\u`
 * is found with indexOf and its run of backslashes counted once (no backtracking regex).
 * @throws RejectionError CHARACTER_INVALID
 */
function checkEscapes(text: string): void {
  let pendingHigh = -1; // end of a high-surrogate escape waiting for its low half
  for (let at = text.indexOf('\\u'); at !== -1; at = text.indexOf('\\u', at + 2)) {
    let k = at - 1;
    while (text.charCodeAt(k) === 0x5c) k--;
    if (((at - k) & 1) === 0) continue; // an even run of backslashes: this one is escaped, `u` is text
    const hex = text.slice(at + 2, at + 6);
    if (!HEX4_RE.test(hex)) continue; // unreachable for valid JSON
    const cp = Number.parseInt(hex, 16);
    const isLow = cp >= 0xdc00 && cp <= 0xdfff;
    if (pendingHigh !== -1) {
      if (!(isLow && at === pendingHigh)) throw unpaired(text.slice(pendingHigh - 4, pendingHigh));
      pendingHigh = -1;
      continue;
    }
    if (cp === 0) throw new RejectionError(RejectionCodes.CHARACTER_INVALID, 'JSON text holds U+0000 (\\u0000)');
    if (cp >= 0xd800 && cp <= 0xdbff) pendingHigh = at + 6;
    else if (isLow) throw unpaired(hex);
  }
  if (pendingHigh !== -1) throw unpaired(text.slice(pendingHigh - 4, pendingHigh));
}

function unpaired(hex: string): RejectionError {
  return new RejectionError(RejectionCodes.CHARACTER_INVALID, `JSON text holds an unpaired surrogate (\\u${hex.toLowerCase()})`);
}

/** True for a JSON object (not an array, not null). */
export function isJsonObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * One pass over the text. In valid JSON a string is a key exactly when the next non-blank
 * character is `:`; on invalid text the scan may misjudge, but it ends (linearly) and throws
 * nothing but RejectionErrors.
 */
function scanJson(text: string, maxDepth: number): void {
  const n = text.length;
  // Keys of all open objects, innermost last; `keyStart[k]` is where container k's keys begin.
  const keys: string[] = [];
  const keyStart: number[] = [];
  // Large objects move their keys to a Set (linear search stops paying off).
  let bigSets: Map<number, Set<string>> | null = null;
  // Per open container: is it an object; the key or index currently being read (for error paths).
  const isObj: boolean[] = [];
  const segments: (string | number)[] = [];
  let depth = 0;

  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // Blanks, digits, signs, literals: nothing to do. `"` is 0x22, `,` 0x2c; `{[]}` are above 0x5a.
    if (c <= 0x20 || (c > 0x2c && c < 0x5b) || (c > 0x5d && c < 0x7b)) continue;
    if (c === 0x22 /* " */) {
      const end = stringEnd(text, i);
      // Is it a key?
      let j = end + 1;
      let d = text.charCodeAt(j);
      while (d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) d = text.charCodeAt(++j);
      if (d !== 0x3a /* : */) {
        i = end;
        continue;
      }
      const raw = text.slice(i + 1, end);
      const key = raw.indexOf('\\') === -1 ? raw : unescapeKey(raw);
      const top = depth - 1;
      const len = key.length;
      if ((len === 9 || len === 11) && FORBIDDEN_KEYS.has(key)) {
        throw new RejectionError(RejectionCodes.JSON_FORBIDDEN_KEY, `forbidden key "${key}"`, pathOf(segments, top, key));
      }
      const from = keyStart[top] ?? 0;
      const count = keys.length - from;
      if (count < SMALL_OBJECT) {
        for (let k = from; k < keys.length; k++) if (keys[k] === key) throw duplicate(segments, top, key);
        keys.push(key);
      } else {
        bigSets ??= new Map();
        let set = bigSets.get(top);
        if (set === undefined) {
          set = new Set(keys.slice(from));
          bigSets.set(top, set);
        }
        if (set.has(key)) throw duplicate(segments, top, key);
        set.add(key);
        // keys[] keeps only the first SMALL_OBJECT keys of a big object; the Set holds them all.
      }
      segments[top] = key;
      i = j; // continue after the colon
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (depth >= maxDepth) {
        throw new RejectionError(RejectionCodes.TOO_DEEP, `JSON nested deeper than ${maxDepth} levels`, pathOf(segments, depth, null));
      }
      isObj[depth] = c === 0x7b;
      keyStart[depth] = keys.length;
      segments[depth] = c === 0x7b ? '' : 0;
      depth++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
      keys.length = keyStart[depth] ?? 0;
      if (bigSets !== null) bigSets.delete(depth);
    } else if (c === 0x2c /* , */) {
      const top = depth - 1;
      if (isObj[top] === false) segments[top] = (segments[top] as number) + 1;
    }
  }
}

function unescapeKey(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    throw new RejectionError(RejectionCodes.JSON_MALFORMED, 'malformed JSON: a key with an invalid escape');
  }
}

/** Index of the closing quote of the string opening at `start` (text.length when unterminated). */
function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q === -1) return text.length;
    let k = q - 1;
    let backslashes = 0;
    while (text.charCodeAt(k) === 0x5c) {
      backslashes++;
      k--;
    }
    if ((backslashes & 1) === 0) return q;
    from = q + 1;
  }
}

function duplicate(segments: (string | number)[], top: number, key: string): RejectionError {
  return new RejectionError(RejectionCodes.JSON_DUPLICATE_KEY, `duplicate key "${key}"`, pathOf(segments, top, key));
}

/** `a.b[2].c` for the containers 0..top, then `leaf` when given. */
function pathOf(segments: (string | number)[], top: number, leaf: string | null): string {
  let out = '';
  // segments[0] belongs to the top-level container; segment k names the child of container k.
  for (let k = 0; k < top; k++) out = appendSegment(out, segments[k]);
  if (leaf !== null) out = appendSegment(out, leaf);
  return out === '' ? '$' : out;
}

function appendSegment(out: string, seg: string | number | undefined): string {
  if (typeof seg === 'number') return `${out}[${seg}]`;
  if (seg === undefined) return out;
  return out === '' ? seg : `${out}.${seg}`;
}
