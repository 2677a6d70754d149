/**
 * The intermediate tree both English-named shapes (EESSI XML, RINA JSON) are read into:
 * element names as keys, text as strings, repeated elements as lists. Attributes,
 * namespace prefixes and the XAdES signature are gone. Coded values keep their
 * `value` wrapper (`{value: "02"}` from XML, `{value: ["02"]}` from RINA); the
 * accessors below read both.
 */
import { RejectionCodes, RejectionError } from '../../errors.js';

export type EessiNode = string | EessiNode[] | EessiObject;
export interface EessiObject {
  [key: string]: EessiNode;
}
/** The content of the SED root element / the object under the SED type key. */
export type EessiTree = EessiObject;

/** Nesting allowed in a document (elements, or JSON objects and arrays). */
export const MAX_DEPTH = 64;

/** Keys that must never become object properties. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function newObject(): EessiObject {
  return Object.create(null) as EessiObject;
}

export function isObject(node: EessiNode | undefined): node is EessiObject {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

/** A node as a list (a single node is a list of one; absent is empty). */
export function asList(node: EessiNode | undefined): EessiNode[] {
  if (node === undefined) return [];
  return Array.isArray(node) ? node : [node];
}

/** A located node: the node and its path for error messages (`A009.Person.PersonIdentification`). */
export interface At {
  readonly node: EessiNode;
  readonly path: string;
}

function childPath(base: string, key: string, index: number | null): string {
  const p = base === '' ? key : `${base}.${key}`;
  return index === null ? p : `${p}[${index}]`;
}

/** Matches one path segment: a name, `A|B` / `(A|B)` alternatives, or a `Prefix*` wildcard. */
function segmentKeys(obj: EessiObject, segment: string): string[] {
  const alternatives = segment.replace(/^\((.*)\)$/, '$1').split('|');
  const keys: string[] = [];
  for (const alt of alternatives) {
    if (alt.endsWith('*')) {
      const prefix = alt.slice(0, -1);
      for (const k of Object.keys(obj)) if (k.startsWith(prefix) && !keys.includes(k)) keys.push(k);
    } else if (Object.prototype.hasOwnProperty.call(obj, alt) && !keys.includes(alt)) {
      keys.push(alt);
    }
  }
  return keys;
}

/**
 * Every node reached by `path` (segments separated by `/`) from `from`, lists expanded at each step.
 * An empty path gives `from` itself (expanded when it is a list).
 */
export function resolve(from: At, path: string): At[] {
  let current: At[] = expand(from);
  if (path === '' || path === '.') return current;
  for (const segment of path.split('/')) {
    const next: At[] = [];
    for (const at of current) {
      if (!isObject(at.node)) continue;
      for (const key of segmentKeys(at.node, segment)) {
        const child = at.node[key];
        if (child === undefined) continue;
        if (Array.isArray(child)) child.forEach((c, i) => next.push(...expand({ node: c, path: childPath(at.path, key, i) })));
        else next.push({ node: child, path: childPath(at.path, key, null) });
      }
    }
    current = next;
  }
  return current;
}

function expand(at: At): At[] {
  if (!Array.isArray(at.node)) return [at];
  return at.node.map((node, i) => ({ node, path: `${at.path}[${i}]` }));
}

/** The first node reached by one of `paths`, or undefined. */
export function first(from: At, ...paths: string[]): At | undefined {
  for (const p of paths) {
    const found = resolve(from, p);
    if (found.length > 0) return found[0];
  }
  return undefined;
}

/** Does the node hold anything (a non-empty string, or an object/list with such a string below)? */
export function hasContent(node: EessiNode | undefined): boolean {
  if (node === undefined) return false;
  if (typeof node === 'string') return node.trim() !== '';
  if (Array.isArray(node)) return node.some(hasContent);
  return Object.values(node).some(hasContent);
}

/**
 * The text of a leaf: trimmed, empty gives null. A `value` wrapper or an XML `#text` is looked through,
 * so a producer that wraps a free-text field still reads. A list gives its first text.
 */
export function textOf(node: EessiNode | undefined): string | null {
  if (node === undefined) return null;
  if (typeof node === 'string') {
    const t = node.trim();
    return t === '' ? null : t;
  }
  if (Array.isArray(node)) {
    for (const n of node) {
      const t = textOf(n);
      if (t !== null) return t;
    }
    return null;
  }
  if ('value' in node) return textOf(node['value']);
  if ('#text' in node) return textOf(node['#text']);
  return null;
}

/** All codes of a coded element (`{value: [..]}` / `<x><value>..</value><value>..</value></x>`), empties dropped. */
export function codesOf(node: EessiNode | undefined): string[] {
  if (node === undefined) return [];
  if (typeof node === 'string') {
    const t = node.trim();
    return t === '' ? [] : [t];
  }
  if (Array.isArray(node)) return node.flatMap(codesOf);
  if ('value' in node) return codesOf(node['value']);
  if ('#text' in node) return codesOf(node['#text']);
  return [];
}

/** The text at `path` below `from`, or null. */
export function text(from: At, path: string): string | null {
  for (const at of resolve(from, path)) {
    const t = textOf(at.node);
    if (t !== null) return t;
  }
  return null;
}

/** The first code at `path` below `from`, with the path of the element, or null. */
export function code(from: At, path: string): { value: string; path: string } | null {
  for (const at of resolve(from, path)) {
    const c = codesOf(at.node)[0];
    if (c !== undefined) return { value: c, path: at.path };
  }
  return null;
}

/** Every code at `path` below `from`, each with its path (`...nationality[1]` for the second value). */
export function codes(from: At, path: string): Array<{ value: string; path: string }> {
  const out: Array<{ value: string; path: string }> = [];
  for (const at of resolve(from, path)) {
    const values = codesOf(at.node);
    values.forEach((value, i) => out.push({ value, path: values.length > 1 ? `${at.path}[${i}]` : at.path }));
  }
  return out;
}

/**
 * Turn a JSON value (RINA JSON) into a tree: numbers and booleans become strings, null is absent.
 * @throws RejectionError TOO_DEEP beyond MAX_DEPTH levels, JSON_FORBIDDEN_KEY for `__proto__` & co.
 */
export function jsonToTree(value: unknown, path: string, depth = 1): EessiNode | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (depth > MAX_DEPTH) {
    throw new RejectionError(RejectionCodes.TOO_DEEP, `nesting deeper than ${MAX_DEPTH} levels`, path);
  }
  if (Array.isArray(value)) {
    const out: EessiNode[] = [];
    value.forEach((v, i) => {
      const n = jsonToTree(v, `${path}[${i}]`, depth + 1);
      if (n !== undefined) out.push(n);
    });
    return out;
  }
  if (typeof value === 'object') {
    const out = newObject();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (FORBIDDEN_KEYS.has(k)) {
        throw new RejectionError(RejectionCodes.JSON_FORBIDDEN_KEY, `forbidden key "${k}"`, `${path}.${k}`);
      }
      const n = jsonToTree(v, `${path}.${k}`, depth + 1);
      if (n !== undefined) out[k] = n;
    }
    return out;
  }
  return undefined;
}
