/**
 * X008 (invalidate a SED) and similar: the SED they act on, when the document names it.
 * Element names from the NAV <-> RINA X008 table (`TheFollowingSEDConsideredInvalidWithdrawn/SEDType`);
 * the document id element is not confirmed, so a few likely names are tried.
 */
import type { SedTarget } from '../../model/canonical.js';
import { text } from './tree.js';
import type { At } from './tree.js';

const TARGET_BLOCKS = 'TheFollowingSEDConsideredInvalidWithdrawn';
const DOCUMENT_ID = '(SEDId|sedId|SEDID|documentId|DocumentId|sedDocumentId)';

export function readTarget(root: At): SedTarget | null {
  const sedType = text(root, `${TARGET_BLOCKS}/SEDType`);
  const documentId = text(root, `${TARGET_BLOCKS}/${DOCUMENT_ID}`);
  if (sedType === null && documentId === null) return null;
  return { documentId, sedType };
}
