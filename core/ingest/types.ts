/** What the ingest core hands to storage: transport-free descriptions of messages and their outcome. */
import type { SedContent } from '../model/canonical.js';
import type { RejectionCode } from '../errors.js';
import type { PostingDeclaration } from '../model/declaration.js';
import type { CertificateEvent } from '../model/certificate.js';

export type MessageSourceKind = 'kafka' | 'file' | 'api' | 'test';

/** A message as received, before parsing: the bytes and where they came from. */
export interface SourceMessage {
  source: MessageSourceKind;
  topic: string | null;
  partition: number | null;
  offset: string | null;
  key: string | null;
  headers: Record<string, string>;
  body: Buffer;
}

export interface SedRow {
  documentId: string;
  version: number;
  documentIdDerived: boolean;
  caseId: string | null;
  sedType: string;
  bucType: string | null;
  cdmVersion: string | null;
  sourceFormat: SedContent['sourceFormat'];
  senderInstitution: string | null;
  senderCountry: string | null;
  receiverInstitution: string | null;
  receiverCountry: string | null;
  supported: boolean;
  content: SedContent;
  /** Envelope/document disagreements worth keeping (e.g. header sedType A003, document A009). */
  notes: string[];
}

export interface Rejection {
  code: RejectionCode;
  message: string;
  path: string | null;
}

export type Outcome =
  | { type: 'sed'; sed: SedRow }
  | { type: 'declaration'; declaration: PostingDeclaration }
  | { type: 'certificate'; certificate: CertificateEvent }
  | { type: 'rejected'; rejection: Rejection };

export interface PreparedMessage {
  /** Identity of the message (envelope headers + body): re-deliveries share it. */
  hash: Buffer;
  kind: 'sed' | 'declaration' | 'certificate' | 'unknown';
  message: SourceMessage;
  outcome: Outcome;
}

export interface BatchSummary {
  received: number;
  /** Messages already stored earlier (same identity): nothing changed for them. */
  duplicates: number;
  stored: { sed: number; declaration: number; certificate: number };
  /** SED versions already present under another message (e.g. the XML twin of a JSON document). */
  versionDuplicates: number;
  unsupported: number;
  rejected: Record<string, number>;
}

export function emptySummary(): BatchSummary {
  return { received: 0, duplicates: 0, stored: { sed: 0, declaration: 0, certificate: 0 }, versionDuplicates: 0, unsupported: 0, rejected: {} };
}

export function addSummary(into: BatchSummary, add: BatchSummary): BatchSummary {
  into.received += add.received;
  into.duplicates += add.duplicates;
  into.stored.sed += add.stored.sed;
  into.stored.declaration += add.stored.declaration;
  into.stored.certificate += add.stored.certificate;
  into.versionDuplicates += add.versionDuplicates;
  into.unsupported += add.unsupported;
  for (const [k, v] of Object.entries(add.rejected)) into.rejected[k] = (into.rejected[k] ?? 0) + v;
  return into;
}
