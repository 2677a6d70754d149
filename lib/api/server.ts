/**
 * The HTTP API (`lac api`): node:http, JSON, versioned under /v1. Transport only: routes
 * (lib/api/routes.ts) call named SQL functions; this file does authentication, authorisation,
 * query checking, the audit row and the response.
 *
 * Audit rule: every request made with a valid key to a data route writes one api_audit row
 * (outcome ok, not-found, bad-request, forbidden or error), before the response is sent. A
 * successful read writes its row in the transaction that read the data, and the data is sent
 * only after that transaction committed: no row, no data (503 audit-unavailable). Requests
 * without a valid key write no row (they are logged): they read nothing, and an anonymous
 * caller must not be able to grow the audit table.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Pool } from '../db/pool.js';
import type { Logger } from '../log/logger.js';
import { readBody, sendJson as send, sendJsonText as sendText } from '../http/json-io.js';
import { createVerifyHandler, type VerifyHandler } from '../verify/http.js';
import { ApiError, errorBody } from './errors.js';
import { authenticate, type ApiKeyEntry, type Principal } from './keys.js';
import { openApiDocument } from './openapi.js';
import { parseQuery, type ParamParsers } from './params.js';
import { DATA_ROUTES, matchPath, PUBLIC_ROUTES, type DataRoute } from './routes.js';
import { insertAudit, type AuditOutcome } from './sql-audit.js';
import { checkReadiness } from './sql-ready.js';

export interface ApiServerOptions {
  pool: Pool;
  keys: ReadonlyMap<string, ApiKeyEntry>;
  logger: Logger;
  /** Verify endpoint behind one trusted reverse proxy (X-Forwarded-For). */
  trustProxy?: boolean;
  /** Largest request body accepted (data routes take none; POST /v1/verify has its own 4 KiB limit). */
  maxBodyBytes?: number;
}

export interface ApiServer {
  server: http.Server;
  /** Stop accepting, let requests in flight finish (up to `graceMs`), then close every connection. */
  close(graceMs?: number): Promise<void>;
}

const MAX_URL_LENGTH = 4096;
const VERIFY_PATH = '/v1/verify';

class AuditUnavailable extends Error {
  override readonly name = 'AuditUnavailable';
}

export function createApiServer(options: ApiServerOptions): ApiServer {
  const { pool, keys, logger } = options;
  const maxBody = options.maxBodyBytes ?? 16 * 1024;
  const verify: VerifyHandler = createVerifyHandler(pool, { path: VERIFY_PATH, logger, trustProxy: options.trustProxy ?? false });
  const openapi = JSON.stringify(openApiDocument());

  const server = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    const log: { route: string; keyId?: string } = { route: 'unmatched' };
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      // Route templates, never concrete paths or query strings: those carry company keys and filters.
      logger.info({ requestId, method: req.method, ...log, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'api request');
    });
    handle(req, res, requestId, log).catch((err: unknown) => {
      if (err instanceof ApiError && !res.headersSent) {
        req.resume();
        return sendError(res, err, requestId); // refused before any data was read (path, public query)
      }
      logger.error({ requestId, err: describe(err) }, 'api request failed');
      if (!res.headersSent) sendError(res, new ApiError('internal', 'internal error'), requestId);
      else res.destroy();
    });
  });
  server.requestTimeout = 60_000;
  server.headersTimeout = 15_000;

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string, log: { route: string; keyId?: string }): Promise<void> {
    if ((req.url ?? '').length > MAX_URL_LENGTH) {
      req.resume();
      return sendError(res, new ApiError('uri-too-long', `the request target is longer than ${MAX_URL_LENGTH} characters`), requestId);
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';

    // Public routes.
    const publicRoutes = PUBLIC_ROUTES.filter((r) => r.path === url.pathname);
    if (publicRoutes.length > 0) {
      log.route = url.pathname;
      const route = publicRoutes.find((r) => r.method === method);
      if (route === undefined) {
        req.resume();
        res.setHeader('Allow', publicRoutes.map((r) => r.method).join(', '));
        return sendError(res, new ApiError('method-not-allowed', `use ${publicRoutes.map((r) => r.method).join(' or ')}`), requestId);
      }
      parseQuery(url.searchParams, Object.fromEntries(route.query.map((q) => [q, (raw: string) => raw])));
      if (url.pathname === VERIFY_PATH) return verify(req, res); // its own body limit, rate limits and audit (verification_attempts)
      if (!(await bodyWithin(req, maxBody))) return tooLarge(res, requestId, maxBody);
      if (url.pathname === '/health') return send(res, 200, { status: 'ok' });
      if (url.pathname === '/v1/openapi.json') return sendText(res, 200, openapi);
      const ready = await checkReadiness(pool);
      return ready.ready ? send(res, 200, { status: 'ready', migrations: ready.migrations }) : send(res, 503, { status: 'not-ready', reason: ready.reason });
    }

    // Data routes.
    let found: { route: DataRoute; pathParams: Record<string, string> } | undefined;
    const allowed: string[] = [];
    for (const route of DATA_ROUTES) {
      const params = matchPath(route.path, url.pathname);
      if (params === null) continue;
      allowed.push(route.method);
      if (route.method === method) found = { route, pathParams: params };
    }
    if (found === undefined) {
      req.resume();
      if (allowed.length === 0) return sendError(res, new ApiError('not-found', 'no such endpoint; see /v1/openapi.json'), requestId);
      res.setHeader('Allow', allowed.join(', '));
      return sendError(res, new ApiError('method-not-allowed', `use ${allowed.join(' or ')}`), requestId);
    }
    const { route, pathParams } = found;
    log.route = route.path;
    if (!(await bodyWithin(req, maxBody))) return tooLarge(res, requestId, maxBody);

    const principal = authenticate(header(req, 'authorization'), keys);
    if (principal === null) {
      logger.warn({ requestId, route: route.path, reason: req.headers.authorization === undefined ? 'no-credentials' : 'bad-credentials' }, 'api request refused: unauthenticated');
      res.setHeader('WWW-Authenticate', 'Bearer realm="lac"');
      return sendError(res, new ApiError('unauthenticated', 'send a valid API key: Authorization: Bearer <key>'), requestId);
    }
    log.keyId = principal.keyId;
    const audit = async (outcome: AuditOutcome, status: number, filters: Record<string, unknown>): Promise<void> => {
      try {
        await insertAudit(pool, {
          requestId, keyId: principal.keyId, role: principal.role, method, endpoint: route.path, subjectType: route.subjectType,
          subjectRef: route.subjectRef(pathParams), filters, outcome, status, resultCount: 0, companyRefs: [], personRefs: [],
        });
      } catch (err) {
        throw new AuditUnavailable(describe(err).message);
      }
    };

    try {
      const rawFilters = Object.fromEntries(url.searchParams);
      if (!route.roles.includes(principal.role)) {
        await audit('forbidden', 403, rawFilters);
        return sendError(res, new ApiError('forbidden', `this endpoint needs the role ${route.roles.join(' or ')}`), requestId);
      }
      let params: Record<string, unknown>;
      try {
        params = parseQuery(url.searchParams, route.query as ParamParsers);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        await audit('bad-request', err.status, {});
        return sendError(res, err, requestId);
      }
      let result;
      try {
        result = await readAndAudit(route, principal, params, pathParams, requestId, method);
      } catch (err) {
        if (err instanceof ApiError) {
          await audit(err.status === 404 ? 'not-found' : 'bad-request', err.status, params);
          return sendError(res, err, requestId);
        }
        if (err instanceof AuditUnavailable) throw err;
        logger.error({ requestId, route: route.path, err: describe(err) }, 'api read failed');
        await audit('error', 500, params).catch(() => undefined);
        return sendError(res, new ApiError('internal', 'internal error'), requestId);
      }
      return send(res, 200, result);
    } catch (err) {
      if (!(err instanceof AuditUnavailable)) throw err;
      logger.error({ requestId, route: route.path, err: { name: err.name, message: err.message } }, 'audit write failed: nothing returned');
      return sendError(res, new ApiError('audit-unavailable', 'the audit log cannot be written; no data is returned'), requestId);
    }
  }

  /** Reads in one REPEATABLE READ transaction that also writes the audit row; returns the body once committed. */
  async function readAndAudit(route: DataRoute, principal: Principal, params: Record<string, unknown>, pathParams: Record<string, string>, requestId: string, method: string): Promise<unknown> {
    const client = await pool.connect();
    let open = false;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      open = true;
      const result = await route.handle({ client, principal, params, pathParams });
      try {
        await insertAudit(client, {
          requestId, keyId: principal.keyId, role: principal.role, method, endpoint: route.path, subjectType: route.subjectType,
          subjectRef: route.subjectRef(pathParams), filters: params, outcome: 'ok', status: 200, resultCount: result.resultCount,
          companyRefs: result.companyRefs, personRefs: result.personRefs,
        });
        await client.query('COMMIT');
        open = false;
      } catch (err) {
        throw new AuditUnavailable(describe(err).message);
      }
      return result.body;
    } finally {
      let discard = false;
      if (open) discard = await client.query('ROLLBACK').then(() => false, () => true);
      client.release(discard);
    }
  }

  return {
    server,
    close(graceMs = 10_000) {
      return new Promise((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Name, code and message of an error: never its stack, never the request. */
function describe(err: unknown): { name: string; code?: string; message: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { name: err.name, ...(typeof code === 'string' ? { code } : {}), message: err.message.slice(0, 300) };
  }
  return { name: 'unknown', message: 'non-error thrown' };
}

/** Reads and discards the body; false when it is larger than `max` (then the connection is closed after the answer). */
async function bodyWithin(req: IncomingMessage, max: number): Promise<boolean> {
  return (await readBody(req, max, { keep: false })) !== 'too-large';
}

function tooLarge(res: ServerResponse, requestId: string, max: number): void {
  res.setHeader('Connection', 'close');
  sendError(res, new ApiError('payload-too-large', `the body is larger than ${max} bytes`), requestId);
}

function sendError(res: ServerResponse, err: ApiError, requestId: string): void {
  send(res, err.status, errorBody(err, requestId));
}
