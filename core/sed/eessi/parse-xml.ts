/**
 * EESSI XML -> intermediate tree. Security first: DTDs and entity declarations are refused
 * before any parsing; only the five predefined XML entities and numeric character references
 * are decoded; nesting is capped; every text stays a string (ids keep their leading zeros).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { RejectionCodes, RejectionError } from '../../errors.js';
import { MAX_DEPTH, newObject } from './tree.js';
import type { EessiNode, EessiObject, EessiTree } from './tree.js';

export interface ParsedEessiXml {
  /** The root element's local name, equal to the SED type of the namespace. */
  sedType: string;
  /** `4.4` for `http://ec.europa.eu/eessi/ns/4_4/A009`. */
  cdmVersion: string | null;
  /** Content of the root element; the root attributes `sedGVer`, `sedVer`, `sedPackage` are kept as keys. */
  tree: EessiTree;
}

/** `http://ec.europa.eu/eessi/ns/<G>_<V>/<SED>`. */
const NAMESPACE_RE = /^http:\/\/ec\.europa\.eu\/eessi\/ns\/(\d+)_(\d+)\/([A-Z]{1,3}\d{3,4})$/;
const SUPPORTED_GENERATION = 4;

/** Root attributes copied into the tree (RINA JSON carries them as keys of the SED object). */
const ROOT_ATTRIBUTES = ['sedGVer', 'sedVer', 'sedPackage'] as const;

const ATTR = '@_';
const TEXT = '#text';

/**
 * Refused outright, found in the same single scan: any document type or entity declaration (XXE,
 * billion laughs), and characters XML 1.0 does not allow (C0 controls other than tab/LF/CR, U+FFFE,
 * U+FFFF, unpaired surrogates; with the `u` flag `\p{Cs}` matches only unpaired ones). The validator
 * does not check characters, and U+0000 would only fail later, in PostgreSQL.
 */
const FORBIDDEN_RE = /<!\s*(?:DOCTYPE|ENTITY)|[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|\p{Cs}/iu;

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY_RE = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|([A-Za-z_][\w.-]*));/g;

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** Decode the predefined entities and character references, in one pass (no re-expansion). */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY_RE, (_m, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) {
      const v = PREDEFINED[name];
      if (v === undefined) {
        throw new RejectionError(RejectionCodes.XML_MALFORMED, `undeclared entity "&${name.slice(0, 20)};"`);
      }
      return v;
    }
    const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
    if (!isXmlChar(cp)) {
      throw new RejectionError(RejectionCodes.XML_MALFORMED, `character reference to an illegal character (${cp})`);
    }
    return String.fromCodePoint(cp);
  });
}

/** fast-xml-parser's pluggable decoder: ours never learns new entities. */
const entityDecoder = {
  setExternalEntities: (): void => undefined,
  addInputEntities: (): void => {
    throw new RejectionError(RejectionCodes.XML_DTD_FORBIDDEN, 'entity declarations are not accepted');
  },
  reset: (): void => undefined,
  setXmlVersion: (): void => undefined,
  decode: decodeXmlEntities,
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTR,
  textNodeName: TEXT,
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  entityDecoder,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  cdataPropName: false,
  // A little above our own limit: the exact check (with its error code) is ours, below.
  maxNestedTags: MAX_DEPTH + 2,
});

/**
 * Parse an EESSI SED in XML.
 * @throws RejectionError XML_DTD_FORBIDDEN, XML_MALFORMED, TOO_DEEP, XML_NAMESPACE_UNKNOWN, FIELD_MISSING.
 */
export function parseEessiXml(text: string): ParsedEessiXml {
  const forbidden = FORBIDDEN_RE.exec(text);
  if (forbidden !== null) throw forbiddenError(forbidden[0]);
  // Parse first: it stops at the nesting limit at once, where the validator would walk the whole input.
  let parsed: unknown;
  let parseError: string | null = null;
  try {
    parsed = parser.parse(text);
  } catch (err) {
    if (err instanceof RejectionError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    if (/nested tags/i.test(msg)) {
      throw new RejectionError(RejectionCodes.TOO_DEEP, `nesting deeper than ${MAX_DEPTH} elements`);
    }
    parseError = msg;
  }
  // The parser is lenient; well-formedness is the validator's verdict.
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const e = valid.err;
    throw new RejectionError(RejectionCodes.XML_MALFORMED, `malformed XML at line ${e.line}: ${e.msg}`);
  }
  if (parseError !== null) {
    throw new RejectionError(RejectionCodes.XML_MALFORMED, `malformed XML: ${parseError.slice(0, 200)}`);
  }

  if (typeof parsed !== 'object' || parsed === null) {
    throw new RejectionError(RejectionCodes.FIELD_MISSING, 'no root element (SED type)');
  }
  const rootKeys = Object.keys(parsed);
  const rootName = rootKeys[0];
  if (rootName === undefined) throw new RejectionError(RejectionCodes.FIELD_MISSING, 'no root element (SED type)');
  const rootValue = (parsed as Record<string, unknown>)[rootName];
  if (rootKeys.length > 1 || Array.isArray(rootValue)) {
    throw new RejectionError(RejectionCodes.XML_MALFORMED, 'more than one root element');
  }

  const colon = rootName.indexOf(':');
  const prefix = colon >= 0 ? rootName.slice(0, colon) : null;
  const localName = colon >= 0 ? rootName.slice(colon + 1) : rootName;
  const rootAttrs = isRecord(rootValue) ? rootValue : {};
  const nsAttr = prefix === null ? `${ATTR}xmlns` : `${ATTR}xmlns:${prefix}`;
  const namespace = rootAttrs[nsAttr];

  if (typeof namespace !== 'string') {
    throw new RejectionError(
      RejectionCodes.XML_NAMESPACE_UNKNOWN,
      prefix === null ? `root element <${localName}> has no namespace` : `namespace prefix "${prefix}" is not declared`,
      localName,
    );
  }
  const m = NAMESPACE_RE.exec(namespace.trim());
  if (!m) {
    throw new RejectionError(RejectionCodes.XML_NAMESPACE_UNKNOWN, `not an EESSI SED namespace: "${namespace.slice(0, 100)}"`, localName);
  }
  const generation = Number(m[1]);
  const minor = Number(m[2]);
  const nsSed = m[3] ?? '';
  if (generation !== SUPPORTED_GENERATION) {
    throw new RejectionError(
      RejectionCodes.XML_NAMESPACE_UNKNOWN,
      `CDM version ${generation}.${minor} is not supported (4.0 to 4.x)`,
      localName,
    );
  }
  if (nsSed !== localName) {
    throw new RejectionError(
      RejectionCodes.XML_NAMESPACE_UNKNOWN,
      `root element <${localName.slice(0, 40)}> does not match the namespace's SED type ${nsSed}`,
      localName,
    );
  }

  const tree = convertElement(rootValue, localName, 1);
  const out: EessiTree = typeof tree === 'string' ? newObject() : Array.isArray(tree) ? newObject() : tree;
  for (const a of ROOT_ATTRIBUTES) {
    const v = rootAttrs[`${ATTR}${a}`];
    if (typeof v === 'string' && v.trim() !== '') out[a] = v.trim();
  }
  // The XAdES signature is not content.
  delete out['Signature'];
  return { sedType: localName, cdmVersion: `${generation}.${minor}`, tree: out };
}

function forbiddenError(found: string): RejectionError {
  if (found.startsWith('<')) {
    return new RejectionError(RejectionCodes.XML_DTD_FORBIDDEN, 'DOCTYPE and ENTITY declarations are not accepted');
  }
  const cp = found.codePointAt(0) ?? 0;
  const name = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  // U+0000 and unpaired surrogates cannot be stored as text at all: the same code as in JSON.
  if (cp === 0 || (cp >= 0xd800 && cp <= 0xdfff)) {
    return new RejectionError(RejectionCodes.CHARACTER_INVALID, `character ${name} in the XML text`);
  }
  return new RejectionError(RejectionCodes.XML_MALFORMED, `character ${name} is not allowed in XML`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function localNameOf(key: string): string {
  const colon = key.indexOf(':');
  return colon >= 0 ? key.slice(colon + 1) : key;
}

/**
 * fast-xml-parser output -> tree: attributes dropped, prefixes stripped (siblings that then share
 * a name are merged into one list, in document order per original name), text kept as strings.
 */
function convertElement(value: unknown, path: string, depth: number): EessiNode {
  if (depth > MAX_DEPTH) {
    throw new RejectionError(RejectionCodes.TOO_DEEP, `nesting deeper than ${MAX_DEPTH} elements`, path);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (!isRecord(value)) return '';

  const out = newObject();
  let text: string | null = null;
  let hasChildren = false;
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith(ATTR)) continue;
    if (key === TEXT) {
      text = typeof child === 'string' ? child : String(child);
      continue;
    }
    hasChildren = true;
    const name = localNameOf(key);
    const converted = Array.isArray(child)
      ? child.map((c, i) => convertElement(c, `${path}.${name}[${i}]`, depth + 1))
      : convertElement(child, `${path}.${name}`, depth + 1);
    const existing = out[name];
    if (existing === undefined) {
      out[name] = converted;
    } else {
      out[name] = [...(Array.isArray(existing) ? existing : [existing]), ...(Array.isArray(converted) ? converted : [converted])];
    }
  }
  if (!hasChildren) return text ?? '';
  return out as EessiObject;
}
