/**
 * Broken documents, each with the rejection code (core/errors.ts RejectionCodes) the pipeline should give.
 */
import { RejectionCodes, type RejectionCode } from '../errors.js';
import type { Rng } from './random.js';

export type BadSedKind =
  | 'truncated'
  | 'bad-date'
  | 'unknown-country'
  | 'dtd'
  | 'namespace'
  | 'duplicate-key'
  | 'forbidden-key'
  | 'empty';

export const BAD_SED_KINDS_XML: readonly (readonly [BadSedKind, number])[] = [
  ['truncated', 25],
  ['bad-date', 20],
  ['unknown-country', 20],
  ['dtd', 15],
  ['namespace', 8],
  ['empty', 4],
];

export const BAD_SED_KINDS_JSON: readonly (readonly [BadSedKind, number])[] = [
  ['truncated', 25],
  ['bad-date', 20],
  ['unknown-country', 20],
  ['duplicate-key', 15],
  ['forbidden-key', 8],
  ['empty', 4],
];

export function badCodeOf(kind: BadSedKind, isXml: boolean): RejectionCode {
  switch (kind) {
    case 'truncated':
      return isXml ? RejectionCodes.XML_MALFORMED : RejectionCodes.JSON_MALFORMED;
    case 'bad-date':
      return RejectionCodes.DATE_INVALID;
    case 'unknown-country':
      return RejectionCodes.CODE_UNKNOWN;
    case 'dtd':
      return RejectionCodes.XML_DTD_FORBIDDEN;
    case 'namespace':
      return RejectionCodes.XML_NAMESPACE_UNKNOWN;
    case 'duplicate-key':
      return RejectionCodes.JSON_DUPLICATE_KEY;
    case 'forbidden-key':
      return RejectionCodes.JSON_FORBIDDEN_KEY;
    case 'empty':
      return RejectionCodes.EMPTY;
  }
}

/** An impossible date in the year of `iso` (`1985-02-30`). */
export function impossibleDate(iso: string, rng: Rng): string {
  const y = iso.slice(0, 4);
  return rng.pick([`${y}-02-30`, `${y}-04-31`, `${y}-13-01`, `${y}-00-10`]);
}

/** Cut a document somewhere in its second half, never at a point where it would still be complete. */
export function truncate(text: string, rng: Rng): string {
  const at = Math.floor(text.length * (0.35 + rng.next() * 0.5));
  return text.slice(0, Math.max(1, Math.min(at, text.length - 2)));
}

/** Insert a DOCTYPE with an external entity after the XML declaration (or at the start). */
export function withDoctype(xml: string, root: string): string {
  const dtd = `<!DOCTYPE ${root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`;
  const m = /^<\?xml[^>]*\?>\s*/.exec(xml);
  return m ? xml.slice(0, m[0].length) + dtd + '\n' + xml.slice(m[0].length) : dtd + xml;
}

/** Replace the EESSI namespace by an unknown one. */
export function withUnknownNamespace(xml: string): string {
  return xml.replace(/http:\/\/ec\.europa\.eu\/eessi\/ns\/[0-9_]+\//, 'http://example.org/not-eessi/ns/');
}

/** Duplicate the first key of a compact JSON object (`{"nav":{},"nav":{...}}`). */
export function withDuplicateKey(json: string): string {
  const m = /^\s*\{\s*"([^"]+)"\s*:/.exec(json);
  if (!m) return json;
  const brace = json.indexOf('{');
  return `${json.slice(0, brace + 1)}"${m[1] ?? 'x'}":{},${json.slice(brace + 1)}`;
}

/** Insert a `__proto__` key at the top of a JSON object. */
export function withForbiddenKey(json: string): string {
  const brace = json.indexOf('{');
  if (brace < 0) return json;
  return `${json.slice(0, brace + 1)}"__proto__":{"polluted":true},${json.slice(brace + 1)}`;
}
