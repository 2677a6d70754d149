import { createHmac } from 'node:crypto';
import { expect, test } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { createPseudonymiser, pseudonymiserFromEnv } from '../../lib/export/pseudonymise.js';

const P = /^p_[0-9a-f]{16}$/;

test('pseudonyms are p_ + 16 hex characters, stable for one secret', () => {
  const a = createPseudonymiser('s3cret-for-tests');
  const b = createPseudonymiser('s3cret-for-tests');
  expect(a.name('Müller')).toMatch(P);
  expect(a.name('Müller')).toBe(b.name('Müller'));
  expect(a.pin('DE', '12110285M005')).toBe(b.pin('DE', '12110285M005'));
  expect(a.birthDate('1985-02-11')).toBe(b.birthDate('1985-02-11'));
});

test('the algorithm is pinned: pseudonyms must not change between LAC versions', () => {
  const hmac = (v: string): string => `p_${createHmac('sha256', 'key').update(v, 'utf8').digest('hex').slice(0, 16)}`;
  const p = createPseudonymiser('key');
  expect(p.name(' Müller ')).toBe(hmac('name\x00MÜLLER'));
  expect(p.birthDate('1985-02-11')).toBe(hmac('birth-date\x001985-02-11'));
  expect(p.pin('DE', '12110285M005')).toBe(hmac('pin\x00DE\x0012110285M005'));
  expect(p.pin(null, '1')).toBe(hmac('pin\x00\x001'));
});

test('another secret gives other pseudonyms', () => {
  const a = createPseudonymiser('one');
  const b = createPseudonymiser('two');
  expect(a.name('Müller')).not.toBe(b.name('Müller'));
});

test('kinds and countries are kept apart; spelling variants are not', () => {
  const p = createPseudonymiser('k');
  expect(p.name('1985-02-11')).not.toBe(p.birthDate('1985-02-11'));
  expect(p.pin('DE', '123')).not.toBe(p.pin('FR', '123'));
  expect(p.pin('DE', '123')).not.toBe(p.name('123'));
  expect(p.pin('DE', '12 11.02-85')).toBe(p.pin('DE', '12110285'));
  expect(p.name('Anna  Maria')).toBe(p.name('anna maria'));
  expect(p.name('Jan')).not.toBe(p.name('Jana'));
});

test('the secret comes from LAC_PSEUDONYM_SECRET; missing, the error names it', () => {
  expect(() => pseudonymiserFromEnv({})).toThrow(ConfigError);
  expect(() => pseudonymiserFromEnv({})).toThrow(/LAC_PSEUDONYM_SECRET/);
  expect(() => pseudonymiserFromEnv({ LAC_PSEUDONYM_SECRET: '  ' })).toThrow(/LAC_PSEUDONYM_SECRET/);
  const p = pseudonymiserFromEnv({ LAC_PSEUDONYM_SECRET: 'abc' });
  expect(p.name('x')).toBe(createPseudonymiser('abc').name('x'));
});
