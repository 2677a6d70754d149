/**
 * Posting declaration JSON (../shared/CONTRACTS.md) → a validated `PostingDeclaration`.
 * Pure: no I/O, no clock.
 *
 * Mandatory: declarationId, version (positive integer), status, hostCountry,
 * postingUndertaking.{name, country}, startDate, endDate (not before startDate), and at least
 * one worker with familyName and birthDate. This holds for every status: a cancellation is a
 * full new version of the declaration with `status: "cancelled"`.
 * Field rules (trimming, empty → null, 500-character limit, error codes): see core/input/fields.ts.
 */
import { RejectionCodes, RejectionError } from '../errors.js';
import type { PlainAddress, Sex } from '../model/canonical.js';
import type {
  Client,
  Company,
  CompanyId,
  CompanyIdType,
  DeclaredWorker,
  DeclaredWorkplace,
  LiaisonPerson,
  PersonId,
  PostingDeclaration,
} from '../model/declaration.js';
import { DECLARATION_STATUSES } from '../model/declaration.js';
import type { Obj } from '../input/fields.js';
import {
  asCountry,
  join,
  missing,
  optCountry,
  optEnum,
  optInstant,
  optObject,
  optObjectList,
  optString,
  reqCountry,
  reqDate,
  reqEnum,
  reqObject,
  reqPositiveInt,
  reqString,
} from '../input/fields.js';

const SEXES: readonly Sex[] = ['M', 'F', 'U'];

/**
 * @throws RejectionError FIELD_MISSING, FIELD_TOO_LONG, DATE_INVALID, CODE_UNKNOWN, SHAPE_UNKNOWN
 */
export function readDeclaration(doc: Record<string, unknown>): PostingDeclaration {
  const declarationId = reqString(doc, 'declarationId', '');
  const version = reqPositiveInt(doc, 'version', '');
  const status = reqEnum(doc, 'status', '', DECLARATION_STATUSES);
  const declaredAt = optInstant(doc, 'declaredAt', '');
  const hostCountry = reqCountry(doc, 'hostCountry', '');
  const postingUndertaking = readCompany(reqObject(doc, 'postingUndertaking', ''), 'postingUndertaking');
  const clientObj = optObject(doc, 'client', '');
  const client = clientObj === null ? null : readClient(clientObj, 'client');
  const startDate = reqDate(doc, 'startDate', '');
  const endDate = reqDate(doc, 'endDate', '');
  if (endDate < startDate) {
    throw new RejectionError(RejectionCodes.DATE_INVALID, `endDate ${endDate} is before startDate ${startDate}`, 'endDate');
  }
  const workplaces = optObjectList(doc, 'workplaces', '').map(({ value, path }) => readWorkplace(value, path));
  const workers = optObjectList(doc, 'workers', '').map(({ value, path }) => readWorker(value, path));
  if (workers.length === 0) throw missing('workers');
  const liaisonObj = optObject(doc, 'liaisonPerson', '');
  return {
    declarationId,
    version,
    status,
    declaredAt,
    hostCountry,
    postingUndertaking,
    client,
    sector: optString(doc, 'sector', ''),
    serviceNature: optString(doc, 'serviceNature', ''),
    startDate,
    endDate,
    workplaces,
    workers,
    liaisonPerson: liaisonObj === null ? null : readLiaison(liaisonObj, 'liaisonPerson'),
  };
}

function readCompany(o: Obj, path: string): Company {
  return {
    name: reqString(o, 'name', path),
    country: reqCountry(o, 'country', path),
    ids: readCompanyIds(o, path),
    address: readAddressField(o, path),
  };
}

function readClient(o: Obj, path: string): Client {
  return {
    name: optString(o, 'name', path),
    country: optCountry(o, 'country', path),
    ids: readCompanyIds(o, path),
    address: readAddressField(o, path),
  };
}

/** Spellings met in the wild for our id types (after lower-casing and `_`/blank → `-`). */
const ID_TYPE_ALIASES: Readonly<Record<string, CompanyIdType>> = {
  vat: 'vat',
  'vat-number': 'vat',
  'vat-id': 'vat',
  tva: 'vat',
  'ust-idnr': 'vat',
  registration: 'registration',
  'registration-number': 'registration',
  'trade-register': 'registration',
  siret: 'siret',
  siren: 'siren',
  tax: 'tax',
  'tax-id': 'tax',
  'social-security': 'social-security',
  socialsecurity: 'social-security',
  other: 'other',
};

/** `ids: [{type, id}]`; an unknown type is kept as `other` with its label. */
export function readCompanyIds(o: Obj, path: string): CompanyId[] {
  const out: CompanyId[] = [];
  for (const { value, path: p } of optObjectList(o, 'ids', path)) {
    const id = reqString(value, 'id', p);
    const rawType = optString(value, 'type', p);
    if (rawType === null) {
      out.push({ type: 'other', id, label: null });
      continue;
    }
    const known = ID_TYPE_ALIASES[rawType.toLowerCase().replace(/[\s_]+/g, '-')];
    out.push(known === undefined ? { type: 'other', id, label: rawType } : { type: known, id, label: null });
  }
  return out;
}

/** The optional `address` object of `o`. */
export function readAddressField(o: Obj, path: string): PlainAddress | null {
  const a = optObject(o, 'address', path);
  return a === null ? null : readAddress(a, join(path, 'address'));
}

export function readAddress(a: Obj, path: string): PlainAddress {
  return {
    street: optString(a, 'street', path),
    building: optString(a, 'building', path),
    town: optString(a, 'town', path),
    postalCode: optString(a, 'postalCode', path),
    region: optString(a, 'region', path),
    country: optCountry(a, 'country', path),
  };
}

function readWorkplace(o: Obj, path: string): DeclaredWorkplace {
  return { name: optString(o, 'name', path), address: readAddressField(o, path) };
}

function readWorker(o: Obj, path: string): DeclaredWorker {
  return {
    familyName: reqString(o, 'familyName', path),
    forename: optString(o, 'forename', path),
    birthDate: reqDate(o, 'birthDate', path),
    sex: optEnum(o, 'sex', path, SEXES),
    nationality: readNationality(o, path),
    pins: readPins(o, path),
    a1Reference: optString(o, 'a1Reference', path),
  };
}

/** `nationality: "PL"`; a list (`["PL"]`) is accepted and its first entry kept. */
function readNationality(o: Obj, path: string): string | null {
  const v = o['nationality'];
  const here = join(path, 'nationality');
  if (Array.isArray(v)) {
    const first: unknown = v.find((x: unknown) => x !== null && x !== undefined);
    return first === undefined ? null : asCountry(first, `${here}[0]`);
  }
  return asCountry(v, here);
}

/** `pins: [{country, id}]`. */
export function readPins(o: Obj, path: string): PersonId[] {
  const out: PersonId[] = [];
  for (const { value, path: p } of optObjectList(o, 'pins', path)) {
    out.push({ country: optCountry(value, 'country', p), id: reqString(value, 'id', p) });
  }
  return out;
}

function readLiaison(o: Obj, path: string): LiaisonPerson {
  return {
    familyName: optString(o, 'familyName', path),
    forename: optString(o, 'forename', path),
    phone: optString(o, 'phone', path),
    email: optString(o, 'email', path),
  };
}
