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

/**
 * A node reached by `resolve`. Its path is only needed for an error or an `originals` key, so it
 * is built on first use from the parent's (a document reads hundreds of nodes and names few).
 */
class Reached implements At {
  private built: string | undefined = undefined;
  constructor(
    readonly node: EessiNode,
    private readonly parent: At,
    /** The element name, or null for an item of a list reached through the list. */
    private readonly key: string | null,
    /** Position in its list, -1 for a single node. */
    private readonly index: number,
  ) {}

  get path(): string {
    if (this.built === undefined) {
      const base = this.parent.path;
      let p = this.key === null ? base : base === '' ? this.key : `${base}.${this.key}`;
      if (this.index >= 0) p = `${p}[${this.index}]`;
      this.built = p;
    }
    return this.built;
  }
}

/**
 * One compiled path segment: a name, `A|B` / `(A|B)` alternatives, or a `Prefix*` wildcard.
 * `name` is set for the common plain name, so a lookup is one property read.
 */
interface Segment {
  readonly name: string | null;
  /** The alternatives in order; `prefix` for `Prefix*`. */
  readonly alternatives: ReadonlyArray<{ readonly text: string; readonly prefix: boolean }>;
}

/** Paths come from the definitions and the readers (a few hundred constants): compiled once each. */
const compiledPaths = new Map<string, readonly Segment[]>();

function compilePath(path: string): readonly Segment[] {
  let segments = compiledPaths.get(path);
  if (segments === undefined) {
    segments = path === '' || path === '.' ? [] : path.split('/').map(compileSegment);
    compiledPaths.set(path, segments);
  }
  return segments;
}

function compileSegment(segment: string): Segment {
  const alternatives = segment
    .replace(/^\((.*)\)$/, '$1')
    .split('|')
    .map((alt) => (alt.endsWith('*') ? { text: alt.slice(0, -1), prefix: true } : { text: alt, prefix: false }));
  const only = alternatives.length === 1 ? alternatives[0] : undefined;
  return { name: only !== undefined && !only.prefix ? only.text : null, alternatives };
}

const hasOwn = Object.prototype.hasOwnProperty;

/** The keys of `obj` a segment with alternatives or wildcards matches, in the order of the alternatives. */
function segmentKeys(obj: EessiObject, segment: Segment): string[] {
  const keys: string[] = [];
  for (const alt of segment.alternatives) {
    if (alt.prefix) {
      for (const k of Object.keys(obj)) if (k.startsWith(alt.text) && !keys.includes(k)) keys.push(k);
    } else if (hasOwn.call(obj, alt.text) && !keys.includes(alt.text)) {
      keys.push(alt.text);
    }
  }
  return keys;
}

/**
 * Every node reached by `path` (segments separated by `/`) from `from`, lists expanded at each step.
 * An empty path gives `from` itself (expanded when it is a list).
 */
export function resolve(from: At, path: string): At[] {
  const segments = compilePath(path);
  const out: At[] = [];
  const node = from.node;
  // `from` is expanded one level; a list reached on the way two (a list item that is itself a list).
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) walk(new Reached(node[i] as EessiNode, from, null, i), segments, 0, out);
  } else {
    walk(from, segments, 0, out);
  }
  return out;
}

/** Depth first, which yields the nodes in the same order as expanding the whole level at each step. */
function walk(at: At, segments: readonly Segment[], i: number, out: At[]): void {
  if (i === segments.length) {
    out.push(at);
    return;
  }
  const node = at.node;
  if (!isObject(node)) return;
  const segment = segments[i] as Segment;
  if (segment.name !== null) {
    if (hasOwn.call(node, segment.name)) step(at, segment.name, node[segment.name], segments, i + 1, out);
    return;
  }
  for (const key of segmentKeys(node, segment)) step(at, key, node[key], segments, i + 1, out);
}

function step(at: At, key: string, child: EessiNode | undefined, segments: readonly Segment[], next: number, out: At[]): void {
  if (child === undefined) return;
  if (!Array.isArray(child)) {
    walk(new Reached(child, at, key, -1), segments, next, out);
    return;
  }
  for (let k = 0; k < child.length; k++) {
    const item = new Reached(child[k] as EessiNode, at, key, k);
    const inner = item.node;
    if (Array.isArray(inner)) {
      for (let j = 0; j < inner.length; j++) walk(new Reached(inner[j] as EessiNode, item, null, j), segments, next, out);
    } else {
      walk(item, segments, next, out);
    }
  }
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
  if (Array.isArray(node)) {
    for (const n of node) if (hasContent(n)) return true;
    return false;
  }
  // for-in allocates nothing; the own-property test keeps it to the node's own values, as Object.values did.
  for (const k in node) if (hasOwn.call(node, k) && hasContent(node[k])) return true;
  return false;
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

/** The first code of a coded element, as `codesOf(node)[0]` without building the list. */
export function firstCodeOf(node: EessiNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (typeof node === 'string') {
    const t = node.trim();
    return t === '' ? undefined : t;
  }
  if (Array.isArray(node)) {
    for (const n of node) {
      const c = firstCodeOf(n);
      if (c !== undefined) return c;
    }
    return undefined;
  }
  if ('value' in node) return firstCodeOf(node['value']);
  if ('#text' in node) return firstCodeOf(node['#text']);
  return undefined;
}

/** The text at `path` below `from`, or null. */
export function text(from: At, path: string): string | null {
  return textAt(from, path)?.value ?? null;
}

/** The text at `path` below `from` and the node it was read from, or null. */
export function textAt(from: At, path: string): { value: string; at: At } | null {
  for (const at of resolve(from, path)) {
    const t = textOf(at.node);
    if (t !== null) return { value: t, at };
  }
  return null;
}

/** A code and where it was read; the path is built only when asked for. */
class LocatedCode {
  constructor(
    readonly value: string,
    private readonly at: At,
  ) {}

  get path(): string {
    return this.at.path;
  }
}

/** The first code at `path` below `from`, with the path of the element, or null. */
export function code(from: At, path: string): { value: string; path: string } | null {
  for (const at of resolve(from, path)) {
    const c = firstCodeOf(at.node);
    if (c !== undefined) return new LocatedCode(c, at);
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
 * The one length check of the English shapes (FIELD_TOO_LONG): the XSD limits of the definitions
 * (checks.ts) and the bound on every text a reader takes (coded.ts `str`). Characters are code
 * points, as the XSD counts them; they are counted only when the UTF-16 length is over the limit.
 */
export function checkLength(text: string, max: number, at: At): void {
  if (text.length <= max) return;
  const n = codePoints(text);
  if (n > max) throw new RejectionError(RejectionCodes.FIELD_TOO_LONG, `field longer than ${max} characters (${n})`, at.path);
}

function codePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * Turn a JSON value (RINA JSON) into a tree: numbers and booleans become strings, null is absent.
 * @throws RejectionError TOO_DEEP beyond MAX_DEPTH levels, JSON_FORBIDDEN_KEY for `__proto__` & co.
 */
export function jsonToTree(value: unknown, path: string, depth = 1): EessiNode | undefined {
  return toTree(value, depth, [path]);
}

/** `trail` holds the keys and indexes down to `value`; joined into a path only for an error. */
function toTree(value: unknown, depth: number, trail: Array<string | number>): EessiNode | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (depth > MAX_DEPTH) {
    throw new RejectionError(RejectionCodes.TOO_DEEP, `nesting deeper than ${MAX_DEPTH} levels`, trailPath(trail));
  }
  if (Array.isArray(value)) {
    const out: EessiNode[] = [];
    for (let i = 0; i < value.length; i++) {
      trail.push(i);
      const n = toTree(value[i], depth + 1, trail);
      trail.pop();
      if (n !== undefined) out.push(n);
    }
    return out;
  }
  if (typeof value === 'object') {
    const out = newObject();
    const obj = value as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      if (FORBIDDEN_KEYS.has(k)) {
        throw new RejectionError(RejectionCodes.JSON_FORBIDDEN_KEY, `forbidden key "${k}"`, `${trailPath(trail)}.${k}`);
      }
      trail.push(k);
      const n = toTree(obj[k], depth + 1, trail);
      trail.pop();
      if (n !== undefined) out[k] = n;
    }
    return out;
  }
  return undefined;
}

function trailPath(trail: ReadonlyArray<string | number>): string {
  let p = String(trail[0] ?? '');
  for (let i = 1; i < trail.length; i++) {
    const t = trail[i];
    p = typeof t === 'number' ? `${p}[${t}]` : `${p}.${t}`;
  }
  return p;
}
