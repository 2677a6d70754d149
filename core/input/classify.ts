/**
 * One message body (+ its Kafka headers) → a typed, validated message, or a RejectionError.
 * Pure: no I/O, no Kafka types. Steps: decode (size, encoding) → detect the shape (strict
 * JSON) → the matching reader (EESSI XML, RINA JSON, NAV JSON, declaration, certificate).
 *
 * SED envelope: for a raw document it comes from the Kafka headers; for a SED event from its
 * `sedHendelse`, with headers filling fields `sedHendelse` lacks (`sedHendelse` wins a
 * disagreement, noted). The document's SED type always wins over the envelope's (noted
 * when they differ). A missing document version stays absent: storage decides (derives an id
 * / assumes version 1) and says so.
 */
import type { SedContent } from '../model/canonical.js';
import type { CertificateEvent } from '../model/certificate.js';
import type { PostingDeclaration } from '../model/declaration.js';
import type { SedEnvelope } from '../model/envelope.js';
import { readCertificate } from '../certificate/read-certificate.js';
import { readDeclaration } from '../declaration/read-declaration.js';
import { readEessiXml } from '../sed/eessi/read-xml.js';
import { readRinaJson } from '../sed/eessi/read-rina.js';
import { readNavJson } from '../sed/nav/read-nav.js';
import { decodeBytes } from './decode.js';
import type { DetectedShape, SedDocumentShape } from './detect.js';
import { detectShape } from './detect.js';
import { deriveInstitutions, mergeEnvelopes, readEnvelopeFields } from './envelope.js';

export type ClassifiedMessage =
  | {
      kind: 'sed';
      envelope: Partial<SedEnvelope>;
      content: SedContent;
      /** Envelope/document disagreements and envelope oddities worth keeping with the record. */
      notes: string[];
    }
  | { kind: 'declaration'; declaration: PostingDeclaration }
  | { kind: 'certificate'; certificate: CertificateEvent };

export interface InputLimits {
  /** Largest accepted body, in bytes. */
  maxBytes: number;
  /** Deepest accepted JSON nesting (top-level container = 1). */
  maxDepth: number;
}

/**
 * Classify and read one message.
 * @throws RejectionError with a stable code (see core/errors.ts); anything else is a bug.
 */
export function classifyMessage(
  bytes: Uint8Array,
  headers: Record<string, string>,
  limits: InputLimits,
): ClassifiedMessage {
  const text = decodeBytes(bytes, limits.maxBytes);
  return classifyText(text, headers, limits);
}

/** As `classifyMessage`, for text already decoded (and size-checked) by the caller. */
export function classifyText(
  text: string,
  headers: Record<string, string>,
  limits: Pick<InputLimits, 'maxDepth'>,
): ClassifiedMessage {
  return readDetected(detectShape(text, { maxDepth: limits.maxDepth }), headers);
}

/** Run the reader for a detected shape. */
export function readDetected(detected: DetectedShape, headers: Record<string, string>): ClassifiedMessage {
  switch (detected.shape) {
    case 'declaration':
      return { kind: 'declaration', declaration: readDeclaration(detected.doc) };
    case 'certificate':
      return { kind: 'certificate', certificate: readCertificate(detected.doc) };
    case 'sed-event': {
      const notes: string[] = [];
      const fromEvent = readEnvelopeFields(detected.sedHendelse, 'sedHendelse');
      const fromHeaders = readEnvelopeFields(headers, 'headers');
      const envelope = mergeEnvelopes(fromEvent, fromHeaders, { primary: 'sedHendelse', secondary: 'header' }, notes);
      return sedMessage(detected.sed, envelope, notes);
    }
    default:
      return sedMessage(detected, readEnvelopeFields(headers, 'headers'), []);
  }
}

function readSed(doc: SedDocumentShape): SedContent {
  switch (doc.shape) {
    case 'eessi-xml':
      return readEessiXml(doc.xml);
    case 'rina-json':
      return readRinaJson(doc.doc);
    case 'nav-json':
      return readNavJson(doc.doc);
  }
}

function sedMessage(doc: SedDocumentShape, envelope: Partial<SedEnvelope>, notes: string[]): ClassifiedMessage {
  const content = readSed(doc);
  const declared = envelope.sedType;
  if (declared !== undefined && declared !== content.sedType) {
    notes.push(`sedType: envelope says "${declared}", document says "${content.sedType}"; document used`);
  }
  const withType: Partial<SedEnvelope> = { ...envelope, sedType: content.sedType };
  return { kind: 'sed', envelope: deriveInstitutions(withType, notes), content, notes };
}
