/** The log grep of logs-no-personal-data.int.test.ts can fail: planted values are found, look-alikes are not. */
import { expect, test } from 'vitest';
import { dateForms, findLeaks, type Needles } from './find-leaks.js';

const needles: Needles = { names: ['Müller', 'Jan', 'Skjæveland'], birthDates: ['1985-02-11'], pins: ['12110285M005', '850211 12345'] };

test('planted names, birth dates and PINs are found, whatever the case, format or JSON escaping', () => {
  const lines = [
    '{"level":"info","msg":"stored","who":"MÜLLER"}',
    '{"level":"info","msg":"stored \\u004d\\u00fcller"}',
    '{"level":"warn","detail":"born 11.02.1985"}',
    '{"level":"warn","detail":"19850211"}',
    'plain text line: jan was here',
    '{"err":{"message":"key (pin)=(12110285M005) exists"}}',
    '{"x":"85021112345"}',
    '{"x":"skjæveland"}',
  ];
  const leaks = findLeaks(lines.join('\n'), needles);
  expect(leaks.map((l) => l.kind)).toEqual(['name', 'name', 'birth-date', 'birth-date', 'name', 'pin', 'pin', 'name']);
});

test('look-alikes are not leaks: a name inside a longer word, a date inside a longer number, other dates', () => {
  const lines = [
    '{"level":"info","msg":"January batch","service":"Jansen-free"}',
    '{"time":"2026-02-11T10:00:00Z","offset":"1198502110"}',
    '{"msg":"Müllerstraße is a street, Jana is another name"}',
  ];
  expect(findLeaks(lines.join('\n'), needles)).toEqual([]);
});

test('birth dates are searched in the usual written forms', () => {
  expect(dateForms('1985-02-11')).toEqual(['1985-02-11', '11.02.1985', '11/02/1985', '11-02-1985', '02/11/1985', '19850211', '1985/02/11']);
});
