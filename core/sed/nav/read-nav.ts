/**
 * NAV JSON reader: `{"sed": "A009", "sedGVer": "4", "sedVer": "1", "nav": {...}, "medlemskap": {...}}`
 * → the canonical `SedContent`. Pure: no I/O, no clock, no randomness.
 *
 * Strictness: a missing `sed` (and, for A001-A012, a missing `nav.bruker.person`; for A003/A009/A010
 * a missing `medlemskap.vedtak`) is FIELD_MISSING; a value that is present and wrong is rejected
 * (DATE_INVALID, CODE_UNKNOWN, SHAPE_UNKNOWN for a wrong JSON type); absent optional data reads as
 * null or []; keys the reader does not know are ignored.
 */
import type { SedContent } from '../../model/canonical.js';
import { RejectionCodes, RejectionError } from '../../errors.js';
import type { A008Change } from './a008.js';
import { readA008 } from './a008.js';
import { dedupeAddresses, readPersonAddresses } from './addresses.js';
import type { ExceptionReply } from './decisions.js';
import { readA001Article, readA002Reply, readDecision, readRequest } from './decisions.js';
import { readEmployers } from './employers.js';
import { normaliseSedType } from './nav-codes.js';
import { findBruker, readPerson } from './person.js';
import { readTarget } from './target.js';
import type { JsonObject } from './values.js';
import { asString, clip, getObject, getString, isObject, join, newContext, shapeError, uniqueBy } from './values.js';
import { readWorkplaces } from './workplaces.js';

/** What the document says that the canonical record has no field for (yet). */
export interface NavExtras {
  /** A001: article of the exception request (`unntak.grunnlag.artikkel`; 4.4 under `forordning8832004`). */
  a001ExceptionArticle: string | null;
  /** A002: outcome of the exception request. */
  a002Reply: ExceptionReply | null;
  /** A008: the relevant change's dates. */
  a008Change: A008Change | null;
}

export interface NavReadResult {
  content: SedContent;
  extras: NavExtras;
}

/** A001 … A012: every horizontal LA SED schema makes the person mandatory. */
const PERSON_REQUIRED = /^A0(?:0[1-9]|1[0-2])$/;

const VERSION_PART = /^\d{1,2}$/;

function readVersionPart(doc: JsonObject, key: 'sedGVer' | 'sedVer'): string | null {
  const s = asString(doc[key], key);
  if (s === null) return null;
  if (!VERSION_PART.test(s)) {
    throw new RejectionError(RejectionCodes.CODE_UNKNOWN, `unknown ${key} "${clip(s)}"`, key);
  }
  return String(Number(s));
}

/** `${sedGVer}.${sedVer}` ("4.1"), null unless both are given. */
export function readCdmVersion(doc: JsonObject): string | null {
  const g = readVersionPart(doc, 'sedGVer');
  const v = readVersionPart(doc, 'sedVer');
  return g !== null && v !== null ? `${g}.${v}` : null;
}

/** Cheap shape test for format detection: a string `sed` beside a `nav` or `medlemskap` object. */
export function looksLikeNavJson(doc: unknown): boolean {
  if (!isObject(doc)) return false;
  return typeof doc['sed'] === 'string' && (isObject(doc['nav']) || isObject(doc['medlemskap']));
}

export function readNavJsonDetailed(doc: Record<string, unknown>): NavReadResult {
  if (!isObject(doc)) throw shapeError('$', 'a JSON object', doc);
  const rawSed = getString(doc, 'sed', '');
  if (rawSed === null) throw new RejectionError(RejectionCodes.FIELD_MISSING, 'no SED type (sed)', 'sed');
  const sedType = normaliseSedType(rawSed, 'sed');
  const ctx = newContext(!PERSON_REQUIRED.test(sedType));
  const cdmVersion = readCdmVersion(doc);

  const nav = getObject(doc, 'nav', '');
  const medlemskap = getObject(doc, 'medlemskap', '');

  const located = findBruker(nav);
  const personObj = located ? getObject(located.bruker, 'person', located.path) : null;
  if (personObj === null && PERSON_REQUIRED.test(sedType)) {
    throw new RejectionError(RejectionCodes.FIELD_MISSING, `${sedType} without a person (nav.bruker.person)`, 'nav.bruker.person');
  }
  const person = personObj && located ? readPerson(personObj, join(located.path, 'person'), ctx) : null;
  let addresses = located ? readPersonAddresses(located.bruker, located.path, ctx) : [];
  const employers = readEmployers(nav, medlemskap, ctx);
  let workplaces = readWorkplaces(nav, ctx);
  const decision = readDecision(sedType, medlemskap, ctx);
  const request = sedType === 'A001' ? readRequest(medlemskap, ctx) : null;

  const extras: NavExtras = { a001ExceptionArticle: null, a002Reply: null, a008Change: null };
  if (sedType === 'A001') extras.a001ExceptionArticle = readA001Article(medlemskap, ctx);
  if (sedType === 'A002') extras.a002Reply = readA002Reply(medlemskap);
  if (sedType === 'A008') {
    const a008 = readA008(medlemskap, ctx);
    extras.a008Change = a008.change;
    addresses = dedupeAddresses([...addresses, ...a008.addresses]);
    workplaces = uniqueBy([...workplaces, ...a008.workplaces], (w) => JSON.stringify(w));
  }

  const content: SedContent = {
    sedType,
    cdmVersion,
    sourceFormat: 'nav-json',
    person,
    addresses,
    employers,
    workplaces,
    decision,
    request,
    target: readTarget(sedType, nav),
    originals: ctx.originals,
  };
  return { content, extras };
}

/**
 * Read a NAV JSON SED into canonical content.
 * @throws RejectionError FIELD_MISSING, DATE_INVALID, CODE_UNKNOWN or SHAPE_UNKNOWN (with the field's path).
 */
export function readNavJson(doc: Record<string, unknown>): SedContent {
  return readNavJsonDetailed(doc).content;
}
