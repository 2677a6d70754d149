/**
 * Every route of the API: the public ones (health, readiness, the OpenAPI description,
 * certificate verification) and the authenticated data routes with the roles allowed, the
 * query parameters accepted and what an audit row records. lib/api/openapi.ts documents the
 * same list; test/api/openapi.int.test.ts keeps the two in step.
 */
import type { PoolClient } from '../db/pool.js';
import { encodeCursor, cursorParser } from './cursor.js';
import { loadDossier } from './dossier.js';
import { ApiError } from './errors.js';
import type { Principal, Role } from './keys.js';
import { enumList, instant, intInRange, isoDate, patternList, text, type ParamParsers, type ParsedParams } from './params.js';
import { listAudit, type AuditOutcome, type AuditSubjectType } from './sql-audit.js';
import { listTopCompanies, type CompanyFilters, type HostRegion } from './sql-companies.js';
import { findScoringRun } from '../risk/sql-latest-run.js';

export interface RouteResult {
  body: unknown;
  /** What the audit row records as read. */
  resultCount: number;
  companyRefs: string[];
  personRefs: string[];
}

export interface DataRoute<P extends ParamParsers = ParamParsers> {
  method: 'GET';
  /** OpenAPI path template. */
  path: string;
  roles: readonly Role[];
  subjectType: AuditSubjectType;
  query: P;
  /** The audit row's subject_ref, from the path parameters. */
  subjectRef(pathParams: Record<string, string>): string | null;
  handle(ctx: { client: PoolClient; principal: Principal; params: ParsedParams<P>; pathParams: Record<string, string> }): Promise<RouteResult>;
}

export interface PublicRoute {
  method: 'GET' | 'POST';
  path: string;
  /** Query parameters accepted (anything else is a 400). */
  query: readonly string[];
}

export const PUBLIC_ROUTES: readonly PublicRoute[] = [
  { method: 'GET', path: '/health', query: [] },
  { method: 'GET', path: '/ready', query: [] },
  { method: 'GET', path: '/v1/openapi.json', query: [] },
  { method: 'GET', path: '/v1/verify', query: ['number', 'code', 'certificateNumber', 'securityCode'] },
  { method: 'POST', path: '/v1/verify', query: [] },
];

const BANDS = ['low', 'medium', 'high', 'red'] as const;
const OUTCOMES: readonly AuditOutcome[] = ['ok', 'not-found', 'bad-request', 'forbidden', 'error'];
const SUBJECT_TYPES: readonly AuditSubjectType[] = ['company', 'company-list', 'audit-log'];
const EESSI_COUNTRY: Record<string, string> = { EL: 'GR', UK: 'GB' };

const country = (s: string): string => {
  const c = s.toUpperCase();
  return EESSI_COUNTRY[c] ?? c;
};

const companyQuery = {
  band: enumList(BANDS),
  sector: patternList(/^[a-z0-9][a-z0-9 _-]{0,63}$/, 'sector names (letters, digits, space, - and _)', (s) => s.toLowerCase()),
  sendingCountry: patternList(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country codes', country),
  hostRegion: patternList(/^[A-Z]{2}(-[0-9A-Z]{1,8})?$/, 'CC or CC-<postal code prefix>, e.g. FR or FR-69', (s) => s.toUpperCase().replace(/\s/g, '')),
  from: isoDate,
  to: isoDate,
  asOf: isoDate,
  limit: intInRange(1, 200),
  cursor: cursorParser('c', 2),
};

const dossierQuery = { asOf: isoDate };

const auditQuery = {
    keyId: text(/^[a-z0-9][a-z0-9-]{0,31}$/, 'a key id'),
    subjectType: enumList(SUBJECT_TYPES),
    companyKey: text(/^.{1,300}$/su, 'a company key'),
    personKey: text(/^.{1,300}$/su, 'a person key'),
    outcome: enumList(OUTCOMES),
    from: instant('start'),
    to: instant('end'),
    limit: intInRange(1, 500),
    cursor: cursorParser('a', 1),
};

function defineRoute<P extends ParamParsers>(route: DataRoute<P>): DataRoute {
  return route as unknown as DataRoute;
}

export const DATA_ROUTES: readonly DataRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/v1/companies',
    roles: ['inspector', 'operator'],
    subjectType: 'company-list',
    query: companyQuery,
    subjectRef: () => null,
    async handle({ client, params }) {
      if (params.from !== undefined && params.to !== undefined && params.from > params.to) {
        throw new ApiError('invalid-parameter', '"from" must not be after "to"', 'from');
      }
      const limit = params.limit ?? 50;
      const [cursorRun, afterRank] = params.cursor ?? [undefined, 0];
      const run = await findScoringRun(client, cursorRun === undefined ? { asOf: params.asOf ?? null } : { runId: cursorRun });
      if (run === null && cursorRun !== undefined) throw new ApiError('invalid-cursor', 'the cursor names a scoring run that no longer exists', 'cursor');
      const filters: CompanyFilters = {
        bands: params.band ?? null,
        sectors: params.sector ?? null,
        sendingCountries: params.sendingCountry ?? null,
        hostRegions: params.hostRegion?.map(hostRegion) ?? null,
        from: params.from ?? null,
        to: params.to ?? null,
      };
      const rows = run === null ? [] : await listTopCompanies(client, run.id, filters, afterRank ?? 0, limit + 1);
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      const nextCursor = run !== null && rows.length > limit && last !== undefined ? encodeCursor('c', [run.id, last.rank]) : null;
      return { body: { run, items, nextCursor }, resultCount: items.length, companyRefs: items.map((i) => i.companyKey), personRefs: [] };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/companies/{companyKey}',
    roles: ['inspector', 'operator'],
    subjectType: 'company',
    query: dossierQuery,
    subjectRef: (p) => p.companyKey ?? null,
    async handle({ client, principal, params, pathParams }) {
      const key = pathParams.companyKey ?? '';
      if (key === '' || key.length > 300) throw new ApiError('invalid-parameter', 'the company key must be 1-300 characters', 'companyKey');
      const dossier = await loadDossier(client, key, { asOf: params.asOf ?? null, role: principal.role });
      const personRefs = [...new Set(dossier.workers.flatMap((w) => (w.personKey === null ? [] : [w.personKey])))];
      return { body: dossier, resultCount: 1, companyRefs: [key], personRefs };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/audit',
    roles: ['operator'],
    subjectType: 'audit-log',
    query: auditQuery,
    subjectRef: () => null,
    async handle({ client, params }) {
      const limit = params.limit ?? 100;
      const rows = await listAudit(client, {
        keyId: params.keyId ?? null, subjectType: params.subjectType ?? null, companyKey: params.companyKey ?? null, personKey: params.personKey ?? null,
        outcome: params.outcome ?? null, from: params.from ?? null, to: params.to ?? null,
      }, params.cursor?.[0] ?? null, limit + 1);
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return { body: { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor('a', [last.id]) : null }, resultCount: items.length, companyRefs: [], personRefs: [] };
    },
  }),
];

function hostRegion(value: string): HostRegion {
  const [c = '', prefix = ''] = value.split('-');
  return { country: country(c), postalPrefix: prefix };
}

/** Does `pathname` fit the template? Returns the decoded path parameters, or null. */
export function matchPath(template: string, pathname: string): Record<string, string> | null {
  const t = template.split('/');
  const p = pathname.split('/');
  if (t.length !== p.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const seg = t[i] ?? '';
    const got = p[i] ?? '';
    const name = /^\{(\w+)\}$/.exec(seg)?.[1];
    if (name === undefined) {
      if (seg !== got) return null;
      continue;
    }
    if (got === '') return null;
    try {
      params[name] = decodeURIComponent(got);
    } catch {
      throw new ApiError('invalid-parameter', `the ${name} in the path is not valid percent-encoding`, name);
    }
  }
  return params;
}
