/**
 * NAV's public sample documents, read from ../shared/reference (beside the repository, in CI too).
 * Tests that need them are skipped when the directory is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RejectionError } from '../../../core/errors.js';

const REFERENCE = new URL('../../../../shared/reference/', import.meta.url);

export const referenceAvailable = existsSync(fileURLToPath(new URL('fixtures/', REFERENCE)));

function readJson(relative: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(readFileSync(fileURLToPath(new URL(relative, REFERENCE)), 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${relative}: not a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

/** `name` like `sedA009.json` (melosys-eessi) or `melosys-api:<file>`. */
export function loadSample(name: string): Record<string, unknown> {
  return name.startsWith('melosys-api:')
    ? readJson(`fixtures/navikt+melosys-api/${name.slice('melosys-api:'.length)}`)
    : readJson(`fixtures/navikt+melosys-eessi/${name}`);
}

export function loadExpected(name: string): Record<string, unknown> {
  return readJson(`canonical/${name}`);
}

/** Deep copy, so a test can alter a sample. */
export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Run `fn` and return the RejectionError it throws (fails the test otherwise). */
export function rejectionOf(fn: () => unknown): RejectionError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RejectionError) return err;
    throw err;
  }
  throw new Error('expected a RejectionError, nothing was thrown');
}
