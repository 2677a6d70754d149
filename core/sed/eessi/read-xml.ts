/** EESSI XML -> canonical SED content (pure, no I/O). */
import type { SedContent } from '../../model/canonical.js';
import { mapEessiTree } from './map-tree.js';
import { parseEessiXml } from './parse-xml.js';

/**
 * Read an EESSI SED in XML (CDM 4.0 to 4.x).
 * @throws RejectionError XML_DTD_FORBIDDEN, XML_MALFORMED, TOO_DEEP, XML_NAMESPACE_UNKNOWN,
 *   FIELD_MISSING, FIELD_TOO_LONG, CODE_UNKNOWN, DATE_INVALID.
 */
export function readEessiXml(text: string): SedContent {
  const parsed = parseEessiXml(text);
  return mapEessiTree({ ...parsed, sourceFormat: 'xml' });
}
