/**
 * Our hand-built A009 (CDM 4.4 XML, test/fixtures/xml) carries the data of NAV's sedA009.json and must give
 * the canonical record written for that sample (reference/canonical/navikt+melosys-eessi__sedA009.expected.json).
 */
import { describe, expect, it } from 'vitest';
import { readEessiXml } from '../../../core/sed/eessi/index.js';
import type { SedContent } from '../../../core/model/canonical.js';
import { fixtureXml, readReferenceJson } from './helpers.js';

const FIXTURE = 'A009-cdm4.4-nav-sedA009.xml';

/** The expected canonical content (same as the reference file, written out so the test runs without it). */
const EXPECTED = {
  sedType: 'A009',
  person: {
    familyName: 'Testetternavn',
    forename: 'Testfornavn',
    familyNameAtBirth: 'Testetternavnvedfoedsel',
    forenameAtBirth: 'Testfornavnvedfoedsel',
    birthDate: '1983-05-01',
    sex: 'F',
    nationalities: ['DK', 'GR', 'GB', 'AU'],
    pins: [
      { country: 'NO', id: '01058312345', sector: 'all' },
      { country: 'BE', id: '478323742', sector: 'family' },
    ],
    birthPlace: { town: 'Testby', region: 'Testregion', country: 'FR' },
  },
  addresses: [
    { type: 'stay', street: 'Testgate1', building: 'Testbygning1', town: 'Testby1', postalCode: 'Testpostkode1', region: 'Testregion1', country: 'BG' },
    { type: 'residence', street: 'Testgate2', building: 'Testbygning2', town: 'Testby2', postalCode: 'Testpostkode2', region: 'Testregion2', country: 'SE' },
  ],
  employers: [
    { role: 'employer', name: 'Testarbeidsgiver1', country: 'CY', ids: [{ type: 'registration', id: '234234234' }, { type: 'social-security', id: '435435' }] },
    { role: 'employer', name: 'Testarbeidsgiver2', country: 'HR', ids: [{ type: 'tax', id: '234234234' }] },
    { role: 'self-employment', name: 'Testarbeidsgiver4', country: 'BG', ids: [{ type: 'unknown', id: '24234234' }] },
  ],
  workplaces: [
    { name: 'Testarbeidssted1', country: 'BE', town: 'Testarbeidsstedby1', noFixedAddress: false, homeBase: 'Testarbeidsstedhjemme1' },
    { name: 'Testarbeidssted2', country: 'CZ', town: 'Testarbeidsstedby2', noFixedAddress: true, homeBase: 'Testarbeidsstedbase2' },
  ],
  decision: {
    legislationState: 'IE', article: '12_1', startDate: '2018-10-01', endDate: '2019-05-01', openEnded: false,
    provisional: false, amending: true, previousDecisionDate: '2018-05-01', appliesForDurationOfActivity: true,
  },
  request: null,
};

type Expected = typeof EXPECTED;

/**
 * CDM 4.4 has one `aFixedPlaceWorkExistsIndicator` for the whole document, NAV JSON one per place;
 * the XML says 1 (a fixed place exists), so every place reads `noFixedAddress: false`. Everything else
 * must be equal.
 */
function withoutPerPlaceFixedAddress(e: Expected): Expected {
  return { ...e, workplaces: e.workplaces.map((w) => ({ ...w, noFixedAddress: false })) };
}

/** The content restricted to the fields the expected record lists (employer addresses are left out there). */
function comparable(c: SedContent): unknown {
  return {
    sedType: c.sedType,
    person: c.person,
    addresses: c.addresses,
    employers: c.employers.map(({ role, name, country, ids }) => ({ role, name, country, ids })),
    workplaces: c.workplaces,
    decision: c.decision,
    request: c.request,
  };
}

describe('XML A009 (CDM 4.4) with the data of NAV sedA009.json', () => {
  const content = readEessiXml(fixtureXml(FIXTURE));

  it('reads format and version from the document', () => {
    expect(content.sourceFormat).toBe('xml');
    expect(content.cdmVersion).toBe('4.4');
    expect(content.target).toBeNull();
  });

  it('equals the expected canonical record, except the per-place fixed-address flag 4.4 cannot carry', () => {
    expect(comparable(content)).toEqual(withoutPerPlaceFixedAddress(EXPECTED));
  });

  const ref = readReferenceJson('canonical/navikt+melosys-eessi__sedA009.expected.json') as Expected | null;

  it.skipIf(ref === null)('equals the reference file when it is there', () => {
    if (ref === null) return;
    const listed: Expected = {
      sedType: ref.sedType, person: ref.person, addresses: ref.addresses, employers: ref.employers,
      workplaces: ref.workplaces, decision: ref.decision, request: ref.request,
    };
    expect(listed).toEqual(EXPECTED);
    expect(comparable(content)).toEqual(withoutPerPlaceFixedAddress(listed));
  });

  it('maps EL/UK nationalities to GR/GB and keeps the originals', () => {
    expect(content.person?.nationalities).toEqual(['DK', 'GR', 'GB', 'AU']);
    expect(Object.entries(content.originals).sort()).toEqual([
      ['country:A009.Person.AdditionalInformationPerson.nationality[1]', 'EL'],
      ['country:A009.Person.AdditionalInformationPerson.nationality[2]', 'UK'],
    ]);
  });

  it('keeps leading zeros of identifiers (text values are never parsed as numbers)', () => {
    expect(content.person?.pins[0]?.id).toBe('01058312345');
  });

  it('gives employers their address', () => {
    expect(content.employers[0]?.address).toEqual({
      street: 'Testarbeidsgivergate1', building: 'Testarbeidsgiverbygning1', town: 'Testarbeidsgiverby1',
      postalCode: 'Testarbeidsgiverpostkode1', region: 'Testarbeidsgiverregion1', country: 'CY',
    });
    expect(content.employers[1]?.address).toEqual({
      street: 'Testarbeidsgivergate2', building: null, town: 'Testarbeidsgiverby2', postalCode: null, region: null, country: 'HR',
    });
  });

  it('reads aFixedPlaceWorkExistsIndicator = 0 as no fixed address for every place', () => {
    const xml = fixtureXml(FIXTURE).replace(
      '<aFixedPlaceWorkExistsIndicator><value>1</value>',
      '<aFixedPlaceWorkExistsIndicator><value>0</value>',
    );
    expect(readEessiXml(xml).workplaces.map((w) => w.noFixedAddress)).toEqual([true, true]);
  });
});
