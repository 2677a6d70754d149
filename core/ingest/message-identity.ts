/**
 * The identity of a message: SHA-256 over its envelope headers (sorted) and its bytes.
 * The same document re-delivered by Kafka, replayed from a file or retried has the same
 * identity, so storing it again changes nothing. Transport headers (tracing, retries) are
 * not part of it.
 */
import { createHash } from 'node:crypto';

export const ENVELOPE_HEADERS = [
  'rinaSakId', 'rinaDokumentId', 'rinaDokumentVersjon', 'sedType', 'bucType', 'avsenderId', 'mottakerId',
] as const;

export function messageHash(headers: Readonly<Record<string, string>>, body: Uint8Array): Buffer {
  const h = createHash('sha256');
  for (const name of ENVELOPE_HEADERS) {
    const v = headers[name];
    if (v !== undefined) h.update(`${name}=${v}\n`);
  }
  h.update('\n');
  h.update(body);
  return h.digest();
}

/** A stable 32-hex document id derived from the content, for documents whose envelope has none. */
export function derivedDocumentId(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 32);
}
