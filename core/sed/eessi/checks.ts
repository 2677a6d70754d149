/**
 * The checks driven by the per-SED-type definitions (schemas/sed/): mandatory fields (FIELD_MISSING),
 * maximum lengths (FIELD_TOO_LONG) and finite code lists (CODE_UNKNOWN). Country codes, dates and
 * articles are checked where they are mapped.
 */
import { RejectionCodes, RejectionError } from '../../errors.js';
import { CODE_LISTS } from '../../../schemas/sed/index.js';
import type { FieldDef, SedDefinition } from '../../../schemas/sed/index.js';
import { a009Article, articleCode, yesNoValue } from './coded.js';
import { checkLength, codesOf, hasContent, resolve, textOf } from './tree.js';
import type { At } from './tree.js';

/** A field definition with its paths split once (per definition, not per document). */
interface CompiledField {
  readonly def: FieldDef;
  /** The container path, or undefined for the SED root. */
  readonly within: string | undefined;
  /** The field's path below its container. */
  readonly rest: string;
}

const compiled = new WeakMap<SedDefinition, readonly CompiledField[]>();

function compileFields(def: SedDefinition): readonly CompiledField[] {
  let fields = compiled.get(def);
  if (fields === undefined) {
    fields = def.fields
      .filter((f) => f.mandatory || f.maxLength !== null || f.codeList !== null) // the others check nothing
      .map((f) => ({ def: f, within: f.within, rest: relativePath(f) }));
    compiled.set(def, fields);
  }
  return fields;
}

/** Run every field check of `def` on the SED at `root`. The first failure is thrown, in the order of `def.fields`. */
export function checkFields(def: SedDefinition, root: At): void {
  // Many fields share a container (every PIN field is within the PIN entry): resolve each once.
  const containers = new Map<string, At[]>();
  const rootList = [root];
  for (const f of compileFields(def)) {
    let list = rootList;
    if (f.within !== undefined) {
      const known = containers.get(f.within);
      if (known === undefined) {
        list = resolve(root, f.within);
        containers.set(f.within, list);
      } else {
        list = known;
      }
    }
    checkIn(f.def, f.rest, list);
  }
}

export function checkField(f: FieldDef, root: At): void {
  checkIn(f, relativePath(f), f.within === undefined ? [root] : resolve(root, f.within));
}

function checkIn(f: FieldDef, rest: string, containers: readonly At[]): void {
  for (const container of containers) {
    const found = resolve(container, rest);
    if (f.mandatory && !found.some((at) => hasContent(at.node))) {
      throw new RejectionError(
        RejectionCodes.FIELD_MISSING,
        `mandatory field ${rest.replace(/\//g, '.')} is missing`,
        joinPath(container.path, rest),
      );
    }
    if (f.maxLength === null && f.codeList === null) continue;
    for (const at of found) {
      if (f.maxLength !== null) checkLengths(at, f.maxLength);
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

function checkLengths(at: At, max: number): void {
  const node = at.node;
  if (!Array.isArray(node)) {
    // Mixed content (`<street>x<b/>yyy</street>`) arrives as {#text}; readers look through it, so must the check.
    const t = textOf(node);
    if (t !== null) checkLength(t, max, at);
    return;
  }
  for (const n of node) {
    const t = textOf(n);
    if (t !== null) checkLength(t, max, at);
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
