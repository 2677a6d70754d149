/** Readers for the two English-named SED shapes: EESSI XML and RINA JSON. */
export { parseEessiXml, decodeXmlEntities } from './parse-xml.js';
export type { ParsedEessiXml } from './parse-xml.js';
export { readEessiXml } from './read-xml.js';
export { readRinaJson, parseRinaJson, cdmVersionOf, SED_TYPE_RE } from './read-rina.js';
export type { ParsedRinaJson } from './read-rina.js';
export { mapEessiTree } from './map-tree.js';
export type { EessiDocument } from './map-tree.js';
export type { EessiTree, EessiNode, EessiObject } from './tree.js';
export { MAX_DEPTH } from './tree.js';
