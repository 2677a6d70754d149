/**
 * The OpenAPI 3.1 description of the API, served at /v1/openapi.json. Written by hand, once;
 * test/api/openapi.int.test.ts checks it against the routes (lib/api/routes.ts) and real responses.
 */
import { API_ERROR_CODES } from './errors.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string): Json => ({ type: [type, 'null'] });
const str: Json = { type: 'string' };
const int: Json = { type: 'integer' };
const strings: Json = { type: 'array', items: str };
const date: Json = { type: 'string', format: 'date' };
const obj = (properties: Record<string, Json>, required: string[] = Object.keys(properties)): Json => ({ type: 'object', additionalProperties: false, required, properties });

const query = (name: string, description: string, schema: Json = str): Json => ({ name, in: 'query', required: false, description, schema });
const list = (description: string): Json => ({ type: 'string', description: `${description} (comma-separated list)` });

const errorResponse = (description: string): Json => ({ description, content: { 'application/json': { schema: ref('Error') } } });
const ok = (schemaName: string, description = 'OK'): Json => ({ description, content: { 'application/json': { schema: ref(schemaName) } } });
const authErrors: Record<string, Json> = {
  '400': errorResponse('unknown-parameter, invalid-parameter or invalid-cursor'),
  '401': errorResponse('unauthenticated: no key, or not a valid one'),
  '403': errorResponse('forbidden: the key\'s role may not use this endpoint'),
  '413': errorResponse('payload-too-large'),
  '500': errorResponse('internal'),
  '503': errorResponse('audit-unavailable: the read could not be audited, so nothing is returned'),
};

export function openApiDocument(): Record<string, Json> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'LAC API',
      version: '1.0.0',
      description:
        'Company risk scores and dossiers for inspectors and operators. Every data endpoint needs an API key ' +
        '(`Authorization: Bearer <keyId>.<secret>`) and every request made with a valid key is written to an audit log ' +
        'before the answer is sent. Unknown query parameters are refused (400).',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    paths: {
      '/health': { get: { operationId: 'health', summary: 'Liveness', security: [], responses: { '200': ok('Health') } } },
      '/ready': {
        get: {
          operationId: 'ready', summary: 'Readiness: the database answers and every migration is applied', security: [],
          responses: { '200': ok('Ready'), '503': ok('NotReady', 'not ready') },
        },
      },
      '/v1/openapi.json': { get: { operationId: 'openapi', summary: 'This description', security: [], responses: { '200': { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } } } },
      '/v1/companies': {
        get: {
          operationId: 'listCompanies',
          summary: 'Top companies of a scoring run, by rank, filtered',
          description:
            'Roles: inspector, operator. Reads the latest finished scoring run (or the latest as of `asOf`). Posting filters ' +
            '(sector, sendingCountry, hostRegion, from, to) keep a company when one of its postings meets all of them. Keyset ' +
            'pagination: pass `nextCursor` as `cursor`; a cursor stays on the run it started on. Audited (subject type company-list).',
          parameters: [
            query('band', 'Score bands: low, medium, high, red', list('bands')),
            query('sector', 'Sector of a declared posting, as declared (e.g. construction)', list('sectors')),
            query('sendingCountry', 'Sending state of a posting (ISO alpha-2; EL and UK accepted): the declaration\'s undertaking country or the attestation\'s legislation state', list('countries')),
            query('hostRegion', 'Place of work: CC (country) or CC-<postal code prefix>, e.g. FR-69 (Rhône)', list('regions')),
            query('from', 'Postings overlapping the period from this day', date),
            query('to', 'Postings overlapping the period up to this day', date),
            query('asOf', 'Read the latest run scored as of this day', date),
            query('limit', 'Page size (default 50)', { type: 'integer', minimum: 1, maximum: 200 }),
            query('cursor', 'nextCursor of the previous page'),
          ],
          responses: { '200': ok('CompanyList'), ...authErrors },
        },
      },
      '/v1/companies/{companyKey}': {
        get: {
          operationId: 'getCompany',
          summary: 'One company\'s dossier',
          description:
            'Roles: inspector, operator. Score with its stored contributions, flags, documents, workers and a timeline. ' +
            'Workers carry name and birth date for inspectors only; operators see person keys. Audited (subject type company).',
          parameters: [
            { name: 'companyKey', in: 'path', required: true, description: 'Company key (percent-encoded), as in the list', schema: str },
            query('asOf', 'Score from the latest run scored as of this day', date),
          ],
          responses: { '200': ok('Dossier'), '404': errorResponse('company-not-found'), ...authErrors },
        },
      },
      '/v1/audit': {
        get: {
          operationId: 'listAudit',
          summary: 'The audit log, newest first',
          description: 'Role: operator. Reading it is audited too (subject type audit-log).',
          parameters: [
            query('keyId', 'Requests made with this key'),
            query('subjectType', 'company, company-list, audit-log', list('subject types')),
            query('companyKey', 'Requests whose answer carried this company'),
            query('personKey', 'Requests whose answer carried this person'),
            query('outcome', 'ok, not-found, bad-request, forbidden, error', list('outcomes')),
            query('from', 'At or after (date or timestamp with zone)'),
            query('to', 'At or before (date or timestamp with zone)'),
            query('limit', 'Page size (default 100)', { type: 'integer', minimum: 1, maximum: 500 }),
            query('cursor', 'nextCursor of the previous page'),
          ],
          responses: { '200': ok('AuditList'), ...authErrors },
        },
      },
      '/v1/verify': {
        get: {
          operationId: 'verifyCertificateGet', summary: 'Check a certificate by number and security code (public, rate limited); prefer POST', security: [],
          description: 'See lib/verify/README.md. Audited in verification_attempts, not in the API audit log.',
          parameters: [
            query('number', 'Certificate number'), query('code', 'Security code'),
            query('certificateNumber', 'Alias of number'), query('securityCode', 'Alias of code'),
          ],
          responses: { '200': ok('VerifyResult'), '400': ok('VerifyError', 'bad request'), '429': ok('VerifyRateLimited', 'rate limited') },
        },
        post: {
          operationId: 'verifyCertificatePost', summary: 'Check a certificate by number and security code (public, rate limited)', security: [],
          requestBody: { required: true, content: { 'application/json': { schema: obj({ number: str, code: str }) } } },
          responses: { '200': ok('VerifyResult'), '400': ok('VerifyError', 'bad request'), '413': ok('VerifyError', 'too large'), '415': ok('VerifyError', 'not JSON'), '429': ok('VerifyRateLimited', 'rate limited') },
        },
      },
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key `<keyId>.<secret>` (LAC_API_KEYS holds its SHA-256)' } },
      schemas: {
        Error: obj({
          error: obj({ code: { type: 'string', enum: Object.keys(API_ERROR_CODES) }, message: str, parameter: str, requestId: str }, ['code', 'message', 'requestId']),
        }),
        Health: obj({ status: { const: 'ok' } }),
        Ready: obj({ status: { const: 'ready' }, migrations: int }),
        NotReady: obj({ status: { const: 'not-ready' }, reason: { enum: ['database-unreachable', 'migrations-pending'] } }),
        Run: obj({ id: int, asOf: date, ruleSetVersion: str, catalogueVersion: str }),
        CompanyListItem: obj({
          rank: int, companyKey: str, name: nullable('string'), country: nullable('string'), score: { type: 'integer', minimum: 0, maximum: 100 },
          band: { enum: ['low', 'medium', 'high', 'red'] }, redFlag: { type: 'boolean' }, explanation: strings,
        }),
        CompanyList: obj({ run: { oneOf: [ref('Run'), { type: 'null' }] }, items: { type: 'array', items: ref('CompanyListItem') }, nextCursor: nullable('string') }),
        Contribution: obj({ controlId: str, controlVersion: nullable('integer'), points: int, hits: int, evidence: strings }),
        Score: obj({
          score: int, band: str, rank: int, redFlag: { type: 'boolean' }, counts: { type: 'object', additionalProperties: int },
          contributions: { type: 'array', items: ref('Contribution') }, explanation: strings,
        }),
        Flag: obj({
          controlId: str, controlVersion: int, severity: { enum: ['info', 'warning', 'red'] }, scope: { enum: ['person', 'company'] }, subjectType: str, subjectRef: str,
          personKey: nullable('string'), evidence: strings, legalBasis: str, message: str, detail: str, raisedAt: { type: 'string', format: 'date-time' },
          proposal: nullable('string'),
        }),
        Declaration: obj({
          declarationId: str, version: int, status: str, declaredAt: nullable('string'), sector: nullable('string'), sendingCountry: nullable('string'),
          hostCountry: nullable('string'), startDate: nullable('string'), endDate: nullable('string'),
          workplaces: { type: 'array', items: obj({ town: nullable('string'), postalCode: nullable('string'), country: nullable('string') }) },
        }),
        Sed: obj({
          documentId: str, caseId: nullable('string'), sedType: str, version: int, status: str, senderInstitution: nullable('string'),
          legislationState: nullable('string'), article: nullable('string'), startDate: nullable('string'), endDate: nullable('string'), receivedAt: str,
        }),
        Certificate: obj({
          certificateNumber: str, kind: str, status: str, issuer: nullable('string'), issuedAt: nullable('string'), legislationState: nullable('string'),
          startDate: nullable('string'), endDate: nullable('string'), provisional: { type: 'boolean' }, withdrawnAt: nullable('string'),
        }),
        Posting: obj({
          subjectType: { enum: ['sed', 'declaration-worker'] }, subjectRef: str, outcome: str, coverage: { type: 'number' }, certificateNumbers: strings,
          startDate: nullable('string'), endDate: nullable('string'),
        }),
        Worker: obj({
          personKey: nullable('string'),
          identity: { oneOf: [obj({ familyName: nullable('string'), forename: nullable('string'), birthDate: nullable('string') }), { type: 'null' }] },
          postings: { type: 'array', items: ref('Posting') },
        }),
        TimelineEvent: obj({
          date: date,
          kind: { enum: ['declaration-filed', 'posting-start', 'posting-end', 'sed-received', 'certificate-issued', 'certificate-withdrawn', 'flag-raised', 'scored'] },
          ref: str, text: str,
        }),
        Dossier: obj({
          companyKey: str, name: nullable('string'), country: nullable('string'), ids: { type: 'array', items: obj({ type: str, id: str }) },
          run: { oneOf: [ref('Run'), { type: 'null' }] }, score: { oneOf: [ref('Score'), { type: 'null' }] },
          flags: { type: 'array', items: ref('Flag') },
          documents: obj({ declarations: { type: 'array', items: ref('Declaration') }, seds: { type: 'array', items: ref('Sed') }, certificates: { type: 'array', items: ref('Certificate') } }),
          workersIdentified: { type: 'boolean', description: 'true when workers carry identities (inspector role)' },
          workers: { type: 'array', items: ref('Worker') },
          timeline: { type: 'array', items: ref('TimelineEvent') },
          truncated: { ...(strings as Record<string, Json>), description: 'lists cut at 1000 entries' },
        }),
        AuditRecord: obj({
          id: int, at: { type: 'string', format: 'date-time' }, requestId: str, keyId: str, role: { enum: ['inspector', 'operator'] }, method: str, endpoint: str,
          subjectType: { enum: ['company', 'company-list', 'audit-log'] }, subjectRef: nullable('string'), filters: { type: 'object' },
          outcome: { enum: ['ok', 'not-found', 'bad-request', 'forbidden', 'error'] }, status: int, resultCount: int, companyRefs: strings, personRefs: strings,
        }),
        AuditList: obj({ items: { type: 'array', items: ref('AuditRecord') }, nextCursor: nullable('string') }),
        VerifyResult: {
          type: 'object', required: ['result'],
          properties: { result: { enum: ['valid', 'withdrawn', 'expired', 'unknown-or-wrong-code'] }, certificate: { type: 'object' }, certificateNumber: str },
        },
        VerifyError: obj({ error: { type: 'object', required: ['code', 'message'], properties: { code: str, message: str, field: str } } }),
        VerifyRateLimited: obj({ result: { const: 'rate-limited' }, retryAfterSeconds: int }),
      },
    },
  };
}
