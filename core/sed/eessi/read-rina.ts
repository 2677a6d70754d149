/** RINA JSON (`{"A001": {...}}`, coded values as `{"value": ["02"]}`) -> canonical SED content (pure, no I/O). */
import type { SedContent } from '../../model/canonical.js';
import { RejectionCodes, RejectionError } from '../../errors.js';
import { mapEessiTree } from './map-tree.js';
import { isObject, jsonToTree, textOf } from './tree.js';
import type { EessiTree } from './tree.js';

/** A SED type: `A009`, `X008`, `H001`, `P2000`... */
export const SED_TYPE_RE = /^[A-Z]{1,3}\d{3,4}$/;

export interface ParsedRinaJson {
  sedType: string;
  cdmVersion: string | null;
  tree: EessiTree;
}

/**
 * Find the SED in a RINA JSON document and turn it into the shared tree.
 * @throws RejectionError FIELD_MISSING (no SED type key), SHAPE_UNKNOWN (several SED keys, or not an object),
 *   TOO_DEEP, JSON_FORBIDDEN_KEY.
 */
export function parseRinaJson(doc: Record<string, unknown>): ParsedRinaJson {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new RejectionError(RejectionCodes.SHAPE_UNKNOWN, 'RINA JSON must be an object');
  }
  const keys = Object.keys(doc).filter((k) => SED_TYPE_RE.test(k));
  const sedType = keys[0];
  if (sedType === undefined) {
    throw new RejectionError(RejectionCodes.FIELD_MISSING, 'no SED type key (like "A009") at the top level');
  }
  if (keys.length > 1) {
    throw new RejectionError(RejectionCodes.SHAPE_UNKNOWN, `several SED type keys: ${keys.slice(0, 5).join(', ')}`);
  }
  const tree = jsonToTree(doc[sedType], sedType, 1);
  if (!isObject(tree)) {
    throw new RejectionError(RejectionCodes.SHAPE_UNKNOWN, `"${sedType}" must hold an object`, sedType);
  }
  return { sedType, cdmVersion: cdmVersionOf(tree), tree };
}

/** `sedGVer` 4 + `sedVer` 4 -> `4.4`; null when either is missing or not a number. */
export function cdmVersionOf(tree: EessiTree): string | null {
  const g = textOf(tree['sedGVer']);
  const v = textOf(tree['sedVer']);
  if (g === null || v === null || !/^\d{1,3}$/.test(g) || !/^\d{1,3}$/.test(v)) return null;
  return `${Number(g)}.${Number(v)}`;
}

/**
 * Read a SED in RINA JSON.
 * @throws RejectionError FIELD_MISSING, SHAPE_UNKNOWN, TOO_DEEP, JSON_FORBIDDEN_KEY, FIELD_TOO_LONG,
 *   CODE_UNKNOWN, DATE_INVALID.
 */
export function readRinaJson(doc: Record<string, unknown>): SedContent {
  const parsed = parseRinaJson(doc);
  return mapEessiTree({ ...parsed, sourceFormat: 'rina-json' });
}
