/**
 * The HTTP API on a real PostgreSQL filled by the real pipeline (ingest, match, controls, scoring),
 * over real HTTP: authentication and roles, each filter against an independent evaluation of the
 * stored documents, keyset pagination, a dossier's contents, and the audit rows of every read.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { inspector, operator, seedScoredCorpus, startApi, type RunningApi } from './support.js';
import { generateApiKey } from '../../lib/api/keys.js';
import { openApiDocument } from '../../lib/api/openapi.js';
import { check, responseSchema } from './schema-check.js';

const doc = openApiDocument();

let db: TestDatabase;
let http: RunningApi;

interface Posting { sector: string | null; sending: string | null; places: Array<{ country: string; postal: string }>; start: string | null; end: string | null }
interface ListBody { run: { id: number; asOf: string } | null; items: Array<{ rank: number; companyKey: string; band: string; score: number; explanation: string[] }>; nextCursor: string | null }
interface AuditRow { key_id: string; role: string; endpoint: string; subject_type: string; subject_ref: string | null; filters: Record<string, unknown>; outcome: string; status: number; result_count: number; company_refs: string[]; person_refs: string[] }

let ranked: Array<{ companyKey: string; band: string; rank: number }> = [];
const postings = new Map<string, Posting[]>();

beforeAll(async () => {
  db = await createTestDatabase();
  await seedScoredCorpus(db.pool, 4242);
  http = await startApi(db.pool);

  // An independent model of the filters: the stored documents read back and joined in JavaScript.
  const run = await db.pool.query<{ company_key: string; band: string; rank: number }>(
    'SELECT company_key, band, rank FROM lac_run_scores((SELECT max(id) FROM risk_runs)) ORDER BY rank');
  ranked = run.rows.map((r) => ({ companyKey: r.company_key, band: r.band, rank: r.rank }));
  const decls = await db.pool.query<{ declaration_id: string; sector: string | null; undertaking_country: string | null; host_country: string | null; w: unknown }>(
    "SELECT declaration_id, sector, undertaking_country, host_country, record->'workplaces' AS w FROM declarations WHERE is_current AND status <> 'cancelled'");
  const declById = new Map(decls.rows.map((d) => [d.declaration_id, d]));
  const seds = await db.pool.query<{ document_id: string; legislation_state: string | null; w: unknown }>(
    "SELECT document_id, legislation_state, record->'workplaces' AS w FROM seds WHERE status = 'active'");
  const sedById = new Map(seds.rows.map((s) => [s.document_id, s]));
  const matches = await db.pool.query<{ company_key: string; subject_type: string; subject_ref: string; s: string | null; e: string | null }>(
    "SELECT company_key, subject_type, subject_ref, to_char(start_date, 'YYYY-MM-DD') AS s, to_char(end_date, 'YYYY-MM-DD') AS e FROM matches WHERE company_key IS NOT NULL");
  const places = (w: unknown, withPostal: boolean): Posting['places'] =>
    (Array.isArray(w) ? (w as Array<Record<string, unknown>>) : []).map((p) => {
      const a = (withPostal ? p.address : p) as Record<string, unknown> | undefined;
      return { country: String(a?.country ?? '').toUpperCase(), postal: withPostal ? String(a?.postalCode ?? '').replace(/\s/g, '').toUpperCase() : '' };
    });
  for (const m of matches.rows) {
    let p: Posting | null = null;
    if (m.subject_type === 'declaration-worker') {
      const d = declById.get(m.subject_ref.replace(/#\d+$/, ''));
      if (d !== undefined) p = { sector: d.sector?.toLowerCase() ?? null, sending: d.undertaking_country, places: [...places(d.w, true), { country: d.host_country ?? '', postal: '' }], start: m.s, end: m.e };
    } else {
      const s = sedById.get(m.subject_ref);
      if (s !== undefined) p = { sector: null, sending: s.legislation_state, places: places(s.w, false), start: m.s, end: m.e };
    }
    if (p !== null) postings.set(m.company_key, [...(postings.get(m.company_key) ?? []), p]);
  }
}, 600_000);
afterAll(async () => {
  await http?.api.close(1000);
  await db?.drop();
});

function expected(pred: (p: Posting) => boolean, bands?: string[]): string[] {
  return ranked.filter((c) => (bands === undefined || bands.includes(c.band)) && (postings.get(c.companyKey) ?? []).some(pred)).map((c) => c.companyKey);
}

/** Every page of a listing; checks pages are disjoint and ranks increase. */
async function listAll(query: string, limit = 10): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | null = null;
  let lastRank = 0;
  for (let page = 0; page < 1000; page++) {
    const res = await http.get(`/v1/companies?limit=${limit}${query === '' ? '' : `&${query}`}${cursor === null ? '' : `&cursor=${cursor}`}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = res.body as ListBody;
    expect(body.items.length).toBeLessThanOrEqual(limit);
    for (const item of body.items) {
      expect(item.rank).toBeGreaterThan(lastRank);
      lastRank = item.rank;
      keys.push(item.companyKey);
    }
    cursor = body.nextCursor;
    if (cursor === null) break;
    expect(body.items.length).toBe(limit);
  }
  expect(new Set(keys).size).toBe(keys.length);
  return keys;
}

async function auditRows(): Promise<AuditRow[]> {
  return (await db.pool.query<AuditRow>('SELECT * FROM api_audit ORDER BY id')).rows;
}

/** node:http, because fetch refuses a GET with a body. */
function rawRequest(method: string, path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${http.base}${path}`, { method, headers: { authorization: `Bearer ${inspector.token}`, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function mostCommon(values: Array<string | null>): string {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null && v !== '') counts.set(v, (counts.get(v) ?? 0) + 1);
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  if (best === undefined) throw new Error('no value to filter on');
  return best[0];
}

describe('authentication and roles', () => {
  test('no key, a malformed key, an unknown key and a wrong secret are 401 alike, and write no audit row', async () => {
    const before = (await auditRows()).length;
    const wrongSecret = generateApiKey('insp-1', 'inspector').token; // right id, another secret
    for (const token of [null, 'nonsense', 'nobody.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', wrongSecret, `${inspector.token}x`]) {
      const res = await http.get('/v1/companies', token);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="lac"');
      expect(res.body).toMatchObject({ error: { code: 'unauthenticated' } });
      expect(JSON.stringify(res.body)).not.toContain('insp-1');
    }
    const basic = await fetch(`${http.base}/v1/companies`, { headers: { authorization: `Basic ${Buffer.from('insp-1:x').toString('base64')}` } });
    expect(basic.status).toBe(401);
    expect((await auditRows()).length).toBe(before);
  });

  test('an inspector may not read the audit log: 403, and the attempt is audited', async () => {
    const res = await http.get('/v1/audit', inspector.token);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { code: 'forbidden' } });
    const last = (await auditRows()).at(-1);
    expect(last).toMatchObject({ key_id: 'insp-1', role: 'inspector', endpoint: '/v1/audit', subject_type: 'audit-log', outcome: 'forbidden', status: 403, result_count: 0 });
  });

  test('an operator may', async () => {
    const res = await http.get('/v1/audit?limit=1', operator.token);
    expect(res.status).toBe(200);
  });
});

describe('top companies', () => {
  test('without filters: every company of the latest run, by rank, over keyset pages', async () => {
    expect(ranked.length).toBeGreaterThan(20);
    expect(await listAll('', 10)).toEqual(ranked.map((c) => c.companyKey));
    expect(await listAll('', 200)).toEqual(ranked.map((c) => c.companyKey));
  });

  test('band', async () => {
    const bands = [...new Set(ranked.map((c) => c.band))];
    const band = bands.find((b) => b !== 'low') ?? bands[0] ?? 'low';
    const want = ranked.filter((c) => c.band === band).map((c) => c.companyKey);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(ranked.length);
    expect(await listAll(`band=${band}`)).toEqual(want);
    expect(await listAll(`band=${band},low`)).toEqual(ranked.filter((c) => c.band === band || c.band === 'low').map((c) => c.companyKey));
  });

  test('sector: a declared posting in that sector', async () => {
    const sector = mostCommon([...postings.values()].flat().map((p) => p.sector));
    const want = expected((p) => p.sector === sector);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(ranked.length);
    expect(await listAll(`sector=${encodeURIComponent(sector.toUpperCase())}`)).toEqual(want);
  });

  test('sending country: undertaking country or legislation state of a posting', async () => {
    const country = mostCommon([...postings.values()].flat().map((p) => p.sending));
    const want = expected((p) => p.sending === country);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(ranked.length);
    expect(await listAll(`sendingCountry=${country.toLowerCase()}`)).toEqual(want);
  });

  test('host region: a country, or a country and postal-code prefix of a place of work', async () => {
    const places = [...postings.values()].flat().flatMap((p) => p.places);
    const country = mostCommon(places.map((p) => p.country));
    const wantCountry = expected((p) => p.places.some((x) => x.country === country));
    expect(wantCountry.length).toBeGreaterThan(0);
    expect(await listAll(`hostRegion=${country}`)).toEqual(wantCountry);

    const prefix = mostCommon(places.filter((p) => p.country === country && p.postal.length >= 2).map((p) => p.postal.slice(0, 2)));
    const wantRegion = expected((p) => p.places.some((x) => x.country === country && x.postal.startsWith(prefix)));
    expect(wantRegion.length).toBeGreaterThan(0);
    expect(wantRegion.length).toBeLessThan(wantCountry.length);
    expect(await listAll(`hostRegion=${country}-${prefix}`)).toEqual(wantRegion);
  });

  test('period: postings overlapping [from, to]', async () => {
    const starts = [...postings.values()].flat().map((p) => p.start).filter((s): s is string => s !== null).sort();
    const from = starts[Math.floor(starts.length * 0.8)] ?? '2025-01-01';
    const to = from.slice(0, 8) + '28';
    const want = expected((p) => p.start !== null && p.start <= to && (p.end === null || p.end >= from));
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(ranked.length);
    expect(await listAll(`from=${from}&to=${to}`)).toEqual(want);
    const onlyFrom = expected((p) => p.end === null || p.end >= from);
    expect(await listAll(`from=${from}`)).toEqual(onlyFrom);
  });

  test('posting filters hold on one posting together, and combine with band', async () => {
    const all = [...postings.values()].flat();
    const sector = mostCommon(all.map((p) => p.sector));
    const country = mostCommon(all.filter((p) => p.sector === sector).flatMap((p) => p.places.map((x) => x.country)));
    const bands = ['low', 'medium'];
    const want = expected((p) => p.sector === sector && p.places.some((x) => x.country === country), bands);
    expect(want.length).toBeGreaterThan(0);
    expect(await listAll(`sector=${encodeURIComponent(sector)}&hostRegion=${country}&band=${bands.join(',')}`)).toEqual(want);
  });

  test('a cursor stays on its run when a new run lands; a forged cursor is refused', async () => {
    const first = await http.get('/v1/companies?limit=5');
    const body = first.body as ListBody;
    expect(body.nextCursor).not.toBeNull();
    const runId = body.run?.id;
    const later = await db.pool.query<{ id: string }>("INSERT INTO risk_runs (ruleset_version, catalogue_version, as_of, finished_at) VALUES ('x', 'x', '2026-07-01', now()) RETURNING id");
    // A later run that dropped every company: the current score versions end at it.
    await db.pool.query('UPDATE risk_score_versions SET to_run = $1 WHERE to_run IS NULL', [later.rows[0]?.id]);
    try {
      const next = await http.get(`/v1/companies?limit=5&cursor=${body.nextCursor}`);
      expect((next.body as ListBody).run?.id).toBe(runId);
      expect((next.body as ListBody).items.map((i) => i.rank)).toEqual([6, 7, 8, 9, 10]);
      const latest = await http.get('/v1/companies?limit=5');
      expect((latest.body as ListBody).run?.id).toBe(Number(later.rows[0]?.id));
      expect((latest.body as ListBody).items).toEqual([]);
      const asOf = await http.get('/v1/companies?limit=5&asOf=2026-06-30');
      expect((asOf.body as ListBody).run?.id).toBe(runId);
    } finally {
      await db.pool.query('UPDATE risk_score_versions SET to_run = NULL WHERE to_run = $1', [later.rows[0]?.id]);
      await db.pool.query('DELETE FROM risk_runs WHERE id = $1', [later.rows[0]?.id]);
    }
    const forged = await http.get(`/v1/companies?cursor=${Buffer.from('c:1:abc').toString('base64url')}`);
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ error: { code: 'invalid-cursor', parameter: 'cursor' } });
  });

  test('unknown, repeated and invalid parameters are 400 with stable codes', async () => {
    const cases: Array<[string, string, string]> = [
      ['nationality=PL', 'unknown-parameter', 'nationality'],
      ['band=high&band=red', 'invalid-parameter', 'band'],
      ['band=purple', 'invalid-parameter', 'band'],
      ['hostRegion=France', 'invalid-parameter', 'hostRegion'],
      ['from=2024-02-30', 'invalid-parameter', 'from'],
      ['from=2024-05-01&to=2024-04-01', 'invalid-parameter', 'from'],
      ['limit=0', 'invalid-parameter', 'limit'],
      ['limit=201', 'invalid-parameter', 'limit'],
    ];
    for (const [q, code, parameter] of cases) {
      const res = await http.get(`/v1/companies?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body, q).toMatchObject({ error: { code, parameter } });
    }
  });
});

describe('dossier', () => {
  test('the top company: stored score and contributions, flags, documents, workers with identities for inspectors, timeline', async () => {
    const top = ranked[0];
    expect(top).toBeDefined();
    const key = top?.companyKey ?? '';
    const res = await http.get(`/v1/companies/${encodeURIComponent(key)}`);
    expect(res.status).toBe(200);
    const d = res.body as {
      companyKey: string; run: { id: number }; score: { score: number; rank: number; band: string; contributions: Array<{ controlId: string; controlVersion: number; points: number; evidence: string[] }> };
      flags: Array<{ controlId: string; subjectRef: string; severity: string }>; documents: { declarations: Array<{ declarationId: string }>; seds: Array<{ documentId: string }>; certificates: Array<{ certificateNumber: string }> };
      workersIdentified: boolean; workers: Array<{ personKey: string | null; identity: { familyName: string | null } | null; postings: Array<{ subjectType: string; subjectRef: string }> }>;
      timeline: Array<{ date: string; kind: string; ref: string }>;
    };
    const stored = (await db.pool.query<{ score: number; rank: number; band: string; contributions: unknown }>(
      'SELECT score, rank, band, contributions FROM lac_run_scores($1) WHERE company_key = $2', [d.run.id, key])).rows[0];
    expect(d.companyKey).toBe(key);
    expect(d.score).toMatchObject({ score: stored?.score, rank: 1, band: stored?.band });
    expect(d.score.contributions).toEqual(stored?.contributions);
    expect(d.score.contributions.reduce((s, c) => s + c.points, 0)).toBe(d.score.score);
    expect(d.score.score).toBeGreaterThan(0);
    for (const c of d.score.contributions) expect(c.evidence.length).toBeGreaterThan(0);

    const flags = (await db.pool.query<{ control_id: string; subject_ref: string }>('SELECT control_id, subject_ref FROM flags WHERE company_key = $1', [key])).rows;
    expect(d.flags.map((f) => `${f.controlId} ${f.subjectRef}`).sort()).toEqual(flags.map((f) => `${f.control_id} ${f.subject_ref}`).sort());
    for (const c of d.score.contributions) expect(d.flags.some((f) => f.controlId === c.controlId)).toBe(true);

    const subjects = (await db.pool.query<{ subject_type: string; subject_ref: string; person_key: string | null }>(
      'SELECT subject_type, subject_ref, person_key FROM matches WHERE company_key = $1', [key])).rows;
    expect(subjects.length).toBeGreaterThan(0);
    expect(d.workers.flatMap((w) => w.postings.map((p) => `${p.subjectType} ${p.subjectRef}`)).sort()).toEqual(subjects.map((s) => `${s.subject_type} ${s.subject_ref}`).sort());
    for (const s of subjects) {
      if (s.subject_type === 'declaration-worker') expect(d.documents.declarations.map((x) => x.declarationId)).toContain(s.subject_ref.replace(/#\d+$/, ''));
      else expect(d.documents.seds.map((x) => x.documentId)).toContain(s.subject_ref);
    }
    expect(d.workersIdentified).toBe(true);
    const identified = d.workers.filter((w) => w.identity !== null && w.identity.familyName !== null);
    expect(identified.length).toBeGreaterThan(0);

    expect(d.timeline.some((e) => e.kind === 'scored' && e.ref === `run:${d.run.id}`)).toBe(true);
    expect(d.timeline.map((e) => e.date)).toEqual([...d.timeline.map((e) => e.date)].sort());

    const audit = (await auditRows()).at(-1);
    expect(audit).toMatchObject({ key_id: 'insp-1', role: 'inspector', endpoint: '/v1/companies/{companyKey}', subject_type: 'company', subject_ref: key, outcome: 'ok', status: 200, result_count: 1, company_refs: [key] });
    expect([...(audit?.person_refs ?? [])].sort()).toEqual([...new Set(subjects.flatMap((s) => (s.person_key === null ? [] : [s.person_key])))].sort());

    // Operators get the same dossier without identities.
    const asOperator = await http.get(`/v1/companies/${encodeURIComponent(key)}`, operator.token);
    const o = asOperator.body as typeof d;
    expect(o.workersIdentified).toBe(false);
    expect(o.workers.every((w) => w.identity === null)).toBe(true);
    expect(o.workers.map((w) => w.personKey)).toEqual(d.workers.map((w) => w.personKey));
    const names = identified.map((w) => w.identity?.familyName ?? '').filter((n) => n.length > 3);
    for (const n of names) expect(JSON.stringify(o)).not.toContain(n);
  });

  test('an unknown company is 404 company-not-found, audited as not-found', async () => {
    const res = await http.get(`/v1/companies/${encodeURIComponent('vat:XX000')}`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'company-not-found' } });
    expect((await auditRows()).at(-1)).toMatchObject({ subject_type: 'company', subject_ref: 'vat:XX000', outcome: 'not-found', status: 404 });
  });
});

describe('audit log', () => {
  test('every read writes one row with who, what, filters and outcome; the operator endpoint reads them back', async () => {
    const before = (await auditRows()).length;
    const band = ranked[0]?.band ?? 'red';
    const list = await http.get(`/v1/companies?band=${band}&limit=3`, inspector.token);
    expect((list.body as ListBody).items.length).toBeGreaterThan(0);
    const bad = await http.get('/v1/companies?colour=blue', inspector.token);
    expect(bad.status).toBe(400);
    const rows = (await auditRows()).slice(before);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      key_id: 'insp-1', role: 'inspector', endpoint: '/v1/companies', subject_type: 'company-list', subject_ref: null,
      filters: { band: [band], limit: 3 }, outcome: 'ok', status: 200, result_count: (list.body as ListBody).items.length,
      company_refs: (list.body as ListBody).items.map((i) => i.companyKey),
    });
    expect(rows[1]).toMatchObject({ outcome: 'bad-request', status: 400, result_count: 0 });

    const read = await http.get('/v1/audit?keyId=insp-1&subjectType=company-list&outcome=ok&limit=1', operator.token);
    expect(read.status).toBe(200);
    const items = (read.body as { items: Array<Record<string, unknown>>; nextCursor: string | null }).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ keyId: 'insp-1', endpoint: '/v1/companies', filters: { band: [band], limit: 3 }, outcome: 'ok' });
    const byCompany = await http.get(`/v1/audit?companyKey=${encodeURIComponent(ranked[0]?.companyKey ?? '')}`, operator.token);
    expect((byCompany.body as { items: unknown[] }).items.length).toBeGreaterThan(0);

    // Paging the audit log: newest first, pages disjoint.
    const p1 = (await http.get('/v1/audit?limit=2', operator.token)).body as { items: Array<{ id: number }>; nextCursor: string };
    const p2 = (await http.get(`/v1/audit?limit=2&cursor=${p1.nextCursor}`, operator.token)).body as { items: Array<{ id: number }> };
    expect(p2.items[0]?.id).toBeLessThan(p1.items[1]?.id ?? 0);
    // Reading the log is itself audited.
    expect((await auditRows()).at(-1)).toMatchObject({ key_id: 'ops-1', endpoint: '/v1/audit', subject_type: 'audit-log', outcome: 'ok' });
  });

  test('audit rows cannot be rewritten', async () => {
    await expect(db.pool.query("UPDATE api_audit SET key_id = 'someone-else'")).rejects.toThrow(/append-only/);
  });

  test('when the audit row cannot be written, no data is returned', async () => {
    await db.pool.query('ALTER TABLE api_audit ADD CONSTRAINT audit_broken CHECK (false) NOT VALID');
    try {
      const key = ranked[0]?.companyKey ?? '';
      const res = await http.get(`/v1/companies/${encodeURIComponent(key)}`);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ error: { code: 'audit-unavailable' } });
      expect(JSON.stringify(res.body)).not.toContain(key);
      const list = await http.get('/v1/companies?limit=5');
      expect(list.status).toBe(503);
      expect(Object.keys(list.body as object)).toEqual(['error']);
    } finally {
      await db.pool.query('ALTER TABLE api_audit DROP CONSTRAINT audit_broken');
    }
  });
});

describe('responses fit the OpenAPI description', () => {
  test('list, dossier (both roles), audit list, errors', async () => {
    const key = encodeURIComponent(ranked[0]?.companyKey ?? '');
    const cases: Array<[string, string | null, string, string]> = [
      ['/v1/companies?limit=5', inspector.token, '/v1/companies', '200'],
      [`/v1/companies/${key}`, inspector.token, '/v1/companies/{companyKey}', '200'],
      [`/v1/companies/${key}`, operator.token, '/v1/companies/{companyKey}', '200'],
      ['/v1/audit?limit=20', operator.token, '/v1/audit', '200'],
      ['/v1/companies?x=1', inspector.token, '/v1/companies', '400'],
      ['/v1/companies', null, '/v1/companies', '401'],
      ['/v1/audit', inspector.token, '/v1/audit', '403'],
      [`/v1/companies/${encodeURIComponent('vat:XX000')}`, inspector.token, '/v1/companies/{companyKey}', '404'],
      ['/health', null, '/health', '200'],
      ['/ready', null, '/ready', '200'],
      ['/v1/verify?number=A-1&code=B', null, '/v1/verify', '200'],
    ];
    for (const [path, token, template, status] of cases) {
      const res = await http.get(path, token);
      expect(String(res.status), path).toBe(status);
      expect(check(doc, responseSchema(doc, template, 'get', status), res.body), path).toEqual([]);
    }
  });
});

describe('transport', () => {
  test('health, readiness, the verify handler, unknown paths and methods, large bodies', async () => {
    expect((await http.get('/health', null)).body).toEqual({ status: 'ok' });
    const ready = await http.get('/ready', null);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready' });
    const verify = await http.get('/v1/verify?number=XX-1&code=AAAA-BBBB', null);
    expect(verify.status).toBe(200);
    expect(verify.body).toEqual({ result: 'unknown-or-wrong-code', certificateNumber: 'XX-1' });
    expect((await http.get('/v1/verify?number=XX-1&code=A&debug=1', null)).status).toBe(400);
    const missing = await http.get('/v2/companies');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'not-found' } });
    const post = await http.get('/v1/companies', inspector.token, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    const big = await rawRequest('GET', '/v1/companies', 'x'.repeat(20_000));
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ error: { code: 'payload-too-large' } });
    const small = await rawRequest('GET', '/v1/companies?limit=1', 'x'.repeat(100));
    expect(small.status).toBe(200);
    const bad = await http.get('/v1/companies/%E0%A4%A');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.ts:\d+/);
  });
});
