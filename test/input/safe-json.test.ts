import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonStrict } from '../../core/input/safe-json.js';
import { HAVE_REFERENCE, NAV_SAMPLES, codeOf, rejectionOf } from './helpers.js';

// A real NAV document when the shared reference is there, else a synthetic one of similar shape.
const NAV_A009 = `${NAV_SAMPLES}sedA009.json`;
const navText = (): string => (HAVE_REFERENCE ? readFileSync(NAV_A009, 'utf8') : JSON.stringify(synthetic()));

function synthetic(): unknown {
  const person = { fornavn: 'Jan', etternavn: 'Müller', foedselsdato: '1985-02-11', pin: [{ land: 'DE', identifikator: '12110285M005', sektor: 'alle' }] };
  return { sed: 'A009', sedGVer: '4', sedVer: '1', nav: { bruker: { person, adresse: [{ by: 'Lyon', land: 'FR', type: 'bosted' }] } }, medlemskap: { vedtak: { land: 'DE', gjelderperiode: { fastperiode: { startdato: '2024-04-01', sluttdato: '2024-09-30' } } } } };
}

describe('parseJsonStrict: accepts what JSON.parse accepts', () => {
  it('parses documents identically to JSON.parse', () => {
    const samples = [
      '{"a":1,"b":[true,false,null],"c":{"d":"x\\"y","e":-1.5e3}}',
      '[]',
      '{}',
      '"just a string"',
      '42',
      'null',
      ' { "k" : [ { "k" : 1 } , { "k" : 2 } ] } ',
      '{"a\\\\":"\\\\","b":"}]{[,\\":"}',
      navText(),
    ];
    for (const s of samples) expect(parseJsonStrict(s)).toEqual(JSON.parse(s));
  });

  it('agrees with JSON.parse on generated documents, compact or indented', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(0, 1, 2, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const hasForbidden = /"(?:__proto__|constructor|prototype)":/.test(text);
        if (hasForbidden) expect(codeOf(() => parseJsonStrict(text))).toBe('JSON_FORBIDDEN_KEY');
        else expect(parseJsonStrict(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('allows the same key in sibling and nested objects', () => {
    expect(parseJsonStrict('{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}],"c":{"a":3}}')).toBeTruthy();
  });

  it('allows forbidden words as values', () => {
    expect(parseJsonStrict('{"k":"__proto__","l":["constructor","prototype"]}')).toEqual({
      k: '__proto__',
      l: ['constructor', 'prototype'],
    });
  });

  it('returns plain objects without inherited surprises', () => {
    const v = parseJsonStrict('{"a":{"b":1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });
});

describe('parseJsonStrict: rejections', () => {
  it('malformed JSON: JSON_MALFORMED', () => {
    for (const s of ['{"a":1,}', "{'a':1}", '{"a":', '{"a" 1}', '[1 2]', 'NaN', '{"a":01}', '{"a":"\u0001"}', '']) {
      expect(codeOf(() => parseJsonStrict(s))).toBe('JSON_MALFORMED');
    }
  });

  it('duplicate key at the top: JSON_DUPLICATE_KEY', () => {
    const err = rejectionOf(() => parseJsonStrict('{"a":1,"b":2,"a":3}'));
    expect(err.code).toBe('JSON_DUPLICATE_KEY');
    expect(err.path).toBe('a');
  });

  it('duplicate key nested in objects and arrays, with its path', () => {
    const err = rejectionOf(() =>
      parseJsonStrict('{"nav":{"bruker":{"person":{"pin":[{"land":"NO"},{"land":"SE","identifikator":"1","land":"DK"}]}}}}'),
    );
    expect(err.code).toBe('JSON_DUPLICATE_KEY');
    expect(err.path).toBe('nav.bruker.person.pin[1].land');
  });

  it('duplicate key written with an escape: JSON_DUPLICATE_KEY', () => {
    expect(codeOf(() => parseJsonStrict('{"sed":"A009","s\\u0065d":"A003"}'))).toBe('JSON_DUPLICATE_KEY');
  });

  it('duplicate key after a nested object, in a large object', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `"k${i}":{"k${i}":[1,{"x":1}]}`);
    expect(parseJsonStrict(`{${keys.join(',')}}`)).toBeTruthy();
    expect(codeOf(() => parseJsonStrict(`{${keys.join(',')},"k3":0}`))).toBe('JSON_DUPLICATE_KEY');
    expect(codeOf(() => parseJsonStrict(`{${keys.join(',')},"k39":0}`))).toBe('JSON_DUPLICATE_KEY');
  });

  it('__proto__ at depth: JSON_FORBIDDEN_KEY', () => {
    const err = rejectionOf(() => parseJsonStrict('{"a":[{"b":{"c":1}},{"b":{"__proto__":{"polluted":true}}}]}'));
    expect(err.code).toBe('JSON_FORBIDDEN_KEY');
    expect(err.path).toBe('a[1].b.__proto__');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('constructor, prototype and an escaped __proto__: JSON_FORBIDDEN_KEY', () => {
    expect(codeOf(() => parseJsonStrict('{"constructor":{"prototype":{}}}'))).toBe('JSON_FORBIDDEN_KEY');
    expect(codeOf(() => parseJsonStrict('{"x":{"prototype":1}}'))).toBe('JSON_FORBIDDEN_KEY');
    expect(codeOf(() => parseJsonStrict('{"\\u005f_proto__":1}'))).toBe('JSON_FORBIDDEN_KEY');
  });

  it('nesting deeper than the limit (64 by default): TOO_DEEP', () => {
    const nest = (n: number): string => '['.repeat(n) + ']'.repeat(n);
    expect(parseJsonStrict(nest(64))).toBeTruthy();
    expect(codeOf(() => parseJsonStrict(nest(65)))).toBe('TOO_DEEP');
    expect(codeOf(() => parseJsonStrict(nest(100_000)))).toBe('TOO_DEEP');
    const objects = (n: number): string => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    expect(parseJsonStrict(objects(5), { maxDepth: 5 })).toBeTruthy();
    const err = rejectionOf(() => parseJsonStrict(objects(6), { maxDepth: 5 }));
    expect(err.code).toBe('TOO_DEEP');
    expect(err.path).toBe('a.a.a.a.a');
  });

  it('brackets and quotes inside strings do not count as nesting', () => {
    const s = `{"a":"${'[{'.repeat(100)}\\"${'['.repeat(100)}"}`;
    expect(parseJsonStrict(s, { maxDepth: 2 })).toEqual(JSON.parse(s));
  });
});

describe('parseJsonStrict: speed', () => {
  it('stays within a small factor of JSON.parse on a ~10 KB document', () => {
    const nav: unknown = JSON.parse(navText());
    let text = JSON.stringify({ a: nav, b: nav, c: nav, d: nav });
    while (text.length < 9000) text = JSON.stringify({ a: JSON.parse(text) as unknown, b: nav });
    const time = (f: () => void): number => {
      let best = Infinity;
      for (let r = 0; r < 15; r++) {
        const t0 = performance.now();
        for (let i = 0; i < 100; i++) f();
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    const native = time(() => JSON.parse(text));
    const strict = time(() => parseJsonStrict(text));
    // Measured about 1.7-2.7x; the bound is loose so that a busy machine does not fail the build.
    expect(strict / native).toBeLessThan(8);
  });
});
