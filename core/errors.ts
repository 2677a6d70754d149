/**
 * Typed errors with stable codes. A rejected message carries its code into the
 * dead-letter path (`x-error-code` header, `dead_letters.error_code` column), so
 * codes are part of the operator contract: add new ones, never rename.
 */

export const RejectionCodes = {
  /** Bytes are not valid UTF-8 (or carry an unsupported encoding declaration). */
  ENCODING_INVALID: 'ENCODING_INVALID',
  /** Document larger than the configured limit. */
  TOO_LARGE: 'TOO_LARGE',
  /** Empty message body. */
  EMPTY: 'EMPTY',
  /** Neither XML nor JSON in a shape we know. */
  SHAPE_UNKNOWN: 'SHAPE_UNKNOWN',
  XML_MALFORMED: 'XML_MALFORMED',
  /** DOCTYPE, ENTITY declarations or external references: refused, never expanded. */
  XML_DTD_FORBIDDEN: 'XML_DTD_FORBIDDEN',
  XML_NAMESPACE_UNKNOWN: 'XML_NAMESPACE_UNKNOWN',
  JSON_MALFORMED: 'JSON_MALFORMED',
  JSON_DUPLICATE_KEY: 'JSON_DUPLICATE_KEY',
  /** `__proto__`, `constructor`, `prototype` keys. */
  JSON_FORBIDDEN_KEY: 'JSON_FORBIDDEN_KEY',
  /** Nesting deeper than the configured limit. */
  TOO_DEEP: 'TOO_DEEP',
  FIELD_MISSING: 'FIELD_MISSING',
  FIELD_TOO_LONG: 'FIELD_TOO_LONG',
  DATE_INVALID: 'DATE_INVALID',
  CODE_UNKNOWN: 'CODE_UNKNOWN',
  /** Text PostgreSQL cannot store or no valid document holds: U+0000 (escaped in JSON), an unpaired surrogate. */
  CHARACTER_INVALID: 'CHARACTER_INVALID',
  /** Envelope and document disagree in a way that cannot be reconciled. */
  ENVELOPE_CONFLICT: 'ENVELOPE_CONFLICT',
  /** A reader failed on this document in an unexpected way (a bug to fix; `lac dlq retry` after the fix). */
  READER_FAILED: 'READER_FAILED',
  /** The processing of this message failed too many times (crash loop). */
  RETRIES_EXHAUSTED: 'RETRIES_EXHAUSTED',
} as const;

export type RejectionCode = (typeof RejectionCodes)[keyof typeof RejectionCodes];

/** A document we cannot accept. Goes to the dead-letter path; never retried automatically. */
export class RejectionError extends Error {
  override readonly name = 'RejectionError';
  constructor(
    readonly code: RejectionCode,
    message: string,
    /** Path of the offending field, e.g. `nav.bruker.person.foedselsdato`. */
    readonly path: string | null = null,
  ) {
    super(message);
  }
}

export function isRejection(err: unknown): err is RejectionError {
  return err instanceof RejectionError;
}

/** Configuration problems found at start-up. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

/** A command that exists in the contract but is not built yet. */
export class NotImplementedError extends Error {
  override readonly name = 'NotImplementedError';
  readonly code = 'NOT_IMPLEMENTED';
}
