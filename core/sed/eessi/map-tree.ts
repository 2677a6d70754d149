/**
 * The one mapping from the English-named tree (EESSI XML or RINA JSON) to the canonical SedContent.
 * Checks first (mandatory fields, lengths, code lists from schemas/sed/), then one module per concern.
 */
import type { SedContent } from '../../model/canonical.js';
import { getSedDefinition } from '../../../schemas/sed/index.js';
import { readAddresses } from './addresses.js';
import { checkFields } from './checks.js';
import type { MapContext } from './coded.js';
import { readDecision } from './decision.js';
import { readEmployers } from './employers.js';
import { readPerson } from './person.js';
import { readRequest } from './request.js';
import { readTarget } from './target.js';
import type { At, EessiTree } from './tree.js';
import { readWorkplaces } from './workplaces.js';

export interface EessiDocument {
  sedType: string;
  cdmVersion: string | null;
  tree: EessiTree;
  sourceFormat: 'xml' | 'rina-json';
}

/**
 * Map a parsed SED to the canonical content.
 * @throws RejectionError FIELD_MISSING, FIELD_TOO_LONG, CODE_UNKNOWN, DATE_INVALID.
 */
export function mapEessiTree(doc: EessiDocument): SedContent {
  const def = getSedDefinition(doc.sedType);
  const root: At = { node: doc.tree, path: doc.sedType };
  checkFields(def, root);

  const ctx: MapContext = { sedType: doc.sedType, originals: {} };
  const person = readPerson(ctx, def, root);
  const addresses = readAddresses(ctx, root, def.addressesPath);
  const employers = readEmployers(ctx, root, def.employers);
  const workplaces = readWorkplaces(ctx, root, def.placeWorkPath);
  const decision = readDecision(ctx, def.decision, root);
  const request = def.request ? readRequest(ctx, root) : null;

  return {
    sedType: doc.sedType,
    cdmVersion: doc.cdmVersion,
    sourceFormat: doc.sourceFormat,
    person,
    addresses,
    employers,
    workplaces,
    decision,
    request,
    target: readTarget(root),
    originals: ctx.originals,
  };
}
