/**
 * EESSI XML writer: root element = SED type in namespace `http://ec.europa.eu/eessi/ns/4_4/<SED>` (prefixed, since
 * the schemas are `elementFormDefault="unqualified"`: only the root is qualified), attributes `sedGVer`, `sedVer`,
 * `sedPackage`; element names and nesting from the EESSI tree (./eessi-tree.ts); codes in `<value>`; countries
 * spelled the EESSI way (EL, UK); text escaped.
 */
import { eessiTree, SED_PACKAGE, type EessiNode, type EessiNodeObject } from './eessi-tree.js';
import type { SynthSed } from './model.js';

export interface XmlWriteOptions {
  /** Indent with two spaces per level (default true); false writes everything on one line. */
  pretty?: boolean;
  /** Namespace prefix of the root element (default `ns2`). */
  prefix?: string;
  /** Write the `<?xml ...?>` declaration (default true). */
  declaration?: boolean;
  /** CDM version in the namespace and attributes (default `4.4`). */
  cdmVersion?: string;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escape text for XML content or attribute values. */
export function escapeXml(s: string): string {
  return /[&<>"']/.test(s) ? s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c) : s;
}

export function eessiNamespace(sedType: string, cdmVersion = '4.4'): string {
  return `http://ec.europa.eu/eessi/ns/${cdmVersion.replace('.', '_')}/${sedType}`;
}

function isCode(n: EessiNode): n is { value: string[] } {
  return typeof n === 'object' && !Array.isArray(n) && Array.isArray((n as { value?: unknown }).value);
}

const INDENT: string[] = Array.from({ length: 16 }, (_, i) => '\n' + '  '.repeat(i));

function writeNode(name: string, node: EessiNode, depth: number, pretty: boolean): string {
  const ind = pretty ? (INDENT[depth] ?? '\n' + '  '.repeat(depth)) : '';
  if (typeof node === 'string') return `${ind}<${name}>${escapeXml(node)}</${name}>`;
  if (Array.isArray(node)) {
    let s = '';
    for (const item of node) s += writeNode(name, item, depth, pretty);
    return s;
  }
  if (isCode(node)) {
    const inner = pretty ? (INDENT[depth + 1] ?? '\n' + '  '.repeat(depth + 1)) : '';
    let s = `${ind}<${name}>`;
    for (const v of node.value) s += `${inner}<value>${escapeXml(v)}</value>`;
    return s + `${ind}</${name}>`;
  }
  return `${ind}<${name}>${writeChildren(node, depth + 1, pretty)}${ind}</${name}>`;
}

function writeChildren(node: EessiNodeObject, depth: number, pretty: boolean): string {
  let s = '';
  for (const key in node) {
    const child = node[key];
    if (child !== undefined) s += writeNode(key, child, depth, pretty);
  }
  return s;
}

/** The SED as an EESSI XML document. */
export function writeXml(sed: SynthSed, opts: XmlWriteOptions = {}): string {
  const pretty = opts.pretty ?? true;
  const prefix = opts.prefix ?? 'ns2';
  const cdm = opts.cdmVersion ?? '4.4';
  const [g, v] = cdm.split('.');
  const root = prefix ? `${prefix}:${sed.sedType}` : sed.sedType;
  const xmlns = prefix ? `xmlns:${prefix}` : 'xmlns';
  const decl = (opts.declaration ?? true) ? '<?xml version="1.0" encoding="UTF-8"?>' + (pretty ? '\n' : '') : '';
  return (
    decl +
    `<${root} ${xmlns}="${eessiNamespace(sed.sedType, cdm)}" sedGVer="${g ?? '4'}" sedVer="${v ?? '4'}" sedPackage="${escapeXml(SED_PACKAGE[sed.sedType] ?? '')}">` +
    writeChildren(eessiTree(sed), 1, pretty) +
    (pretty ? `\n</${root}>\n` : `</${root}>`)
  );
}
