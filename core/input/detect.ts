/**
 * What is this message? Decides from the decoded text, before any reader runs.
 *
 * | shape         | recognised by                                                                    |
 * |---------------|----------------------------------------------------------------------------------|
 * | `eessi-xml`   | first non-blank character `<` (an XML declaration may come first)                |
 * | `rina-json`   | an object with exactly one key like `A009`/`X008`/`H001` (`/^[AXH]\d{3}$/`), whose value is an object (other keys tolerated) |
 * | `nav-json`    | an object with a string `sed` and a `nav` or `medlemskap` key                    |
 * | `sed-event`   | an object with `sedHendelse` (an object); its `sed` is a SED JSON object or a string holding XML (or JSON) |
 * | `declaration` | an object with `declarationId`                                                   |
 * | `certificate` | an object with `certificateNumber`                                               |
 *
 * Anything else, or an object matching more than one row, is SHAPE_UNKNOWN. A SED event
 * without `sed` is FIELD_MISSING. JSON goes through `parseJsonStrict` (duplicate/forbidden
 * keys, depth).
 */
import { RejectionCodes, RejectionError } from '../errors.js';
import { checkXmlDeclaration } from './decode.js';
import type { JsonObject, JsonValue } from './safe-json.js';
import { isJsonObject, parseJsonStrict } from './safe-json.js';

export const SED_TYPE_KEY_RE = /^[AXH]\d{3}$/;

/** A SED document in one of its three forms. */
export type SedDocumentShape =
  | { shape: 'eessi-xml'; xml: string }
  | { shape: 'rina-json'; sedType: string; doc: JsonObject }
  | { shape: 'nav-json'; sedType: string; doc: JsonObject };

export type DetectedShape =
  | SedDocumentShape
  | { shape: 'sed-event'; sedHendelse: JsonObject; sed: SedDocumentShape }
  | { shape: 'declaration'; doc: JsonObject }
  | { shape: 'certificate'; doc: JsonObject };

export interface DetectOptions {
  maxDepth: number;
}

/**
 * Detect the shape of decoded text (JSON is parsed strictly on the way).
 * @throws RejectionError SHAPE_UNKNOWN, FIELD_MISSING, ENCODING_INVALID, and the JSON codes
 */
export function detectShape(text: string, options: DetectOptions): DetectedShape {
  const first = firstNonBlank(text);
  if (first === '<') return xmlShape(text);
  if (first === '{' || first === '[') return detectJsonShape(parseJsonStrict(text, { maxDepth: options.maxDepth }), options);
  throw new RejectionError(RejectionCodes.SHAPE_UNKNOWN, 'neither XML nor JSON');
}

type JsonShapeName = 'sed-event' | 'nav-json' | 'rina-json' | 'declaration' | 'certificate';

/**
 * Detect the shape of an already parsed JSON value.
 * @throws RejectionError SHAPE_UNKNOWN, FIELD_MISSING
 */
export function detectJsonShape(value: JsonValue, options: DetectOptions): DetectedShape {
  if (!isJsonObject(value)) {
    throw new RejectionError(RejectionCodes.SHAPE_UNKNOWN, `JSON ${Array.isArray(value) ? 'array' : typeof value} is not a message we know`);
  }
  const matches: JsonShapeName[] = [];
  if (Object.hasOwn(value, 'sedHendelse')) matches.push('sed-event');
  if (looksLikeNav(value)) matches.push('nav-json');
  const rinaKey = rinaSedKey(value);
  if (rinaKey !== null) matches.push('rina-json');
  if (Object.hasOwn(value, 'declarationId')) matches.push('declaration');
  if (Object.hasOwn(value, 'certificateNumber')) matches.push('certificate');

  if (matches.length === 0) {
    throw new RejectionError(RejectionCodes.SHAPE_UNKNOWN, `JSON object with keys ${describeKeys(value)} is not a message we know`);
  }
  if (matches.length > 1) {
    throw new RejectionError(RejectionCodes.SHAPE_UNKNOWN, `ambiguous JSON: looks like ${matches.join(' and ')}`);
  }
  switch (matches[0]) {
    case 'sed-event':
      return eventShape(value, options);
    case 'nav-json':
      return { shape: 'nav-json', sedType: String(value['sed']).trim().toUpperCase(), doc: value };
    case 'rina-json':
      return { shape: 'rina-json', sedType: rinaKey ?? '', doc: value };
    case 'declaration':
      return { shape: 'declaration', doc: value };
    default:
      return { shape: 'certificate', doc: value };
  }
}

function eventShape(value: JsonObject, options: DetectOptions): DetectedShape {
  const sedHendelse = value['sedHendelse'];
  if (!isJsonObject(sedHendelse)) {
    throw new RejectionError(RejectionCodes.SHAPE_UNKNOWN, 'sedHendelse: expected an object', 'sedHendelse');
  }
  const sed = value['sed'];
  if (sed === undefined || sed === null || (typeof sed === 'string' && sed.trim() === '')) {
    throw new RejectionError(RejectionCodes.FIELD_MISSING, 'SED event without "sed"', 'sed');
  }
  return { shape: 'sed-event', sedHendelse, sed: innerSedShape(sed, options) };
}

/** The `sed` of an event: a JSON object, or a string holding XML (or, double-encoded, JSON). */
function innerSedShape(sed: JsonValue, options: DetectOptions): SedDocumentShape {
  let doc: JsonValue = sed;
  if (typeof sed === 'string') {
    const first = firstNonBlank(sed);
    if (first === '<') return xmlShape(sed);
    if (first !== '{') throw new RejectionError(RejectionCodes.SHAPE_UNKNOWN, 'sed: a string that is neither XML nor JSON', 'sed');
    doc = parseJsonStrict(sed, { maxDepth: options.maxDepth });
  }
  if (!isJsonObject(doc)) throw new RejectionError(RejectionCodes.SHAPE_UNKNOWN, 'sed: expected an object or an XML string', 'sed');
  const nav = looksLikeNav(doc);
  const rinaKey = rinaSedKey(doc);
  if (nav && rinaKey === null) return { shape: 'nav-json', sedType: String(doc['sed']).trim().toUpperCase(), doc };
  if (rinaKey !== null && !nav) return { shape: 'rina-json', sedType: rinaKey, doc };
  throw new RejectionError(
    RejectionCodes.SHAPE_UNKNOWN,
    nav ? 'sed: ambiguous, looks like both NAV and RINA JSON' : `sed: JSON object with keys ${describeKeys(doc)} is not a SED we know`,
    'sed',
  );
}

function xmlShape(text: string): SedDocumentShape {
  checkXmlDeclaration(text);
  return { shape: 'eessi-xml', xml: text };
}

function looksLikeNav(o: JsonObject): boolean {
  return typeof o['sed'] === 'string' && (Object.hasOwn(o, 'nav') || Object.hasOwn(o, 'medlemskap'));
}

/** The single SED-type key whose value is an object, or null (none, or more than one). */
function rinaSedKey(o: JsonObject): string | null {
  let found: string | null = null;
  for (const key of Object.keys(o)) {
    if (!SED_TYPE_KEY_RE.test(key)) continue;
    if (found !== null) return null;
    found = key;
  }
  return found !== null && isJsonObject(o[found]) ? found : null;
}

function firstNonBlank(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return text[i] ?? '';
  }
  return '';
}

/** Key names only (never values: they may be personal data), clipped. */
function describeKeys(o: JsonObject): string {
  const keys = Object.keys(o);
  const shown = keys.slice(0, 6).map((k) => JSON.stringify(k.length > 30 ? `${k.slice(0, 30)}…` : k));
  return keys.length === 0 ? '(none)' : `${shown.join(', ')}${keys.length > 6 ? ', …' : ''}`;
}
