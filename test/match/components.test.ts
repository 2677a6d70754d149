/** Identity components: records joined by a shared birth date or PIN, transitively, in any input order. */
import { expect, test } from 'vitest';
import { blocksOf, connectedComponents, type Blocked } from '../../core/match/components.js';

const r = (ref: string, birthDate: string | null, pinKeys: string[] = []): Blocked => ({ ref, birthDate, pinKeys });

test('a record is blocked by its birth date and PINs, or by itself when it has neither', () => {
  expect(blocksOf(r('a', '1980-01-01', ['DE:1', 'FR:2']))).toEqual(['bd:1980-01-01', 'pin:DE:1', 'pin:FR:2']);
  expect(blocksOf(r('b', null))).toEqual(['ref:b']);
});

test('birth dates tied by a PIN, and a record without birth date sharing a PIN, make one component', () => {
  const records = [
    r('w1', '1990-01-01', ['DE:CHAIN1']),
    r('w2', '1990-01-01'),
    r('c1', '1990-01-02', ['DE:CHAIN1']),
    r('w3', '1990-01-02'),
    r('s1', null, ['DE:CHAIN1', 'PL:9']),
    r('s2', null, ['PL:9']),
    r('alone', '1991-01-01'),
    r('nothing', null),
  ];
  const expected = [['alone'], ['c1', 's1', 's2', 'w1', 'w2', 'w3'], ['nothing']];
  const refs = (list: Blocked[][]) => list.map((c) => c.map((x) => x.ref));
  expect(refs(connectedComponents(records))).toEqual(expected);
  expect(refs(connectedComponents([...records].reverse()))).toEqual(expected);
});

test('many records on one birth date are one component, never cut', () => {
  const crowd = Array.from({ length: 50_000 }, (_, i) => r(`r${String(i).padStart(5, '0')}`, '1900-01-01', [`XX:${i}`]));
  const components = connectedComponents(crowd);
  expect(components).toHaveLength(1);
  expect(components[0]).toHaveLength(50_000);
});
