/**
 * NAV's public sample documents, field by field.
 */
import { describe, expect, it } from 'vitest';
import type { Employer, SedContent } from '../../../core/model/canonical.js';
import { readNavJson, readNavJsonDetailed } from '../../../core/sed/nav/read-nav.js';
import { clone, loadExpected, loadSample, referenceAvailable, rejectionOf } from './samples.js';

/** Evaluate once, on first use inside a test (a skipped suite's body still runs at collection). */
function once<T>(fn: () => T): () => T {
  let done = false;
  let value: T | undefined;
  return () => {
    if (!done) {
      value = fn();
      done = true;
    }
    return value as T;
  };
}

const withoutAddress = (e: Employer): Omit<Employer, 'address'> => ({
  role: e.role,
  name: e.name,
  country: e.country,
  ids: e.ids,
});

describe.skipIf(!referenceAvailable)('NAV samples', () => {
  describe('sedA009.json (posting, CDM 4.1)', () => {
    const read = once(() => readNavJson(loadSample('sedA009.json')));

    it('equals the hand-written expected canonical record', () => {
      const expected = loadExpected('navikt+melosys-eessi__sedA009.expected.json');
      // bucType and status come from the envelope and the pipeline, not from the document.
      expect(read().sedType).toBe(expected['sedType']);
      expect(read().cdmVersion).toBe(expected['cdmVersion']);
      expect(read().sourceFormat).toBe(expected['sourceFormat']);
      expect(read().person).toEqual(expected['person']);
      expect(read().addresses).toEqual(expected['addresses']);
      // `address` on employers is extra in ours: compare the listed fields.
      expect(read().employers.map(withoutAddress)).toEqual(expected['employers']);
      expect(read().workplaces).toEqual(expected['workplaces']);
      expect(read().decision).toEqual(expected['decision']);
      expect(read().request).toEqual(expected['request']);
    });

    it('reads the person: K is female, four nationalities, PIN sectors alle/familieytelser', () => {
      expect(read().person?.familyName).toBe('Testetternavn');
      expect(read().person?.forename).toBe('Testfornavn');
      expect(read().person?.birthDate).toBe('1983-05-01');
      expect(read().person?.sex).toBe('F');
      expect(read().person?.nationalities).toEqual(['DK', 'GR', 'GB', 'AU']);
      expect(read().person?.pins).toEqual([
        { country: 'NO', id: '01058312345', sector: 'all' },
        { country: 'BE', id: '478323742', sector: 'family' },
      ]);
      expect(read().person?.birthPlace).toEqual({ town: 'Testby', region: 'Testregion', country: 'FR' });
    });

    it('takes the sending employers from utsendingsland and keeps their addresses', () => {
      const [first, second, third] = read().employers;
      expect(read().employers).toHaveLength(3);
      expect(first?.role).toBe('employer');
      expect(first?.address).toEqual({
        street: 'Testarbeidsgivergate1',
        building: 'Testarbeidsgiverbygning1',
        town: 'Testarbeidsgiverby1',
        postalCode: 'Testarbeidsgiverpostkode1',
        region: 'Testarbeidsgiverregion1',
        country: 'CY',
      });
      expect(second?.ids).toEqual([{ type: 'tax', id: '234234234' }]);
      expect(third?.role).toBe('self-employment');
      expect(third?.ids).toEqual([{ type: 'unknown', id: '24234234' }]);
    });

    it('reads the amending decision (erendringsvedtak nei + datoforrigevedtak)', () => {
      expect(read().decision).toMatchObject({
        legislationState: 'IE',
        article: '12_1',
        startDate: '2018-10-01',
        endDate: '2019-05-01',
        openEnded: false,
        amending: true,
        previousDecisionDate: '2018-05-01',
        appliesForDurationOfActivity: true,
      });
      expect(read().target).toBeNull();
      expect(read().originals).toEqual({});
    });

    it('does not report the same employer twice when nav.arbeidsgiver repeats utsendingsland', () => {
      const doc = clone(loadSample('sedA009.json'));
      const medlemskap = doc['medlemskap'] as { utsendingsland: { arbeidsgiver: unknown[] } };
      const nav = doc['nav'] as Record<string, unknown>;
      nav['arbeidsgiver'] = clone(medlemskap.utsendingsland.arbeidsgiver[0]);
      const again = readNavJson(doc);
      expect(again.employers.map(withoutAddress)).toEqual(read().employers.map(withoutAddress));
    });
  });

  describe('sedA001.json (exception request)', () => {
    const read = once(() => readNavJsonDetailed(loadSample('sedA001.json')).content);
    const readExtras = once(() => readNavJsonDetailed(loadSample('sedA001.json')).extras);

    it('reads the person', () => {
      expect(read().sedType).toBe('A001');
      expect(read().cdmVersion).toBe('4.1');
      expect(read().person).toEqual({
        familyName: 'Testetternavn1',
        forename: 'Testfornavn1',
        familyNameAtBirth: 'Testetternavnvedfoedsel',
        forenameAtBirth: 'Testfornavnvedfoedsel',
        birthDate: '1977-10-01',
        sex: 'M',
        nationalities: ['AT', 'BG', 'GR'],
        pins: [{ country: 'BG', id: '15225345345', sector: 'sickness' }],
        birthPlace: { town: 'Testfødselssted', region: 'Testfødselsregion', country: 'DK' },
      });
    });

    it('reads residence and contact addresses', () => {
      expect(read().addresses).toEqual([
        { type: 'residence', street: 'Testgate', building: 'Testbyggnavn', town: 'Testby', postalCode: 'Testpostkode', region: 'Testregion', country: 'BE' },
        { type: 'contact', street: 'Testgate2', building: 'Testbygg2', town: 'Testby2', postalCode: 'Testpostkode2', region: 'Testregion2', country: 'BG' },
      ]);
    });

    it('reads employer, self-employment and the host employer (vertsland)', () => {
      expect(read().employers.map(withoutAddress)).toEqual([
        { role: 'employer', name: 'Testarbeidsgiver', country: 'CY', ids: [{ type: 'social-security', id: 'TestOrgnummer' }] },
        { role: 'self-employment', name: 'Testselvstendignavn', country: 'BG', ids: [{ type: 'unknown', id: 'Testselvstendignummer' }] },
        { role: 'host', name: 'Testarbeidsgiverhostnavn', country: 'HR', ids: [{ type: 'social-security', id: 'Testarbeidsgiverhosnummer' }] },
      ]);
      expect(read().employers[2]?.address?.postalCode).toBe('Testagpostkode');
    });

    it('reads work places', () => {
      expect(read().workplaces).toEqual([
        { name: 'Testarbeidsstednavn', country: 'EE', town: 'Testarbeidsstedby', noFixedAddress: true, homeBase: 'Testarbeidsstedbase' },
        { name: 'Testarbeidsstednavn2', country: 'CY', town: 'Testarbeidsstedby2', noFixedAddress: false, homeBase: 'Testarbeidsstedbase2' },
      ]);
    });

    it('fills the request and no decision', () => {
      expect(read().decision).toBeNull();
      expect(read().request).toEqual({
        startDate: '2018-01-10',
        endDate: '2019-12-01',
        currentStates: ['BE', 'BG', 'HR', 'GR', 'GB'],
        requestedStates: ['CZ', 'GR', 'GB'],
      });
      expect(readExtras().a001ExceptionArticle).toBe('11_3_d');
      expect(read().target).toBeNull();
    });
  });

  describe('sedA003.json (melosys-eessi, determination under Art 13)', () => {
    const read = once(() => readNavJson(loadSample('sedA003.json')));

    it('reads the person; PINs without sector have sector null', () => {
      expect(read().person).toEqual({
        familyName: 'KNOTT',
        forename: 'TALENTFULL',
        familyNameAtBirth: null,
        forenameAtBirth: null,
        birthDate: '1978-12-04',
        sex: 'M',
        nationalities: ['NO'],
        pins: [
          { country: 'NO', id: '04127801156', sector: null },
          { country: 'BG', id: '15225345345', sector: null },
        ],
        birthPlace: null,
      });
      expect(read().addresses).toEqual([
        { type: 'residence', street: 'Testgate', building: 'Testbyggnavn', town: 'asd', postalCode: '2121', region: null, country: 'BE' },
      ]);
    });

    it('reads nav.arbeidsgiver as employers and andreland as hosts', () => {
      expect(read().employers.map(withoutAddress)).toEqual([
        { role: 'employer', name: 'EQUINOR ASA', country: 'BE', ids: [{ type: 'registration', id: '923609016' }] },
        { role: 'employer', name: 'adf', country: 'BE', ids: [{ type: 'unknown', id: '123321' }] },
        { role: 'self-employment', name: 'Testselvstendignavn', country: 'BG', ids: [{ type: 'unknown', id: 'Testselvstendignummer' }] },
        { role: 'host', name: 'norsk', country: 'NO', ids: [{ type: 'registration', id: '115511' }] },
        { role: 'host', name: 'swe', country: 'SE', ids: [{ type: 'social-security', id: '123' }] },
      ]);
      expect(read().employers[0]?.address).toEqual({
        street: 'Forusbeen 50',
        building: null,
        town: 'STAVANGER',
        postalCode: '4035',
        region: null,
        country: 'BE',
      });
      expect(read().workplaces).toHaveLength(2);
      expect(read().workplaces[0]).toEqual({
        name: 'Testarbeidsstednavn',
        country: 'EE',
        town: 'Testarbeidsstedby',
        noFixedAddress: true,
        homeBase: 'Testarbeidsstedbase',
      });
    });

    it('reads an initial, definitive decision (isDeterminationProvisional null)', () => {
      expect(read().decision).toEqual({
        legislationState: 'NO',
        article: '87_a',
        startDate: '2019-01-01',
        endDate: '2020-02-02',
        openEnded: false,
        provisional: false,
        amending: false,
        previousDecisionDate: null,
        appliesForDurationOfActivity: true,
      });
      expect(read().request).toBeNull();
    });
  });

  describe('melosys-api sedA003.json (provisional, amending)', () => {
    const read = once(() => readNavJson(loadSample('melosys-api:integrasjonstest__src__test__resources__eux__sedA003.json')));

    it('reads the person', () => {
      expect(read().person).toEqual({
        familyName: 'Rot',
        forename: 'Gul',
        familyNameAtBirth: 'saffsd',
        forenameAtBirth: 'sdffsdf',
        birthDate: '1978-04-04',
        sex: 'M',
        nationalities: ['FR'],
        pins: [{ country: 'DK', id: '34235435gdg', sector: 'family' }],
        birthPlace: { town: 'qwfesafds', region: 'asdfasdf', country: 'SE' },
      });
      expect(read().addresses).toEqual([
        { type: 'residence', street: 'sfaffsaf', building: 'rrwrwfs', town: 'sdfsfaadv', postalCode: '234', region: 'fsdfafasf', country: 'FI' },
      ]);
    });

    it('reads employers of every role', () => {
      expect(read().employers.map(withoutAddress)).toEqual([
        { role: 'employer', name: 'asdffsdf', country: 'DK', ids: [{ type: 'registration', id: 'qwer2343' }] },
        { role: 'employer', name: 'dasdsds', country: 'SE', ids: [{ type: 'social-security', id: '2323' }] },
        { role: 'self-employment', name: 'asdasdvsf', country: 'SK', ids: [{ type: 'unknown', id: 'ads3324234' }] },
        { role: 'host', name: 'sadddd2d', country: 'DE', ids: [{ type: 'tax', id: '234234234ff' }] },
      ]);
      expect(read().workplaces).toEqual([
        { name: 'asdsadsa', country: 'GR', town: 'asdcas', noFixedAddress: true, homeBase: 'asasfsaf' },
      ]);
    });

    it('reads a provisional amending decision and keeps a start after the end as written', () => {
      expect(read().decision).toEqual({
        legislationState: 'SE',
        article: '13_1_b_iii',
        startDate: '2018-09-09',
        endDate: '2017-12-01',
        openEnded: false,
        provisional: true,
        amending: true,
        previousDecisionDate: '2018-05-05',
        appliesForDurationOfActivity: true,
      });
    });
  });

  describe('sedA008.json (relevant change, CDM 4.1: endring.periode is a string)', () => {
    const read = once(() => readNavJsonDetailed(loadSample('sedA008.json')).content);
    const readExtras = once(() => readNavJsonDetailed(loadSample('sedA008.json')).extras);

    it('reads the person; the sector is matched case-insensitively (tIlbakekreving)', () => {
      expect(read().person).toEqual({
        familyName: 'sdfsdfa adfs',
        forename: 'sadfsdf',
        familyNameAtBirth: 'sfdasf sdfasf',
        forenameAtBirth: 'kjsndfkjnkjn',
        birthDate: '1955-09-12',
        sex: 'F',
        nationalities: ['GR', 'DE'],
        pins: [{ country: 'SE', id: 'i3244234', sector: 'recovery' }],
        birthPlace: { town: 'fnnoqfwef', region: 'fwqf wefqwfwe', country: 'GR' },
      });
    });

    it('decides nothing; the new address, new work place and residence state are kept', () => {
      expect(read().decision).toBeNull();
      expect(read().request).toBeNull();
      expect(read().employers).toEqual([]);
      expect(read().addresses).toEqual([
        { type: 'other', street: 'jhsiab inin', building: null, town: 'fwfqw fweq', postalCode: 'wfqinfi innunn', region: 'fqwfwefwqefeqwf', country: 'IS' },
        { type: 'residence', street: null, building: null, town: null, postalCode: null, region: null, country: 'SE' },
      ]);
      expect(read().workplaces).toEqual([
        { name: 'nsjfsa asds', country: 'CY', town: 'asd adsdy', noFixedAddress: true, homeBase: 'kjnjk jknkn' },
        { name: 'jndsfisa iji AS', country: 'FR', town: 'sdjnin iinininj', noFixedAddress: false, homeBase: null },
      ]);
    });

    it('returns the change dates as extras', () => {
      expect(readExtras().a008Change).toEqual({
        startDate: '2019-04-05',
        endDate: '2019-04-10',
        openEnded: false,
        effectiveFrom: '2018-12-10',
        periodCode: '14_11',
        activityStartDate: '2019-10-09',
      });
    });
  });

  describe('sedA010.json (other determination, Art 11(3)(d))', () => {
    const read = once(() => readNavJson(loadSample('sedA010.json')));

    it('reads the person and the residence address', () => {
      expect(read().person).toEqual({
        familyName: 'KNOTT',
        forename: 'TALENTFULL',
        familyNameAtBirth: 'll',
        forenameAtBirth: 'll',
        birthDate: '1986-05-02',
        sex: 'M',
        nationalities: ['GR', 'DE'],
        pins: [{ country: 'CZ', id: '45325325324', sector: 'all' }],
        birthPlace: null,
      });
      expect(read().addresses).toEqual([
        { type: 'residence', street: null, building: null, town: 'kl', postalCode: null, region: null, country: 'HR' },
      ]);
    });

    it('reads employer, self-employment, host and work place', () => {
      expect(read().employers.map(withoutAddress)).toEqual([
        { role: 'employer', name: 'kl', country: 'DK', ids: [{ type: 'registration', id: '90090' }] },
        { role: 'self-employment', name: 'kløklø', country: 'CZ', ids: [{ type: 'registration', id: '9090' }] },
        { role: 'host', name: 'kløklø', country: 'BE', ids: [{ type: 'registration', id: '999999' }] },
      ]);
      expect(read().workplaces).toEqual([
        { name: 'lølkøl', country: 'DK', town: 'mlmmmmmmmmmmmmmmmmmmmml', noFixedAddress: true, homeBase: 'kløioi' },
      ]);
    });

    it('reads the decision with the article from meldingomlovvalg', () => {
      expect(read().decision).toEqual({
        legislationState: 'BG',
        article: '11_3_d',
        startDate: '2019-08-20',
        endDate: '2019-12-20',
        openEnded: false,
        provisional: false,
        amending: false,
        previousDecisionDate: null,
        appliesForDurationOfActivity: true,
      });
    });
  });

  describe.each([['sedX001.json', 'X001'], ['sedX006.json', 'X006']])('%s (administrative)', (file, type) => {
    const read = once(() => readNavJson(loadSample(file)));
    it('reads the person from nav.sak.kontekst and decides nothing', () => {
      expect(read().sedType).toBe(type);
      expect(read().cdmVersion).toBe('4.1');
      expect(read().person).toEqual({
        familyName: 'asd asdsd',
        forename: 'asdsdjoiuo',
        familyNameAtBirth: null,
        forenameAtBirth: null,
        birthDate: '2000-01-01',
        sex: 'M',
        nationalities: [],
        pins: [],
        birthPlace: null,
      });
      expect(read().addresses).toEqual([]);
      expect(read().employers).toEqual([]);
      expect(read().workplaces).toEqual([]);
      expect(read().decision).toBeNull();
      expect(read().request).toBeNull();
      expect(read().target).toBeNull();
    });
  });

  describe('sedX008.json (invalidate a SED)', () => {
    const read = once(() => readNavJson(loadSample('sedX008.json')));
    it('names the invalidated SED type as target; NAV carries no document id', () => {
      expect(read().sedType).toBe('X008');
      expect(read().target).toEqual({ documentId: null, sedType: 'X008' });
      expect(read().person?.familyName).toBe('asd asdsd');
      expect(read().person?.birthDate).toBe('2000-01-01');
      expect(read().decision).toBeNull();
    });
  });

  describe('sedH001_medArbeidsgiver.json (horizontal request, placeholder values "æøå")', () => {
    it('ingests: outside A001-A012 a placeholder birth date reads as null, kept in originals', () => {
      const content = readNavJson(loadSample('sedH001_medArbeidsgiver.json'));
      expect(content.person?.birthDate).toBeNull();
      expect(content.originals['invalid:nav.bruker.person.foedselsdato']).toBe('æøå');
      expect(content.person?.familyName).toBe('æøå');
    });

    describe('with a real birth date', () => {
      const read = once((): SedContent => {
        const doc = clone(loadSample('sedH001_medArbeidsgiver.json'));
        (doc['nav'] as { bruker: { person: Record<string, unknown> } }).bruker.person['foedselsdato'] = '1970-01-31';
        return readNavJson(doc);
      });

      it('reads the person; yrkesskade_og_yrkessykdom is awod', () => {
        expect(read().sedType).toBe('H001');
        expect(read().cdmVersion).toBe('4.2');
        expect(read().person).toEqual({
          familyName: 'æøå',
          forename: 'æøå',
          familyNameAtBirth: 'æøå',
          forenameAtBirth: 'æøå',
          birthDate: '1970-01-31',
          sex: 'M',
          nationalities: ['NO'],
          pins: [{ country: 'NO', id: 'æøå', sector: 'awod' }],
          birthPlace: { town: 'æøå', region: 'æøå', country: 'NO' },
        });
      });

      it('reads bostedsadresse as the residence address and a single-object nav.arbeidsgiver', () => {
        expect(read().addresses).toEqual([
          { type: 'residence', street: 'æøå', building: 'æøå', town: 'æøå', postalCode: 'æøå', region: 'æøå', country: 'NO' },
        ]);
        expect(read().employers).toEqual([
          {
            role: 'employer',
            name: 'æøå',
            country: 'NO',
            ids: [{ type: 'registration', id: 'æøå' }],
            address: { street: 'æøå', building: 'æøå', town: 'æøå', postalCode: 'æøå', region: 'æøå', country: 'NO' },
          },
        ]);
        expect(read().workplaces).toEqual([]);
        expect(read().decision).toBeNull();
        expect(read().request).toBeNull();
        expect(read().target).toBeNull();
      });
    });
  });

  describe('sedH010.json (horizontal, unknown top-level key)', () => {
    it('ingests: the placeholder birth date reads as null, kept in originals', () => {
      const content = readNavJson(loadSample('sedH010.json'));
      expect(content.person?.birthDate).toBeNull();
      expect(content.originals['invalid:nav.bruker.person.foedselsdato']).toBe('æøå');
    });

    it('with a real birth date: reads person and address, ignores the unknown key, decides nothing', () => {
      const doc = clone(loadSample('sedH010.json'));
      (doc['nav'] as { bruker: { person: Record<string, unknown> } }).bruker.person['foedselsdato'] = '1970-01-31';
      const content = readNavJson(doc);
      expect(content.sedType).toBe('H010');
      expect(content.cdmVersion).toBe('4.2');
      expect(content.person?.birthDate).toBe('1970-01-31');
      expect(content.person?.pins).toEqual([{ country: 'NO', id: 'æøå', sector: 'awod' }]);
      expect(content.person?.nationalities).toEqual(['NO']);
      expect(content.addresses).toEqual([
        { type: 'residence', street: 'æøå', building: 'æøå', town: 'æøå', postalCode: 'æøå', region: 'æøå', country: 'NO' },
      ]);
      expect(content.employers).toEqual([]);
      expect(content.decision).toBeNull();
    });
  });
});
