/**
 * Certificate event JSON (../shared/CONTRACTS.md) → a validated `CertificateEvent`.
 * Pure: no I/O, no clock.
 *
 * Always mandatory: certificateNumber, issueType, issuedAt.
 * For `initial` and `amendment` also: kind, issuer (its country, given or derived from the
 * `CC:ID` institution id), person.{familyName, birthDate}, legislationState, startDate;
 * `form` when kind is BILATERAL; `agreement` when kind is BILATERAL (for A1/E101-E103 it
 * defaults to `EU`). A `withdrawal` needs nothing more; whatever else it carries is validated
 * the same way. endDate, when given, is not before startDate.
 * Field rules (trimming, empty → null, 500-character limit, error codes): see core/input/fields.ts.
 */
import { RejectionCodes, RejectionError } from '../errors.js';
import type { Sex } from '../model/canonical.js';
import type {
  CertificateEmployer,
  CertificateEvent,
  CertificateIssuer,
  CertificateKind,
  CertificatePerson,
  CertificateWithdrawal,
} from '../model/certificate.js';
import { CERTIFICATE_ISSUE_TYPES, CERTIFICATE_KINDS } from '../model/certificate.js';
import { readAddressField, readCompanyIds, readPins } from '../declaration/read-declaration.js';
import { institutionFromId } from '../input/envelope.js';
import type { Obj } from '../input/fields.js';
import {
  asCountry,
  clip,
  join,
  missing,
  optBoolean,
  optCountry,
  optDate,
  optEnum,
  optList,
  optObject,
  optString,
  reqDate,
  reqEnum,
  reqString,
} from '../input/fields.js';
import { normaliseArticle } from '../sed/article.js';

const SEXES: readonly Sex[] = ['M', 'F', 'U'];

/**
 * @throws RejectionError FIELD_MISSING, FIELD_TOO_LONG, DATE_INVALID, CODE_UNKNOWN, SHAPE_UNKNOWN
 */
export function readCertificate(doc: Record<string, unknown>): CertificateEvent {
  const certificateNumber = reqString(doc, 'certificateNumber', '');
  const issueType = reqEnum(doc, 'issueType', '', CERTIFICATE_ISSUE_TYPES);
  const issuedAt = reqDate(doc, 'issuedAt', '');
  const securityCode = optString(doc, 'securityCode', '');

  const kind = readKind(doc);
  const form = optString(doc, 'form', '');
  const agreement = readAgreement(doc, kind);
  const issuerObj = optObject(doc, 'issuer', '');
  const issuer = issuerObj === null ? null : readIssuer(issuerObj, 'issuer');
  const personObj = optObject(doc, 'person', '');
  const person = personObj === null ? null : readPerson(personObj, 'person');
  const employerObj = optObject(doc, 'employer', '');
  const employer = employerObj === null ? null : readEmployer(employerObj, 'employer');
  const selfEmployed = optBoolean(doc, 'selfEmployed', '');
  const legislationState = optCountry(doc, 'legislationState', '');
  const article = normaliseArticle(optString(doc, 'article', ''), 'article');
  const statesOfWork = readStatesOfWork(doc);
  const startDate = optDate(doc, 'startDate', '');
  const endDate = optDate(doc, 'endDate', '');
  if (startDate !== null && endDate !== null && endDate < startDate) {
    throw new RejectionError(RejectionCodes.DATE_INVALID, `endDate ${endDate} is before startDate ${startDate}`, 'endDate');
  }
  const provisional = optBoolean(doc, 'provisional', '') ?? false;

  const withdrawal: CertificateWithdrawal = {
    certificateNumber,
    securityCode,
    issuedAt,
    issueType: 'withdrawal',
    kind,
    form,
    agreement,
    issuer,
    person,
    employer,
    selfEmployed,
    legislationState,
    article,
    statesOfWork,
    startDate,
    endDate,
    provisional,
  };
  if (issueType === 'withdrawal') return withdrawal;

  // An issue or an amendment: the full certificate.
  if (kind === null) throw missing('kind');
  if (kind === 'BILATERAL' && form === null) throw missing('form');
  if (agreement === null) throw missing('agreement');
  if (issuer === null) throw missing('issuer');
  if (person === null) throw missing('person');
  if (legislationState === null) throw missing('legislationState');
  if (startDate === null) throw missing('startDate');
  return { ...withdrawal, issueType, kind, agreement, issuer, person, legislationState, startDate };
}

function readKind(doc: Obj): CertificateKind | null {
  const s = optString(doc, 'kind', '');
  if (s === null) return null;
  // Tolerate `PD A1`, `a1`, `E 101`.
  const compact = s.toUpperCase().replace(/^PD\s*/, '').replace(/\s+/g, '');
  const hit = CERTIFICATE_KINDS.find((k) => k === compact);
  if (hit === undefined) {
    throw new RejectionError(
      RejectionCodes.CODE_UNKNOWN,
      `kind: "${clip(s)}" is not one of ${CERTIFICATE_KINDS.join(', ')}`,
      'kind',
    );
  }
  return hit;
}

/** `EU` or a partner country; A1 and the E forms default to `EU`, BILATERAL must say. */
function readAgreement(doc: Obj, kind: CertificateKind | null): string | null {
  const s = optString(doc, 'agreement', '');
  if (s === null) return kind !== null && kind !== 'BILATERAL' ? 'EU' : null;
  if (s.toUpperCase() === 'EU') return 'EU';
  return asCountry(s, 'agreement');
}

function readIssuer(o: Obj, path: string): CertificateIssuer | null {
  const rawId = optString(o, 'institutionId', path);
  const derived = institutionFromId(rawId, join(path, 'institutionId'));
  const country = optCountry(o, 'country', path) ?? derived.country;
  if (country === null) {
    if (rawId === null) return null; // an empty issuer object
    throw missing(join(path, 'country'));
  }
  return { institutionId: derived.institutionId, country };
}

function readPerson(o: Obj, path: string): CertificatePerson {
  return {
    familyName: reqString(o, 'familyName', path),
    forename: optString(o, 'forename', path),
    birthDate: reqDate(o, 'birthDate', path),
    sex: optEnum(o, 'sex', path, SEXES),
    pins: readPins(o, path),
  };
}

function readEmployer(o: Obj, path: string): CertificateEmployer {
  return {
    name: optString(o, 'name', path),
    country: optCountry(o, 'country', path),
    ids: readCompanyIds(o, path),
    address: readAddressField(o, path),
  };
}

function readStatesOfWork(doc: Obj): string[] {
  const out: string[] = [];
  for (const { value, path } of optList(doc, 'statesOfWork', '')) {
    const c = asCountry(value, path);
    if (c !== null && !out.includes(c)) out.push(c);
  }
  return out;
}
