/** The standalone verify HTTP handler, served by node:http on an ephemeral port and called with fetch. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addressKey, createVerifyHandler, type VerifyHandlerOptions } from '../../lib/verify/http.js';
import { hashSecurityCodes } from '../../lib/verify/sql-verify.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { ingestEvents, validWithdrawnExpired } from './helpers.js';
import { DEFAULT_PUBLIC_VIEW } from '../support/verify-certificates.js';

let db: TestDatabase;
const servers: http.Server[] = [];
const now = () => new Date('2024-06-15T12:00:00Z');

async function serve(options: VerifyHandlerOptions = {}): Promise<string> {
  const server = http.createServer(createVerifyHandler(db.pool, { now, ...options }));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Each test uses its own proxy-reported client address so per-IP limits do not interfere. */
let ipCounter = 0;
function fromNewClient(): Record<string, string> {
  ipCounter++;
  return { 'x-forwarded-for': `10.0.${Math.floor(ipCounter / 250)}.${ipCounter % 250}` };
}

let base: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await ingestEvents(db.pool, validWithdrawnExpired());
  await hashSecurityCodes(db.pool);
  base = await serve({ trustProxy: true });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await db.drop();
});

describe('GET and POST', () => {
  test('GET with a right code: 200, valid, only what the rules allow, not cacheable', async () => {
    const res = await fetch(`${base}/verify?number=FR-A1-2024-0001234&code=7k2q-9xtd`, { headers: fromNewClient() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      result: 'valid',
      certificate: DEFAULT_PUBLIC_VIEW,
    });
    const text = JSON.stringify(body);
    for (const personal of ['Martin', 'Luc', '1979-07-02', '1790775123456', 'Façades']) expect(text).not.toContain(personal);
  });

  test('POST JSON: the same answers; withdrawn and expired are 200 with their result', async () => {
    const post = (payload: unknown) =>
      fetch(`${base}/verify`, { method: 'POST', headers: { 'content-type': 'application/json', ...fromNewClient() }, body: JSON.stringify(payload) });
    const valid = await post({ number: 'FR-A1-2024-0001234', code: '7K2Q9XTD' });
    expect(valid.status).toBe(200);
    expect(((await valid.json()) as { result: string }).result).toBe('valid');

    const withdrawn = await post({ certificateNumber: 'FR-A1-2024-W', securityCode: 'WWWW-1111' });
    expect(withdrawn.status).toBe(200);
    expect(await withdrawn.json()).toMatchObject({ result: 'withdrawn', certificate: { status: 'withdrawn', withdrawnAt: '2024-05-02' } });

    const expired = await post({ number: 'FR-A1-2023-X', code: 'XXXX-2222' });
    expect(await expired.json()).toMatchObject({ result: 'expired', certificate: { endDate: '2024-01-31' } });
  });

  test('unknown number and wrong code give the same answer', async () => {
    const unknown = await fetch(`${base}/verify?number=FR-A1-2024-7777777&code=7K2Q-9XTD`, { headers: fromNewClient() });
    const wrong = await fetch(`${base}/verify?number=FR-A1-2024-0001234&code=AAAA-BBBB`, { headers: fromNewClient() });
    expect(unknown.status).toBe(200);
    expect(wrong.status).toBe(200);
    expect(await unknown.json()).toEqual({ result: 'unknown-or-wrong-code', certificateNumber: 'FR-A1-2024-7777777' });
    expect(await wrong.json()).toEqual({ result: 'unknown-or-wrong-code', certificateNumber: 'FR-A1-2024-0001234' });
  });

  test('revealUnknown tells them apart (for trusted deployments)', async () => {
    const url = await serve({ trustProxy: true, revealUnknown: true });
    const unknown = await fetch(`${url}/verify?number=FR-A1-2024-7777777&code=7K2Q-9XTD`, { headers: fromNewClient() });
    const wrong = await fetch(`${url}/verify?number=FR-A1-2024-0001234&code=AAAA-BBBB`, { headers: fromNewClient() });
    expect(((await unknown.json()) as { result: string }).result).toBe('unknown');
    expect(((await wrong.json()) as { result: string }).result).toBe('wrong-code');
  });
});

describe('errors', () => {
  test('missing or bad input: 400 with a JSON error', async () => {
    const cases: Array<Promise<Response>> = [
      fetch(`${base}/verify?number=FR-A1-2024-0001234`, { headers: fromNewClient() }),
      fetch(`${base}/verify?number=&code=x`, { headers: fromNewClient() }),
      fetch(`${base}/verify?number=${'x'.repeat(100)}&code=x`, { headers: fromNewClient() }),
      fetch(`${base}/verify`, { method: 'POST', headers: { 'content-type': 'application/json', ...fromNewClient() }, body: '{not json' }),
      fetch(`${base}/verify`, { method: 'POST', headers: { 'content-type': 'application/json', ...fromNewClient() }, body: '["FR", "x"]' }),
      fetch(`${base}/verify`, { method: 'POST', headers: { 'content-type': 'application/json', ...fromNewClient() }, body: '{"number": 5, "code": "x"}' }),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'bad-request', message: expect.any(String) } });
    }
  });

  test('other paths 404, other methods 405 with Allow, other media types 415, large bodies 413', async () => {
    const notFound = await fetch(`${base}/other`);
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toMatchObject({ error: { code: 'not-found' } });

    const del = await fetch(`${base}/verify`, { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET, POST');

    const form = await fetch(`${base}/verify`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'number=a&code=b' });
    expect(form.status).toBe(415);

    const big = await fetch(`${base}/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ number: 'x', code: 'y', pad: 'z'.repeat(10_000) }) });
    expect(big.status).toBe(413);
  });

  test('a database failure is a 500 without details', async () => {
    const broken = await createTestDatabase();
    await broken.pool.query('DROP TABLE verification_attempts');
    const server = http.createServer(createVerifyHandler(broken.pool, { now }));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/verify?number=A&code=B`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'internal', message: 'internal error' } });
    await broken.drop();
  });
});

describe('rate limiting per IP', () => {
  test('the 11th request from one address within a minute: 429 with Retry-After; another address is served', async () => {
    const url = await serve();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await fetch(`${url}/verify?number=FR-RATE-${i}&code=AAAA`);
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get('retry-after')).toBe('60');
        expect(await res.json()).toEqual({ result: 'rate-limited', retryAfterSeconds: 60 });
      } else {
        await res.arrayBuffer();
      }
    }
    expect(statuses).toEqual([...Array<number>(10).fill(200), 429]);
    // Without trustProxy a spoofed X-Forwarded-For changes nothing.
    const spoofed = await fetch(`${url}/verify?number=FR-RATE-X&code=AAAA`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(spoofed.status).toBe(429);
    // Behind the trusted proxy (base), addresses are told apart by the forwarded header.
    const other = await fetch(`${base}/verify?number=FR-A1-2024-0001234&code=7K2Q-9XTD`, { headers: fromNewClient() });
    expect(other.status).toBe(200);
  });
});

test('addressKey: IPv4 as is, IPv4-mapped IPv6 unwrapped, IPv6 by /64', () => {
  expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
  expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
  expect(addressKey('2001:db8:aa:bb:1:2:3:4')).toBe('2001:db8:aa:bb::/64');
  expect(addressKey('2001:db8:aa:bb::ffff')).toBe('2001:db8:aa:bb::/64');
  expect(addressKey('2001:0db8::1')).toBe('2001:db8:0:0::/64');
  expect(addressKey('::1')).toBe('0:0:0:0::/64');
  expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  expect(addressKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
});
