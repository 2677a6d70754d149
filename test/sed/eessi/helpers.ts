/** Shared helpers for the EESSI reader tests. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { RejectionError } from '../../../core/errors.js';
import type { RejectionCode } from '../../../core/errors.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Our own hand-built XML fixtures (in the repository). */
export function fixtureXml(name: string): string {
  return readFileSync(`${here}../../fixtures/xml/${name}`, 'utf8');
}

/** Shared reference material (`../shared/reference`), present in CI and on developer machines, not required. */
export const REFERENCE_DIR = `${here}../../../../shared/reference`;

export function referencePath(rel: string): string | null {
  const p = `${REFERENCE_DIR}/${rel}`;
  return existsSync(p) ? p : null;
}

export function readReferenceJson(rel: string): unknown {
  const p = referencePath(rel);
  return p === null ? null : (JSON.parse(readFileSync(p, 'utf8')) as unknown);
}

/** Expect `fn` to throw a RejectionError with `code`; returns it for further checks. */
export function expectRejection(fn: () => unknown, code: RejectionCode): RejectionError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RejectionError);
    const r = err as RejectionError;
    expect(r.code, r.message).toBe(code);
    return r;
  }
  throw new Error(`expected a RejectionError ${code}, nothing was thrown`);
}

export const NS = (version: string, sed: string): string => `http://ec.europa.eu/eessi/ns/${version}/${sed}`;

/** A minimal person block valid for every A-series SED. */
export const PERSON_XML =
  '<Person><PersonIdentification><familyName>Kowalski</familyName><forename>Jan</forename>' +
  '<dateBirth>1980-01-02</dateBirth><sex><value>01</value></sex></PersonIdentification>' +
  '<AdditionalInformationPerson><nationality><value>PL</value></nationality></AdditionalInformationPerson></Person>';

/** A minimal A011 (person only) in the given namespace version, with the root prefixed `sed:`. */
export function a011Xml(version = '4_4', body = PERSON_XML): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sed:A011 xmlns:sed="${NS(version, 'A011')}" sedGVer="4" sedVer="${version.split('_')[1] ?? ''}">${body}</sed:A011>`;
}

/** Replace exactly one occurrence of `from` in `text` (fails loudly when the fixture changed). */
export function replaceOnce(text: string, from: string, to: string): string {
  const i = text.indexOf(from);
  if (i < 0) throw new Error(`fixture does not contain ${from}`);
  if (text.indexOf(from, i + from.length) >= 0) throw new Error(`fixture contains ${from} more than once`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}
