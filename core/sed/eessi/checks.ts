/**
 * The checks driven by the per-SED-type definitions (schemas/sed/): mandatory fields (FIELD_MISSING),
 * maximum lengths (FIELD_TOO_LONG) and finite code lists (CODE_UNKNOWN). Country codes, dates and
 * articles are checked where they are mapped.
 */
import { RejectionCodes, RejectionError } from '../../errors.js';
import { CODE_LISTS } from '../../../schemas/sed/index.js';
import type { FieldDef, SedDefinition } from '../../../schemas/sed/index.js';
import { a009Article, articleCode, yesNoValue } from './coded.js';
import { codesOf, hasContent, resolve, textOf } from './tree.js';
import type { At } from './tree.js';

/** Run every field check of `def` on the SED at `root`. The first failure is thrown. */
export function checkFields(def: SedDefinition, root: At): void {
  for (const f of def.fields) checkField(f, root);
}

export function checkField(f: FieldDef, root: At): void {
  const rest = relativePath(f);
  const containers = f.within === undefined ? [root] : resolve(root, f.within);
  for (const container of containers) {
    const found = resolve(container, rest);
    if (f.mandatory && !found.some((at) => hasContent(at.node))) {
      throw new RejectionError(
        RejectionCodes.FIELD_MISSING,
        `mandatory field ${rest.replace(/\//g, '.')} is missing`,
        joinPath(container.path, rest),
      );
    }
    for (const at of found) {
      if (f.maxLength !== null) checkLength(at, f.maxLength);
      if (f.codeList !== null) checkCodes(f, at);
    }
  }
}

function relativePath(f: FieldDef): string {
  if (f.within === undefined) return f.path;
  if (!f.path.startsWith(`${f.within}/`)) throw new Error(`field definition ${f.path}: not within ${f.within}`);
  return f.path.slice(f.within.length + 1);
}

function joinPath(base: string, rest: string): string {
  const dotted = rest.replace(/\//g, '.');
  return base === '' ? dotted : `${base}.${dotted}`;
}

function checkLength(at: At, max: number): void {
  const nodes = Array.isArray(at.node) ? at.node : [at.node];
  for (const node of nodes) {
    // Mixed content (`<street>x<b/>yyy</street>`) arrives as {#text}; readers look through it, so must the check.
    const t = typeof node === 'string' || (typeof node === 'object' && node !== null) ? textOf(node) : null;
    if (t !== null && [...t].length > max) {
      throw new RejectionError(
        RejectionCodes.FIELD_TOO_LONG,
        `field longer than ${max} characters (${[...t].length})`,
        at.path,
      );
    }
  }
}

function checkCodes(f: FieldDef, at: At): void {
  for (const value of codesOf(at.node)) {
    switch (f.codeList) {
      case 'yesNo':
        yesNoValue(value, at.path);
        break;
      case 'articleCode':
        articleCode(value, at.path);
        break;
      case 'a009Article':
        a009Article(value, at.path);
        break;
      case 'country':
      case 'nationality':
      case 'countryHistoric':
      case null:
        // checked by the reader (normaliseCountry), which also records EL/UK originals
        break;
      default: {
        const table = CODE_LISTS[f.codeList];
        if (table !== undefined && !Object.prototype.hasOwnProperty.call(table, value)) {
          const v = value.length > 20 ? `${value.slice(0, 20)}…` : value;
          throw new RejectionError(RejectionCodes.CODE_UNKNOWN, `unknown ${f.codeList} code "${v}"`, at.path);
        }
      }
    }
  }
}
