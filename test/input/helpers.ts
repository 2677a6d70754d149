import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isRejection } from '../../core/errors.js';
import type { RejectionError } from '../../core/errors.js';

/** The RejectionError thrown by `fn`; fails when it returns or throws anything else. */
export function rejectionOf(fn: () => unknown): RejectionError {
  try {
    fn();
  } catch (err) {
    if (isRejection(err)) return err;
    throw err;
  }
  throw new Error('expected a RejectionError, nothing was thrown');
}

/** The code of the RejectionError thrown by `fn`. */
export function codeOf(fn: () => unknown): string {
  return rejectionOf(fn).code;
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Shared reference samples (`../shared/reference`): on developer machines and CI, not in the repository. */
export const REFERENCE_DIR = fileURLToPath(new URL('../../../shared/reference/', import.meta.url));
export const NAV_SAMPLES = `${REFERENCE_DIR}fixtures/navikt+melosys-eessi/`;
export const HAVE_REFERENCE = existsSync(`${NAV_SAMPLES}sedA009.json`);

/** Our own hand-built XML fixtures (in the repository). */
export const XML_FIXTURES = fileURLToPath(new URL('../fixtures/xml/', import.meta.url));
