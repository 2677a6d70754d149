/** EESSI XML parsing: namespaces (CDM 4.0-4.x), prefix variants, `<value>` wrappers, entities, structure errors. */
import { describe, expect, it } from 'vitest';
import { RejectionCodes } from '../../../core/errors.js';
import { parseEessiXml, readEessiXml } from '../../../core/sed/eessi/index.js';
import { NS, PERSON_XML, a011Xml, expectRejection, fixtureXml } from './helpers.js';

describe('namespaces', () => {
  it.each(['4_0', '4_1', '4_2', '4_3', '4_4', '4_10'])('accepts CDM %s', (v) => {
    const parsed = parseEessiXml(a011Xml(v));
    expect(parsed.sedType).toBe('A011');
    expect(parsed.cdmVersion).toBe(v.replace('_', '.'));
    const c = readEessiXml(a011Xml(v));
    expect(c.cdmVersion).toBe(v.replace('_', '.'));
    expect(c.person?.familyName).toBe('Kowalski');
  });

  it.each(['3_2', '5_0', '40_0'])('refuses CDM %s', (v) => {
    expectRejection(() => parseEessiXml(a011Xml(v)), RejectionCodes.XML_NAMESPACE_UNKNOWN);
  });

  it.each([
    ['no namespace at all', `<A011>${PERSON_XML}</A011>`],
    ['another namespace', `<A011 xmlns="http://example.org/ns/4_4/A011">${PERSON_XML}</A011>`],
    ['https instead of http', `<A011 xmlns="https://ec.europa.eu/eessi/ns/4_4/A011">${PERSON_XML}</A011>`],
    ['no SED in the namespace', `<A011 xmlns="http://ec.europa.eu/eessi/ns/4_4">${PERSON_XML}</A011>`],
    ['root name differs from the namespace SED', `<A012 xmlns="${NS('4_4', 'A011')}">${PERSON_XML}</A012>`],
    ['prefix bound to nothing', `<sed:A011 xmlns:other="${NS('4_4', 'A011')}">${PERSON_XML}</sed:A011>`],
    ['default namespace while the root is prefixed', `<sed:A011 xmlns="${NS('4_4', 'A011')}" xmlns:sed="urn:x">${PERSON_XML}</sed:A011>`],
    ['root is not a SED', `<Person xmlns="${NS('4_4', 'A011')}"/>`],
  ])('refuses %s', (_name, xml) => {
    expectRejection(() => parseEessiXml(xml), RejectionCodes.XML_NAMESPACE_UNKNOWN);
  });
});

describe('prefix variants give the same tree', () => {
  const ns = NS('4_4', 'A011');
  const variants: Array<[string, string]> = [
    ['prefixed root, unqualified children (the XSD form)', `<sed:A011 xmlns:sed="${ns}" sedGVer="4" sedVer="4">${PERSON_XML}</sed:A011>`],
    ['default namespace', `<A011 xmlns="${ns}" sedGVer="4" sedVer="4">${PERSON_XML}</A011>`],
    [
      'every element prefixed',
      `<ns2:A011 xmlns:ns2="${ns}" sedGVer="4" sedVer="4">${PERSON_XML.replace(/<(\/?)(\w)/g, '<$1ns2:$2')}</ns2:A011>`,
    ],
    [
      'extra namespace declarations and schemaLocation',
      `<sed:A011 xmlns:sed="${ns}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${ns} A011.xsd" sedGVer="4" sedVer="4">${PERSON_XML}</sed:A011>`,
    ],
  ];
  const reference = parseEessiXml(variants[0]?.[1] ?? '');

  it.each(variants)('%s', (_name, xml) => {
    const parsed = parseEessiXml(xml);
    expect(parsed).toEqual(reference);
    expect(readEessiXml(xml).person?.nationalities).toEqual(['PL']);
  });

  it('keeps the root attributes in the tree, like RINA JSON', () => {
    expect(reference.tree['sedGVer']).toBe('4');
    expect(reference.tree['sedVer']).toBe('4');
  });
});

describe('values', () => {
  it('reads coded values through their <value> wrapper, one or many', () => {
    const c = readEessiXml(
      a011Xml(
        '4_4',
        PERSON_XML.replace('<value>PL</value>', '<value>PL</value><value>UK</value><value>PL</value>').replace(
          '<sex><value>01</value></sex>',
          '<sex>\n  <value>98</value>\n</sex>',
        ),
      ),
    );
    expect(c.person?.sex).toBe('U');
    expect(c.person?.nationalities).toEqual(['PL', 'GB']);
    expect(c.originals).toEqual({ 'country:A011.Person.AdditionalInformationPerson.nationality[1]': 'UK' });
  });

  it('keeps every text as a string: leading zeros, long digit runs, "1e5", "true"', () => {
    const body = PERSON_XML.replace(
      '</sex>',
      '</sex><PINPersonInEachInstitution>' +
        '<PersonalIdentificationNumber><country><value>NO</value></country><personalIdentificationNumber>00012345678901234567890</personalIdentificationNumber></PersonalIdentificationNumber>' +
        '<PersonalIdentificationNumber><country><value>BE</value></country><personalIdentificationNumber>1e5</personalIdentificationNumber></PersonalIdentificationNumber>' +
        '<PersonalIdentificationNumber><country><value>DE</value></country><personalIdentificationNumber>true</personalIdentificationNumber></PersonalIdentificationNumber>' +
        '</PINPersonInEachInstitution>',
    );
    const pins = readEessiXml(a011Xml('4_4', body)).person?.pins.map((p) => p.id);
    expect(pins).toEqual(['00012345678901234567890', '1e5', 'true']);
  });

  it('decodes the five predefined entities and character references, once', () => {
    const body = PERSON_XML.replace('Kowalski', 'M&#252;ller &amp; S&#xF6;hne &lt;GmbH&gt; &quot;x&quot; &apos;y&apos; &amp;lt;');
    expect(readEessiXml(a011Xml('4_4', body)).person?.familyName).toBe('Müller & Söhne <GmbH> "x" \'y\' &lt;');
  });

  it('keeps CDATA as written', () => {
    const body = PERSON_XML.replace('Kowalski', '<![CDATA[A &amp; B]]>');
    expect(readEessiXml(a011Xml('4_4', body)).person?.familyName).toBe('A &amp; B');
  });

  it('turns empty elements into null', () => {
    const body = PERSON_XML.replace('</sex>', '</sex><familyNameAtBirth/><forenameAtBirth>  </forenameAtBirth>');
    const p = readEessiXml(a011Xml('4_4', body)).person;
    expect(p?.familyNameAtBirth).toBeNull();
    expect(p?.forenameAtBirth).toBeNull();
  });

  it('ignores the XAdES signature', () => {
    const sig =
      '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="sig"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:SignedInfo>' +
      '<ds:SignatureValue>AAAA</ds:SignatureValue><ds:Object><xades:QualifyingProperties xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" Target="#sig"/></ds:Object></ds:Signature>';
    const parsed = parseEessiXml(a011Xml('4_4', PERSON_XML + sig));
    expect(Object.keys(parsed.tree).sort()).toEqual(['Person', 'sedGVer', 'sedVer']);
  });
});

describe('structure errors', () => {
  it.each([
    ['empty document', ''],
    ['declaration only', '<?xml version="1.0"?>'],
    ['unclosed element', `<sed:A011 xmlns:sed="${NS('4_4', 'A011')}"><Person>`],
    ['mismatched tags', `<sed:A011 xmlns:sed="${NS('4_4', 'A011')}"><Person></Persn></sed:A011>`],
    ['text after the root', `${a011Xml()}trailing`],
    ['two roots', `${a011Xml()}<A011/>`],
    ['bare ampersand', a011Xml('4_4', PERSON_XML.replace('Kowalski', 'A & B'))],
    ['undeclared entity', a011Xml('4_4', PERSON_XML.replace('Kowalski', 'A&nbsp;B'))],
    ['reference to an illegal character', a011Xml('4_4', PERSON_XML.replace('Kowalski', 'A&#0;B'))],
    ['duplicate attribute', `<sed:A011 xmlns:sed="${NS('4_4', 'A011')}" sedVer="1" sedVer="2">${PERSON_XML}</sed:A011>`],
    ['JSON', '{"A011": {}}'],
  ])('XML_MALFORMED: %s', (_name, xml) => {
    expectRejection(() => parseEessiXml(xml), RejectionCodes.XML_MALFORMED);
  });

  it('accepts 64 levels of nesting and refuses 65 (TOO_DEEP)', () => {
    const nest = (levels: number): string => {
      // the root is level 1
      const inner = levels - 1;
      return a011Xml('4_4', `${'<x>'.repeat(inner)}v${'</x>'.repeat(inner)}`);
    };
    expect(parseEessiXml(nest(64)).sedType).toBe('A011');
    expectRejection(() => parseEessiXml(nest(65)), RejectionCodes.TOO_DEEP);
  });

  it('reads the hand-built fixtures without complaint', () => {
    expect(parseEessiXml(fixtureXml('A009-cdm4.4-nav-sedA009.xml')).sedType).toBe('A009');
    expect(parseEessiXml(fixtureXml('A001-cdm4.4-nav-sedA001.xml')).sedType).toBe('A001');
  });
});
