/**
 * EESSI XML -> intermediate tree. Security first: DTDs and entity declarations are refused
 * before any parsing; only the five predefined XML entities and numeric character references
 * are decoded; nesting is capped; every text stays a string (ids keep their leading zeros).
 * The reading itself, one pass that checks well-formedness and builds the tree, is xml-tree.ts.
 */
import { RejectionCodes, RejectionError } from '../../errors.js';
import { MAX_DEPTH, newObject } from './tree.js';
import type { EessiTree } from './tree.js';
import { readXmlTree } from './xml-tree.js';

export { decodeXmlEntities } from './xml-tree.js';

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

/**
 * Refused outright, before reading: any document type or entity declaration (XXE, billion laughs),
 * and characters XML 1.0 does not allow (C0 controls other than tab/LF/CR, U+FFFE, U+FFFF,
 * unpaired surrogates). The reader does not check characters, and U+0000 would only fail later,
 * in PostgreSQL. Two scans without the `u` flag (a third of the cost of one `\p{Cs}` scan):
 * `<!` markup is rare, and a surrogate is looked at only when one is found.
 */
const DECLARATION_RE = /<!\s*(?:DOCTYPE|ENTITY)/iy;
const SUSPECT_CHAR_RE = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]/g;

/** The first DOCTYPE/ENTITY declaration or forbidden character, as the refusal it earns, or null. */
function forbiddenContent(text: string): RejectionError | null {
  let declaration = -1;
  for (let at = text.indexOf('<!'); at !== -1; at = text.indexOf('<!', at + 2)) {
    DECLARATION_RE.lastIndex = at;
    if (DECLARATION_RE.test(text)) {
      declaration = at;
      break;
    }
  }
  const character = forbiddenCharacter(text, declaration === -1 ? text.length : declaration);
  if (character !== -1) return characterError(text.codePointAt(character) ?? 0);
  if (declaration !== -1) return new RejectionError(RejectionCodes.XML_DTD_FORBIDDEN, 'DOCTYPE and ENTITY declarations are not accepted');
  return null;
}

/** Index of the first forbidden character before `end`, or -1. A surrogate pair is allowed. */
function forbiddenCharacter(text: string, end: number): number {
  SUSPECT_CHAR_RE.lastIndex = 0;
  for (let m = SUSPECT_CHAR_RE.exec(text); m !== null && m.index < end; m = SUSPECT_CHAR_RE.exec(text)) {
    const c = text.charCodeAt(m.index);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(m.index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        SUSPECT_CHAR_RE.lastIndex = m.index + 2;
        continue;
      }
    }
    return m.index;
  }
  return -1;
}

/**
 * Parse an EESSI SED in XML.
 * @throws RejectionError XML_DTD_FORBIDDEN, XML_MALFORMED, TOO_DEEP, XML_NAMESPACE_UNKNOWN, CHARACTER_INVALID.
 */
export function parseEessiXml(text: string): ParsedEessiXml {
  const forbidden = forbiddenContent(text);
  if (forbidden !== null) throw forbidden;
  const root = readXmlTree(text, MAX_DEPTH);

  const rootName = root.name;
  const colon = rootName.indexOf(':');
  const prefix = colon >= 0 ? rootName.slice(0, colon) : null;
  const localName = colon >= 0 ? rootName.slice(colon + 1) : rootName;
  const rootAttrs = root.attributes;
  const namespace = rootAttrs[prefix === null ? 'xmlns' : `xmlns:${prefix}`];

  if (namespace === undefined) {
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

  const out: EessiTree = typeof root.content === 'string' || Array.isArray(root.content) ? newObject() : root.content;
  for (const a of ROOT_ATTRIBUTES) {
    const v = rootAttrs[a];
    if (v !== undefined && v.trim() !== '') out[a] = v.trim();
  }
  // The XAdES signature is not content.
  delete out['Signature'];
  return { sedType: localName, cdmVersion: `${generation}.${minor}`, tree: out };
}

function characterError(cp: number): RejectionError {
  const name = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  // U+0000 and unpaired surrogates cannot be stored as text at all: the same code as in JSON.
  if (cp === 0 || (cp >= 0xd800 && cp <= 0xdfff)) {
    return new RejectionError(RejectionCodes.CHARACTER_INVALID, `character ${name} in the XML text`);
  }
  return new RejectionError(RejectionCodes.XML_MALFORMED, `character ${name} is not allowed in XML`);
}
