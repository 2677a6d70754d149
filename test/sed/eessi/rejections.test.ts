/** One example per rejection code the EESSI readers raise (details in the other test files). */
import { describe, it } from 'vitest';
import { RejectionCodes } from '../../../core/errors.js';
import type { RejectionCode } from '../../../core/errors.js';
import { readEessiXml, readRinaJson } from '../../../core/sed/eessi/index.js';
import { NS, PERSON_XML, a011Xml, expectRejection, fixtureXml, replaceOnce } from './helpers.js';

const A009 = fixtureXml('A009-cdm4.4-nav-sedA009.xml');
const rinaPerson = (pi: Record<string, unknown>): Record<string, unknown> => ({
  A011: { Person: { PersonIdentification: { familyName: 'K', forename: 'J', dateBirth: '1980-01-02', ...pi } } },
});

const CASES: Array<[RejectionCode, string, () => unknown]> = [
  [RejectionCodes.XML_DTD_FORBIDDEN, 'DOCTYPE', () => readEessiXml(`<!DOCTYPE A011 SYSTEM "x.dtd">${a011Xml()}`)],
  [RejectionCodes.XML_MALFORMED, 'unclosed root', () => readEessiXml(`<sed:A011 xmlns:sed="${NS('4_4', 'A011')}">`)],
  [RejectionCodes.XML_NAMESPACE_UNKNOWN, 'CDM 3.2', () => readEessiXml(a011Xml('3_2'))],
  [RejectionCodes.TOO_DEEP, 'XML 65 levels', () => readEessiXml(a011Xml('4_4', `${'<x>'.repeat(64)}${'</x>'.repeat(64)}`))],
  [RejectionCodes.TOO_DEEP, 'RINA 70 levels', () => readRinaJson({ A011: JSON.parse(`${'{"x":'.repeat(70)}1${'}'.repeat(70)}`) as unknown })],
  [RejectionCodes.FIELD_MISSING, 'RINA without SED type', () => readRinaJson({ sedGVer: '4' })],
  [RejectionCodes.FIELD_MISSING, 'XML A011 without birth date', () => readEessiXml(a011Xml('4_4', PERSON_XML.replace('<dateBirth>1980-01-02</dateBirth>', '')))],
  [RejectionCodes.FIELD_TOO_LONG, 'postal code over 25', () => readEessiXml(replaceOnce(A009, 'Testpostkode1', 'x'.repeat(26)))],
  [RejectionCodes.DATE_INVALID, 'birth date 1983-02-30', () => readEessiXml(replaceOnce(A009, '1983-05-01', '1983-02-30'))],
  [RejectionCodes.DATE_INVALID, 'birth date not a date', () => readRinaJson(rinaPerson({ dateBirth: '01.02.1980' }))],
  [RejectionCodes.CODE_UNKNOWN, 'sex 03', () => readRinaJson(rinaPerson({ sex: { value: ['03'] } }))],
  [RejectionCodes.SHAPE_UNKNOWN, 'two SED keys', () => readRinaJson({ A011: {}, A012: {} })],
  [RejectionCodes.JSON_FORBIDDEN_KEY, 'constructor key', () => readRinaJson({ A011: { constructor: {} } })],
];

describe('rejection codes', () => {
  it.each(CASES)('%s: %s', (code, _name, fn) => {
    expectRejection(fn, code);
  });
});
