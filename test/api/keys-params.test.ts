/** API keys, query parsing and cursors: the pure parts of the API. */
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { authenticate, generateApiKey, parseApiKeys } from '../../lib/api/keys.js';
import { parseQuery, enumList, intInRange, isoDate } from '../../lib/api/params.js';
import { cursorParser, encodeCursor } from '../../lib/api/cursor.js';
import { ApiError } from '../../lib/api/errors.js';
import { openApiDocument } from '../../lib/api/openapi.js';
import { check } from './schema-check.js';

describe('API keys', () => {
  const a = generateApiKey('alice', 'inspector');
  const b = generateApiKey('ops', 'operator');
  const keys = parseApiKeys(`${a.entry}, ${b.entry}`);

  test('the server keeps only the SHA-256 of the token; the token authenticates as its key and role', () => {
    expect(a.entry).toBe(`alice:inspector:${createHash('sha256').update(a.token).digest('hex')}`);
    expect(a.entry).not.toContain(a.token.split('.')[1]);
    expect(authenticate(`Bearer ${a.token}`, keys)).toEqual({ keyId: 'alice', role: 'inspector' });
    expect(authenticate(`bearer  ${b.token}`, keys)).toEqual({ keyId: 'ops', role: 'operator' });
  });

  test('anything else is refused alike', () => {
    const other = generateApiKey('alice', 'inspector');
    for (const h of [undefined, '', 'Bearer', `Basic ${a.token}`, `Bearer ${other.token}`, `Bearer ${a.token.slice(0, -1)}`, `Bearer ${b.token.replace('ops.', 'alice.')}`, `Bearer ${a.token} extra`]) {
      expect(authenticate(h, keys), String(h)).toBeNull();
    }
  });

  test('bad LAC_API_KEYS entries stop the start with a message naming the variable', () => {
    expect(() => parseApiKeys('alice:admin:' + '0'.repeat(64))).toThrow(/LAC_API_KEYS: .*role/);
    expect(() => parseApiKeys('alice:inspector:abc')).toThrow(/LAC_API_KEYS: .*64 hex/);
    expect(() => parseApiKeys(`${a.entry},${a.entry}`)).toThrow(/listed twice/);
    expect(() => parseApiKeys('Alice:inspector:' + '0'.repeat(64))).toThrow(/LAC_API_KEYS/);
    expect(parseApiKeys(undefined).size).toBe(0);
    expect(() => generateApiKey('x', 'root')).toThrow(/role/);
  });
});

describe('query parameters', () => {
  const parsers = { band: enumList(['low', 'high'] as const), limit: intInRange(1, 10), day: isoDate };
  const codeOf = (q: string): string | null => {
    try {
      parseQuery(new URLSearchParams(q), parsers);
      return null;
    } catch (err) {
      return err instanceof ApiError ? err.code : 'other';
    }
  };

  test('parse lists, integers and dates', () => {
    expect(parseQuery(new URLSearchParams('band=low,high,low&limit=3&day=2024-02-29'), parsers)).toEqual({ band: ['low', 'high'], limit: 3, day: '2024-02-29' });
  });

  test('refuse unknown, repeated and invalid values with stable codes', () => {
    expect(codeOf('colour=red')).toBe('unknown-parameter');
    expect(codeOf('__proto__=1')).toBe('unknown-parameter');
    expect(codeOf('limit=1&limit=2')).toBe('invalid-parameter');
    expect(codeOf('band=')).toBe('invalid-parameter');
    expect(codeOf('limit=11')).toBe('invalid-parameter');
    expect(codeOf('limit=1e1')).toBe('invalid-parameter');
    expect(codeOf('day=2023-02-29')).toBe('invalid-parameter');
  });

  test('cursors round-trip and refuse anything forged', () => {
    const parse = cursorParser('c', 2);
    expect(parse(encodeCursor('c', [12, 40]), 'cursor')).toEqual([12, 40]);
    for (const bad of [encodeCursor('a', [12, 40]), encodeCursor('c', [12]), Buffer.from('c:1:-2').toString('base64url'), 'not a cursor', '']) {
      expect(() => parse(bad, 'cursor')).toThrow(ApiError);
    }
  });
});

test('the schema checker used on responses does find mismatches', () => {
  const doc = openApiDocument();
  const schema = { $ref: '#/components/schemas/CompanyListItem' };
  const good = { rank: 1, companyKey: 'k', name: null, country: 'DE', score: 40, band: 'high', redFlag: false, explanation: [] };
  expect(check(doc, schema, good)).toEqual([]);
  expect(check(doc, schema, { ...good, extra: 1 })).not.toEqual([]);
  expect(check(doc, schema, { ...good, band: 'purple' })).not.toEqual([]);
  expect(check(doc, schema, { ...good, score: 101 })).not.toEqual([]);
  const { rank: _rank, ...missing } = good;
  expect(check(doc, schema, missing)).not.toEqual([]);
});
