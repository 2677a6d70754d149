/**
 * Bytes → text. Every input (Kafka value, file, archive member) passes here first.
 *
 * Only UTF-8 is accepted (US-ASCII being a subset). A UTF-8 byte-order mark is
 * stripped; a UTF-16/UTF-32 byte-order mark, NUL bytes at the start (UTF-16/32
 * without a mark), invalid UTF-8 sequences, or an XML declaration naming another
 * encoding are refused with ENCODING_INVALID. The size limit is checked on the
 * raw bytes, before any decoding work.
 */
import { RejectionCodes, RejectionError } from '../errors.js';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Encoding names an XML declaration may carry (compared case-insensitively). */
const ACCEPTED_XML_ENCODINGS = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);

const XML_DECL_RE = /^<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([^"']*)\1/;

/**
 * Decode a message body.
 * @param maxBytes inclusive limit on the raw body size.
 * @throws RejectionError EMPTY, TOO_LARGE, ENCODING_INVALID
 */
export function decodeBytes(bytes: Uint8Array, maxBytes: number): string {
  const n = bytes.byteLength;
  if (n === 0) throw new RejectionError(RejectionCodes.EMPTY, 'empty message body');
  if (n > maxBytes) {
    throw new RejectionError(RejectionCodes.TOO_LARGE, `message body of ${n} bytes exceeds the limit of ${maxBytes}`);
  }
  const b0 = bytes[0];
  const b1 = n > 1 ? bytes[1] : undefined;
  if ((b0 === 0xfe && b1 === 0xff) || (b0 === 0xff && b1 === 0xfe)) {
    throw new RejectionError(RejectionCodes.ENCODING_INVALID, 'UTF-16/UTF-32 byte-order mark: only UTF-8 is accepted');
  }
  let start = 0;
  if (b0 === 0xef && b1 === 0xbb && n > 2 && bytes[2] === 0xbf) start = 3;
  // UTF-16/32 without a BOM puts NUL bytes next to the first ASCII characters.
  for (let i = start; i < n && i < start + 4; i++) {
    if (bytes[i] === 0) {
      throw new RejectionError(RejectionCodes.ENCODING_INVALID, 'NUL byte at the start: looks like UTF-16/UTF-32, only UTF-8 is accepted');
    }
  }
  let text: string;
  try {
    text = decoder.decode(start === 0 ? bytes : bytes.subarray(start));
  } catch {
    throw new RejectionError(RejectionCodes.ENCODING_INVALID, 'body is not valid UTF-8');
  }
  if (text.trim() === '') throw new RejectionError(RejectionCodes.EMPTY, 'message body holds only white space');
  checkXmlDeclaration(text);
  return text;
}

/**
 * Refuse an XML declaration that names an encoding other than UTF-8 / US-ASCII.
 * Also applied to XML carried as a string inside a SED event: the policy is the same wherever
 * the document travels.
 * @throws RejectionError ENCODING_INVALID
 */
export function checkXmlDeclaration(text: string): void {
  // The XML declaration, when present, must be the very first thing; tolerate leading white space.
  let i = 0;
  while (i < text.length && isWs(text.charCodeAt(i))) i++;
  if (!text.startsWith('<?xml', i)) return;
  const m = XML_DECL_RE.exec(text.slice(i, i + 200));
  if (!m) return; // no encoding pseudo-attribute: UTF-8 by definition
  const enc = (m[2] ?? '').trim().toLowerCase();
  if (!ACCEPTED_XML_ENCODINGS.has(enc)) {
    throw new RejectionError(
      RejectionCodes.ENCODING_INVALID,
      `XML declaration names encoding "${(m[2] ?? '').slice(0, 40)}": only UTF-8 is accepted`,
    );
  }
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
