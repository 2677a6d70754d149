/**
 * The OpenAPI description and the routes agree: every route is documented, every documented
 * operation exists over real HTTP, and the documented query parameters are exactly those
 * accepted. Also readiness on an unmigrated schema and on an unreachable database.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openApiDocument } from '../../lib/api/openapi.js';
import { DATA_ROUTES, PUBLIC_ROUTES } from '../../lib/api/routes.js';
import { createPool } from '../../lib/db/pool.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { inspector, operator, startApi, type RunningApi } from './support.js';

type Op = { parameters?: Array<{ name: string; in: string }>; security?: unknown[] };
const doc = openApiDocument() as { openapi: string; paths: Record<string, Record<string, Op>> };
const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));
const routes = [
  ...PUBLIC_ROUTES.map((r) => ({ path: r.path, method: r.method, query: [...r.query], public: true })),
  ...DATA_ROUTES.map((r) => ({ path: r.path, method: r.method as string, query: Object.keys(r.query), public: false })),
];

let db: TestDatabase;
let http: RunningApi;
beforeAll(async () => {
  db = await createTestDatabase();
  http = await startApi(db.pool);
});
afterAll(async () => {
  await http?.api.close(1000);
  await db?.drop();
});

describe('the description', () => {
  test('is OpenAPI 3.1, served as written, and every $ref resolves', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const served = await http.get('/v1/openapi.json', null);
    expect(served.body).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    const text = JSON.stringify(doc);
    const refs = [...text.matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1] ?? '');
    expect(refs.length).toBeGreaterThan(10);
    const schemas = (openApiDocument().components as { schemas: Record<string, unknown> }).schemas;
    for (const r of refs) expect(schemas[r], r).toBeDefined();
  });

  test('documents every route and nothing else', () => {
    expect(documented.map((d) => `${d.method} ${d.path}`).sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  test('documents exactly the query parameters each route accepts, and the path parameters of its template', () => {
    for (const r of routes) {
      const op = doc.paths[r.path]?.[r.method.toLowerCase()];
      const params = op?.parameters ?? [];
      expect(params.filter((p) => p.in === 'query').map((p) => p.name).sort(), `${r.method} ${r.path}`).toEqual([...r.query].sort());
      expect(params.filter((p) => p.in === 'path').map((p) => p.name).sort()).toEqual([...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
      expect(op?.security === undefined || (op.security.length === 0) === r.public, `${r.path} security`).toBe(true);
      if (r.public) expect(op?.security).toEqual([]);
    }
  });
});

describe('over HTTP', () => {
  const concrete = (path: string): string => path.replace('{companyKey}', encodeURIComponent('vat:DE123456789'));

  test('every documented operation exists: authenticated ones answer 401 without a key, public ones answer', async () => {
    for (const d of documented) {
      const init: RequestInit = d.method === 'POST' ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"number":"X-1","code":"Y"}' } : {};
      const res = await http.get(concrete(d.path), null, init);
      const isPublic = d.op.security !== undefined && d.op.security.length === 0;
      if (isPublic) expect([200, 400], `${d.method} ${d.path}`).toContain(res.status);
      else expect(res.status, `${d.method} ${d.path}`).toBe(401);
    }
  });

  test('every documented query parameter is accepted; any other is refused', async () => {
    for (const d of documented.filter((x) => x.method === 'GET')) {
      const token = d.path === '/v1/audit' ? operator.token : inspector.token;
      for (const p of (d.op.parameters ?? []).filter((x) => x.in === 'query')) {
        const res = await http.get(`${concrete(d.path)}?${p.name}=x`, token);
        expect(JSON.stringify(res.body), `${d.path} ${p.name}`).not.toContain('unknown-parameter');
      }
      const res = await http.get(`${concrete(d.path)}?undocumented=1`, token);
      expect(res.status, d.path).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'unknown-parameter', parameter: 'undocumented' } });
    }
  });
});

describe('readiness', () => {
  test('an unmigrated schema is not ready: migrations-pending', async () => {
    const empty = await createTestDatabase({ migrate: false });
    const other = await startApi(empty.pool);
    try {
      const res = await other.get('/ready', null);
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'not-ready', reason: 'migrations-pending' });
      expect((await other.get('/health', null)).status).toBe(200);
    } finally {
      await other.api.close(1000);
      await empty.drop();
    }
  });

  test('an unreachable database is not ready: database-unreachable', async () => {
    const pool = createPool({ connectionString: 'postgres://postgres@127.0.0.1:1/none', schema: 'lac' });
    const other = await startApi(pool);
    try {
      const res = await other.get('/ready', null);
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'not-ready', reason: 'database-unreachable' });
    } finally {
      await other.api.close(1000);
      await pool.end();
    }
  });
});
