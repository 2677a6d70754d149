/**
 * Errors the API answers with: an HTTP status and a stable code (part of the API contract: add
 * codes, never rename them). Messages are written for API users and never carry personal data,
 * stack traces or the presented credentials.
 */

export const API_ERROR_CODES = {
  'unauthenticated': 401,
  'forbidden': 403,
  'not-found': 404,
  'company-not-found': 404,
  'method-not-allowed': 405,
  'payload-too-large': 413,
  'uri-too-long': 414,
  'bad-request': 400,
  'unknown-parameter': 400,
  'invalid-parameter': 400,
  'invalid-cursor': 400,
  'audit-unavailable': 503,
  'internal': 500,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_CODES;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** The query parameter at fault, when there is one. */
    readonly parameter: string | null = null,
  ) {
    super(message);
    this.status = API_ERROR_CODES[code];
  }
}

export interface ErrorBody {
  error: { code: ApiErrorCode; message: string; parameter?: string; requestId: string };
}

export function errorBody(err: ApiError, requestId: string): ErrorBody {
  return { error: { code: err.code, message: err.message, ...(err.parameter === null ? {} : { parameter: err.parameter }), requestId } };
}
