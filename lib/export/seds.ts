/**
 * The `seds` export of ../shared/CONTRACTS.md: one canonical record per SED document, its latest
 * version (as of `--as-of`, when given).
 *
 * Rows are read with keyset pagination on `document_id` (./keyset.ts), `DISTINCT ON (document_id)
 * ... ORDER BY document_id, version DESC` per page (see `sedPage`), so millions of documents stream
 * in pages of 2,000 over the `(document_id, version)` index with flat memory. Envelope fields come from the
 * columns of `seds`; the content (person, addresses, employers, work places, decision, request)
 * from `seds.record` (lib/ingest/sql-seds.ts `sedRecordJson`), re-read field by field in the
 * contract's order, so ingestion-only keys (`target`, `originals`, `notes`) never leak out and an
 * empty string is written as `null`.
 *
 * Status: without `--as-of`, the stored `status` (kept by `refreshSedStatus`). With `--as-of`, the
 * status as it was then: `invalidated` when an X008 received by then invalidates the document,
 * otherwise `active` (the version exported is by construction the latest one received by then).
 */
import type { Pool, PoolClient } from '../db/pool.js';
import { analyzeIfStale } from '../db/analyze-if-stale.js';
import type {
  Address,
  AddressType,
  BirthPlace,
  CanonicalSed,
  Decision,
  Employer,
  EmployerId,
  EmployerIdType,
  EmployerRole,
  Institution,
  Person,
  Pin,
  PinSector,
  PlainAddress,
  Request,
  SedStatus,
  Sex,
  SourceFormat,
  Workplace,
} from '../../core/model/canonical.js';
import type { AsOf } from './as-of.js';
import { csvList, type CsvColumn } from './csv.js';
import { DEFAULT_BATCH_SIZE, keysetPages, type KeysetQuery } from './keyset.js';
import type { Pseudonymiser } from './pseudonymise.js';

export interface SedExportOptions {
  asOf: AsOf | null;
  pseudonymiser: Pseudonymiser | null;
  /** Documents per page (default 2,000). */
  batchSize?: number;
}

/** A row as read from `seds`. */
export interface SedExportRow {
  document_id: string;
  case_id: string | null;
  version: number;
  sed_type: string;
  buc_type: string | null;
  cdm_version: string | null;
  source_format: string;
  sender_institution: string | null;
  sender_country: string | null;
  receiver_institution: string | null;
  receiver_country: string | null;
  status: string;
  /** `seds.record` (jsonb, parsed by pg). */
  record: unknown;
}

const COLUMNS = `s.document_id, s.case_id, s.version, s.sed_type, s.buc_type, s.cdm_version, s.source_format,
       s.sender_institution, s.sender_country, s.receiver_institution, s.receiver_country, s.record`;

/**
 * One page of latest versions: `$1` the page size, then `after` (the last document id of the
 * previous page) and the as-of bound, each only when given. Exported for tests and EXPLAIN.
 *
 * The page's document ids are picked first (`SELECT DISTINCT document_id ... ORDER BY document_id
 * LIMIT n`: an index-only range scan of `seds_document_version_unique` that stops after n ids), and
 * `DISTINCT ON (document_id) ... ORDER BY document_id, version DESC` then runs over those ids'
 * rows only. A bare `DISTINCT ON ... WHERE document_id > $after LIMIT n` over the whole table
 * is the same result, but the planner may cost it as a sequential scan and a sort of everything
 * after `$after` (seen on 1.2M rows: ~1 s and 78 MB of temporary files per page, against ~15 ms).
 */
export function sedPage(limit: number, after: string | null, asOf: AsOf | null): { sql: string; params: unknown[] } {
  const params: unknown[] = [limit];
  const pageWhere: string[] = [];
  if (after !== null) {
    params.push(after);
    pageWhere.push(`d.document_id > $${params.length}`);
  }
  let asOfParam = '';
  if (asOf !== null) {
    params.push(asOf.receivedUpTo);
    asOfParam = `$${params.length}::timestamptz`;
    pageWhere.push(`d.received_at <= ${asOfParam}`);
  }
  const latest = `WITH page AS (
      SELECT DISTINCT d.document_id FROM seds d
      ${pageWhere.length > 0 ? `WHERE ${pageWhere.join(' AND ')}` : ''}
      ORDER BY d.document_id
      LIMIT $1
    )
    SELECT DISTINCT ON (s.document_id) s.id, ${COLUMNS}${asOf === null ? ', s.status' : ''}
      FROM seds s JOIN page p ON p.document_id = s.document_id
     ${asOf === null ? '' : `WHERE s.received_at <= ${asOfParam}`}
     ORDER BY s.document_id, s.version DESC`;
  if (asOf === null) return { sql: latest, params };
  // Status as of the date: only invalidations received by then count.
  const sql = `SELECT l.*,
         CASE WHEN EXISTS (
                SELECT 1 FROM sed_invalidations i JOIN seds x ON x.id = i.invalidating_sed_id
                 WHERE x.received_at <= ${asOfParam}
                   AND i.invalidating_sed_id <> l.id
                   AND (i.target_document_id = l.document_id
                        OR (i.target_document_id IS NULL AND i.case_id = l.case_id AND i.target_sed_type = l.sed_type)))
              THEN 'invalidated' ELSE 'active' END AS status
    FROM (${latest}) l
   ORDER BY l.document_id`;
  return { sql, params };
}

function sedQuery(asOf: AsOf | null): KeysetQuery<SedExportRow, string> {
  return {
    async page(client: PoolClient, after: string | null, limit: number): Promise<SedExportRow[]> {
      const { sql, params } = sedPage(limit, after, asOf);
      const res = await client.query<SedExportRow>(sql, params);
      return res.rows;
    },
    keyOf: (row) => row.document_id,
  };
}

/** Pages of canonical records, in document id order. */
export async function* sedBatches(pool: Pool, options: SedExportOptions): AsyncGenerator<CanonicalSed[]> {
  // Pages rely on an index range scan the planner only picks with statistics of document_id.
  await analyzeIfStale(pool, { seds: 'document_id, version, received_at' });
  for await (const rows of keysetPages(pool, sedQuery(options.asOf), options.batchSize ?? DEFAULT_BATCH_SIZE)) {
    yield rows.map((row) => buildSedRecord(row, options.pseudonymiser));
  }
}

// ---------------------------------------------------------------------------------------------
// The record builder

/** The contract's record from a stored row, in the contract's field order. */
export function buildSedRecord(row: SedExportRow, pseudonymiser: Pseudonymiser | null = null): CanonicalSed {
  const r = obj(row.record) ?? {};
  const record: CanonicalSed = {
    documentId: row.document_id,
    caseId: blankToNull(row.case_id),
    version: Number(row.version),
    sedType: row.sed_type,
    bucType: blankToNull(row.buc_type),
    cdmVersion: blankToNull(row.cdm_version),
    sourceFormat: row.source_format as SourceFormat,
    sender: institution(row.sender_institution, row.sender_country),
    receiver: institution(row.receiver_institution, row.receiver_country),
    status: sedStatus(row.status),
    person: person(r.person),
    addresses: list(r.addresses, address),
    employers: list(r.employers, employer),
    workplaces: list(r.workplaces, workplace),
    decision: decision(r.decision),
    request: request(r.request),
  };
  return pseudonymiser === null ? record : pseudonymiseSed(record, pseudonymiser);
}

/**
 * PINs, names (current and at birth) and the birth date replaced by keyed hashes; the person's
 * own addresses and birth place keep only region and country (a street or a town next to a
 * pseudonym re-identifies). Employers and work places are companies' data and stay.
 */
export function pseudonymiseSed(record: CanonicalSed, p: Pseudonymiser): CanonicalSed {
  const person = record.person;
  const addresses = record.addresses.map((a) => ({ ...a, street: null, building: null, town: null, postalCode: null }));
  if (person === null) return { ...record, addresses };
  const name = (v: string | null): string | null => (v === null ? null : p.name(v));
  return {
    ...record,
    addresses,
    person: {
      ...person,
      familyName: name(person.familyName),
      forename: name(person.forename),
      familyNameAtBirth: name(person.familyNameAtBirth),
      forenameAtBirth: name(person.forenameAtBirth),
      birthDate: person.birthDate === null ? null : p.birthDate(person.birthDate),
      pins: person.pins.map((pin) => ({ ...pin, id: p.pin(pin.country, pin.id) })),
      birthPlace: person.birthPlace === null ? null : { town: null, region: person.birthPlace.region, country: person.birthPlace.country },
    },
  };
}

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null;
}

function list<T>(v: unknown, item: (x: unknown) => T | null): T[] {
  if (!Array.isArray(v)) return [];
  const out: T[] = [];
  for (const x of v as unknown[]) {
    const t = item(x);
    if (t !== null) out.push(t);
  }
  return out;
}

function blankToNull(v: string | null | undefined): string | null {
  return v === null || v === undefined || v.trim() === '' ? null : v;
}

function text(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return typeof v === 'string' ? blankToNull(v) : null;
}

function bool(v: unknown): boolean | null {
  return typeof v === 'boolean' ? v : null;
}

/** EESSI's `EL` / `UK` as ISO (the readers already do this; kept here so no export ever shows them). */
const EESSI_TO_ISO: Readonly<Record<string, string>> = { EL: 'GR', UK: 'GB' };

function country(v: unknown): string | null {
  const t = text(v);
  if (t === null) return null;
  const upper = t.trim().toUpperCase();
  return EESSI_TO_ISO[upper] ?? upper;
}

const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;

/** `YYYY-MM-DD`; a stored time or zone suffix is dropped; anything else is unknown (null). */
function date(v: unknown): string | null {
  const t = text(v);
  return t !== null && DATE_PREFIX.test(t) ? t.slice(0, 10) : null;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[]): T | null {
  const t = text(v);
  return t !== null && (allowed as readonly string[]).includes(t) ? (t as T) : null;
}

function countries(v: unknown): string[] {
  return list(v, country);
}

function institution(id: string | null, cc: string | null): Institution {
  return { institutionId: blankToNull(id), country: country(cc) };
}

const STATUSES: readonly SedStatus[] = ['active', 'superseded', 'invalidated'];

function sedStatus(v: string): SedStatus {
  const s = oneOf(v, STATUSES);
  if (s === null) throw new Error(`unexpected SED status "${v}"`);
  return s;
}

const SEXES: readonly Sex[] = ['M', 'F', 'U'];
const SECTORS: readonly PinSector[] = ['awod', 'family', 'all', 'pensions', 'recovery', 'sickness', 'unemployment'];
const ADDRESS_TYPES: readonly AddressType[] = ['residence', 'stay', 'contact', 'other'];
const ROLES: readonly EmployerRole[] = ['employer', 'host', 'self-employment', 'other'];
const ID_TYPES: readonly EmployerIdType[] = ['registration', 'social-security', 'tax', 'unknown'];

function person(v: unknown): Person | null {
  const o = obj(v);
  if (o === null) return null;
  return {
    familyName: text(o.familyName),
    forename: text(o.forename),
    familyNameAtBirth: text(o.familyNameAtBirth),
    forenameAtBirth: text(o.forenameAtBirth),
    birthDate: date(o.birthDate),
    sex: oneOf(o.sex, SEXES),
    nationalities: countries(o.nationalities),
    pins: list(o.pins, pin),
    birthPlace: birthPlace(o.birthPlace),
  };
}

/** A PIN without an id says nothing: left out rather than written as "". */
function pin(v: unknown): Pin | null {
  const o = obj(v);
  const id = o === null ? null : text(o.id);
  if (o === null || id === null) return null;
  return { country: country(o.country), id, sector: oneOf(o.sector, SECTORS) };
}

function birthPlace(v: unknown): BirthPlace | null {
  const o = obj(v);
  if (o === null) return null;
  return { town: text(o.town), region: text(o.region), country: country(o.country) };
}

function plainAddress(o: Obj): PlainAddress {
  return {
    street: text(o.street),
    building: text(o.building),
    town: text(o.town),
    postalCode: text(o.postalCode),
    region: text(o.region),
    country: country(o.country),
  };
}

function address(v: unknown): Address | null {
  const o = obj(v);
  if (o === null) return null;
  return { type: oneOf(o.type, ADDRESS_TYPES) ?? 'other', ...plainAddress(o) };
}

function employerId(v: unknown): EmployerId | null {
  const o = obj(v);
  const id = o === null ? null : text(o.id);
  if (o === null || id === null) return null;
  return { type: oneOf(o.type, ID_TYPES) ?? 'unknown', id };
}

function employer(v: unknown): Employer | null {
  const o = obj(v);
  if (o === null) return null;
  const addr = obj(o.address);
  return {
    role: oneOf(o.role, ROLES) ?? 'other',
    name: text(o.name),
    country: country(o.country),
    ids: list(o.ids, employerId),
    address: addr === null ? null : plainAddress(addr),
  };
}

function workplace(v: unknown): Workplace | null {
  const o = obj(v);
  if (o === null) return null;
  return {
    name: text(o.name),
    country: country(o.country),
    town: text(o.town),
    noFixedAddress: bool(o.noFixedAddress) ?? false,
    homeBase: text(o.homeBase),
  };
}

function decision(v: unknown): Decision | null {
  const o = obj(v);
  if (o === null) return null;
  return {
    legislationState: country(o.legislationState),
    article: text(o.article),
    startDate: date(o.startDate),
    endDate: date(o.endDate),
    openEnded: bool(o.openEnded) ?? false,
    provisional: bool(o.provisional) ?? false,
    amending: bool(o.amending) ?? false,
    previousDecisionDate: date(o.previousDecisionDate),
    appliesForDurationOfActivity: bool(o.appliesForDurationOfActivity),
  };
}

function request(v: unknown): Request | null {
  const o = obj(v);
  if (o === null) return null;
  return {
    startDate: date(o.startDate),
    endDate: date(o.endDate),
    currentStates: countries(o.currentStates),
    requestedStates: countries(o.requestedStates),
  };
}

// ---------------------------------------------------------------------------------------------
// CSV: a flat view. The JSONL export is the complete record; CSV keeps what a spreadsheet user
// filters on. List cells join their items with `;`; inside an item, parts are joined with `|`
// (employers) or `:` (PINs), and a `\`, `;` or `|` inside a value is escaped with `\`.

function escapeItem(v: string | null): string {
  return (v ?? '').replace(/[\\;|]/g, (c) => `\\${c}`);
}

const person_ = (r: CanonicalSed): Person | null => r.person;

/** The column set of `lac export seds --format csv`, in order. */
export const SED_CSV_COLUMNS: ReadonlyArray<CsvColumn<CanonicalSed>> = [
  { name: 'documentId', value: (r) => r.documentId },
  { name: 'caseId', value: (r) => r.caseId },
  { name: 'version', value: (r) => r.version },
  { name: 'sedType', value: (r) => r.sedType },
  { name: 'bucType', value: (r) => r.bucType },
  { name: 'cdmVersion', value: (r) => r.cdmVersion },
  { name: 'sourceFormat', value: (r) => r.sourceFormat, trusted: true },
  { name: 'senderInstitution', value: (r) => r.sender.institutionId },
  { name: 'senderCountry', value: (r) => r.sender.country },
  { name: 'receiverInstitution', value: (r) => r.receiver.institutionId },
  { name: 'receiverCountry', value: (r) => r.receiver.country },
  { name: 'status', value: (r) => r.status, trusted: true },
  { name: 'familyName', value: (r) => person_(r)?.familyName ?? null },
  { name: 'forename', value: (r) => person_(r)?.forename ?? null },
  { name: 'familyNameAtBirth', value: (r) => person_(r)?.familyNameAtBirth ?? null },
  { name: 'forenameAtBirth', value: (r) => person_(r)?.forenameAtBirth ?? null },
  { name: 'birthDate', value: (r) => person_(r)?.birthDate ?? null, trusted: true },
  { name: 'sex', value: (r) => person_(r)?.sex ?? null, trusted: true },
  { name: 'nationalities', value: (r) => csvList(person_(r)?.nationalities ?? []) },
  { name: 'pins', value: (r) => csvList((person_(r)?.pins ?? []).map((p) => `${escapeItem(p.country)}:${escapeItem(p.id)}`)) },
  { name: 'employers', value: (r) => csvList(r.employers.map((e) => `${e.role}|${escapeItem(e.name)}|${escapeItem(e.country)}`)) },
  { name: 'workplaceCountries', value: (r) => csvList([...new Set(r.workplaces.map((w) => w.country))]) },
  { name: 'legislationState', value: (r) => r.decision?.legislationState ?? null },
  { name: 'article', value: (r) => r.decision?.article ?? null },
  { name: 'startDate', value: (r) => r.decision?.startDate ?? null, trusted: true },
  { name: 'endDate', value: (r) => r.decision?.endDate ?? null, trusted: true },
  { name: 'openEnded', value: (r) => r.decision?.openEnded ?? null },
  { name: 'provisional', value: (r) => r.decision?.provisional ?? null },
  { name: 'amending', value: (r) => r.decision?.amending ?? null },
  { name: 'requestStartDate', value: (r) => r.request?.startDate ?? null, trusted: true },
  { name: 'requestEndDate', value: (r) => r.request?.endDate ?? null, trusted: true },
];
