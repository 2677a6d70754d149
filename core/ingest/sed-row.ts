/** From a read SED and its envelope to the row the storage keeps (CONTRACTS.md: the document wins). */
import type { SedContent } from '../model/canonical.js';
import type { SedEnvelope } from '../model/envelope.js';
import type { SedRow } from './types.js';
import { inferBucType, isSupportedSedType } from '../sed/buc.js';
import { derivedDocumentId } from './message-identity.js';

export function toSedRow(envelope: Partial<SedEnvelope>, content: SedContent, body: Uint8Array, notes: string[]): SedRow {
  const rowNotes = [...notes];
  let documentId = envelope.rinaDokumentId ?? null;
  const derived = documentId === null;
  if (documentId === null) {
    documentId = derivedDocumentId(body);
    rowNotes.push('document id derived from the content (sha-256), the envelope had none');
  }
  const sedType = content.sedType;
  let bucType = envelope.bucType ?? null;
  if (bucType === null) {
    bucType = inferBucType(sedType);
    if (bucType !== null) rowNotes.push(`BUC type inferred from the SED type (${bucType})`);
  }
  return {
    documentId,
    version: envelope.rinaDokumentVersjon ?? 1,
    documentIdDerived: derived,
    caseId: envelope.rinaSakId ?? null,
    sedType,
    bucType,
    cdmVersion: content.cdmVersion,
    sourceFormat: content.sourceFormat,
    senderInstitution: envelope.sender?.institutionId ?? envelope.avsenderId ?? null,
    senderCountry: envelope.sender?.country ?? null,
    receiverInstitution: envelope.receiver?.institutionId ?? envelope.mottakerId ?? null,
    receiverCountry: envelope.receiver?.country ?? null,
    supported: isSupportedSedType(sedType),
    content,
    notes: rowNotes,
  };
}
