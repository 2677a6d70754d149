/**
 * A standalone Node HTTP handler for certificate verification (the full API server comes later
 * and can mount it): `GET /verify?number=...&code=...` or `POST /verify` with JSON
 * `{"number": "...", "code": "..."}`. Responses are JSON; statuses and bodies are documented in
 * lib/verify/README.md. Rate limited per client IP (IPv6 per /64) and per certificate number.
 *
 *   http.createServer(createVerifyHandler(pool, { trustProxy: true })).listen(8080)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import net from 'node:net';
import type { Logger } from '../log/logger.js';
import type { Pool } from '../db/pool.js';
import type { VerifiedCertificate, VerifyKey } from '../../core/verify/verify.js';
import { readBody, sendJson } from '../http/json-io.js';
import { VerifyInputError, verifyCertificate, type RateLimits, type VerifyServiceResult } from './verify-service.js';

export interface VerifyHandlerOptions {
  /** Path served; default `/verify`. Anything else is 404. */
  path?: string;
  /** Clock (tests); default the current time. */
  now?: () => Date;
  /** Time zone of "today" for expiry; default `UTC`. */
  timeZone?: string;
  limits?: Partial<RateLimits>;
  /**
   * Behind one trusted reverse proxy: take the client address from the last `X-Forwarded-For`
   * entry (the one that proxy added). Default false: the socket's peer address.
   */
  trustProxy?: boolean;
  /**
   * Tell `unknown` from `wrong-code` in responses. Default false: both answer
   * `unknown-or-wrong-code`, so the public endpoint does not confirm which numbers exist.
   */
  revealUnknown?: boolean;
  /** Largest POST body accepted; default 4 KiB. */
  maxBodyBytes?: number;
  logger?: Logger;
  key?: VerifyKey;
}

export type VerifyHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The body of a 200 answer. */
export type VerifyResponseBody =
  | { result: 'valid' | 'withdrawn' | 'expired'; certificate: VerifiedCertificate }
  | { result: 'unknown' | 'wrong-code' | 'unknown-or-wrong-code'; certificateNumber: string };

export function createVerifyHandler(pool: Pool, options: VerifyHandlerOptions = {}): VerifyHandler {
  const path = options.path ?? '/verify';
  const maxBody = options.maxBodyBytes ?? 4096;
  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      options.logger?.error({ err: err instanceof Error ? { name: err.name, message: err.message } : String(err) }, 'verify request failed');
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'internal error' } });
      else res.destroy();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== path) return sendJson(res, 404, { error: { code: 'not-found', message: `no such path; use ${path}` } });

    let input: { number: unknown; code: unknown };
    if (req.method === 'GET') {
      const q = url.searchParams;
      input = { number: q.get('number') ?? q.get('certificateNumber'), code: q.get('code') ?? q.get('securityCode') };
    } else if (req.method === 'POST') {
      const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/json') {
        req.resume();
        return sendJson(res, 415, { error: { code: 'unsupported-media-type', message: 'send application/json' } });
      }
      const body = await readBody(req, maxBody);
      if (body === 'too-large') {
        res.setHeader('Connection', 'close');
        return sendJson(res, 413, { error: { code: 'too-large', message: `the body is larger than ${maxBody} bytes` } });
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        return sendJson(res, 400, { error: { code: 'bad-request', message: 'the body is not JSON' } });
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        return sendJson(res, 400, { error: { code: 'bad-request', message: 'the body must be a JSON object' } });
      }
      const o = parsed as Record<string, unknown>;
      input = { number: o.number ?? o.certificateNumber, code: o.code ?? o.securityCode };
    } else {
      req.resume();
      res.setHeader('Allow', 'GET, POST');
      return sendJson(res, 405, { error: { code: 'method-not-allowed', message: 'use GET or POST' } });
    }

    if (typeof input.number !== 'string' || typeof input.code !== 'string') {
      return sendJson(res, 400, { error: { code: 'bad-request', message: 'number and code are required strings' } });
    }

    let result: VerifyServiceResult;
    try {
      result = await verifyCertificate(pool, input.number, input.code, {
        clientId: `ip:${clientAddress(req, options.trustProxy ?? false)}`,
        channel: 'http',
        ...(options.now === undefined ? {} : { now: options.now() }),
        ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
        ...(options.limits === undefined ? {} : { limits: options.limits }),
        ...(options.key === undefined ? {} : { key: options.key }),
      });
    } catch (err) {
      if (err instanceof VerifyInputError) return sendJson(res, 400, { error: { code: 'bad-request', field: err.field, message: err.message } });
      throw err;
    }

    switch (result.result) {
      case 'rate-limited':
        res.setHeader('Retry-After', String(result.retryAfterSeconds));
        return sendJson(res, 429, { result: 'rate-limited', retryAfterSeconds: result.retryAfterSeconds });
      case 'unknown':
      case 'wrong-code': {
        const body: VerifyResponseBody = {
          result: options.revealUnknown === true ? result.result : 'unknown-or-wrong-code',
          certificateNumber: result.certificateNumber,
        };
        return sendJson(res, 200, body);
      }
      default: {
        const body: VerifyResponseBody = { result: result.result, certificate: result.certificate };
        return sendJson(res, 200, body);
      }
    }
  }
}

/** The rate-limit identity of the caller: an IPv4 address, or the /64 prefix of an IPv6 one. */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  let address = req.socket.remoteAddress ?? 'unknown';
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const joined = Array.isArray(header) ? header.join(',') : header;
    const last = joined?.split(',').map((s) => s.trim()).filter((s) => s !== '').at(-1);
    if (last !== undefined && net.isIP(last) !== 0) address = last;
  }
  return addressKey(address);
}

/** `::ffff:1.2.3.4` → `1.2.3.4`; IPv6 → its /64 (one subscriber usually holds a whole /64). */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1] !== undefined) return mapped[1];
  const bare = address.replace(/%.*$/, '');
  if (net.isIPv6(bare)) return `${ipv6Groups(bare).slice(0, 4).join(':')}::/64`;
  return address;
}

function ipv6Groups(address: string): string[] {
  const toGroups = (part: string): string[] => {
    if (part === '') return [];
    const pieces = part.split(':');
    const last = pieces.at(-1);
    if (last !== undefined && last.includes('.')) {
      // Embedded IPv4 in the last 32 bits.
      const [a = 0, b = 0, c = 0, d = 0] = last.split('.').map(Number);
      pieces.splice(-1, 1, ((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
    }
    return pieces;
  };
  const [head = '', tail] = address.split('::');
  const h = toGroups(head);
  const t = tail === undefined ? [] : toGroups(tail);
  const zeros = tail === undefined ? [] : new Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0');
  return [...h, ...zeros, ...t].map((g) => parseInt(g, 16).toString(16));
}
