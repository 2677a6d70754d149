/**
 * Version differences (CDM 4.0-4.4) and per-SED-type behaviour, on small inline documents.
 */
import { describe, expect, it } from 'vitest';
import { readCdmVersion, readNavJson, readNavJsonDetailed } from '../../../core/sed/nav/read-nav.js';
import { looksLikeNavJson } from '../../../core/sed/nav/index.js';
import { a009, sed } from './inline-docs.js';

const EMPLOYER = {
  navn: 'Bau & Montage GmbH',
  adresse: { gate: 'Industriestr. 7', by: 'Düsseldorf', postnummer: '40210', land: 'DE' },
  identifikator: [{ id: 'HRB 20001', type: 'registrering' }],
};

describe('cdmVersion', () => {
  it('joins sedGVer and sedVer', () => {
    expect(readNavJson(a009({ sedVer: '4' })).cdmVersion).toBe('4.4');
    expect(readNavJson(a009({ sedGVer: 4, sedVer: 2 })).cdmVersion).toBe('4.2');
  });
  it('is null when either part is absent', () => {
    expect(readCdmVersion({ sed: 'A009', sedGVer: '4' })).toBeNull();
    expect(readCdmVersion({ sed: 'A009' })).toBeNull();
  });
  it('always reports the source format', () => {
    expect(readNavJson(a009()).sourceFormat).toBe('nav-json');
  });
});

describe('A001: exception article moved under forordning8832004 in 4.4', () => {
  const grunnlag = { grunnlag: { artikkel: '12_1' } };
  it('reads medlemskap.unntak.grunnlag.artikkel (4.0-4.3)', () => {
    const r = readNavJsonDetailed(sed('A001', { unntak: grunnlag }));
    expect(r.extras.a001ExceptionArticle).toBe('12_1');
  });
  it('reads medlemskap.forordning8832004.unntak.grunnlag.artikkel (4.4)', () => {
    const r = readNavJsonDetailed(sed('A001', { forordning8832004: { unntak: { grunnlag: { artikkel: '13_1_a' } } } }, {}, '4'));
    expect(r.extras.a001ExceptionArticle).toBe('13_1_a');
  });
  it('prefers the 4.4 place when both are present', () => {
    const r = readNavJsonDetailed(
      sed('A001', { unntak: grunnlag, forordning8832004: { unntak: { grunnlag: { artikkel: '13_1_a' } } } }),
    );
    expect(r.extras.a001ExceptionArticle).toBe('13_1_a');
  });
  it('fills the request (fast or wrapped period) and never a decision', () => {
    const c = readNavJson(
      sed('A001', {
        soeknadsperiode: { fastperiode: { startdato: '2024-01-01', sluttdato: '2024-12-31' } },
        naavaerendemedlemskap: [{ land: 'DE' }, { land: 'DE' }],
        forespurtmedlemskap: [{ land: 'EL' }],
      }),
    );
    expect(c.decision).toBeNull();
    expect(c.request).toEqual({ startDate: '2024-01-01', endDate: '2024-12-31', currentStates: ['DE'], requestedStates: ['GR'] });
    expect(c.originals).toEqual({ 'country:medlemskap.forespurtmedlemskap[0].land': 'EL' });
  });
  it('gives an empty request for an A001 without medlemskap', () => {
    expect(readNavJson(sed('A001')).request).toEqual({ startDate: null, endDate: null, currentStates: [], requestedStates: [] });
  });
});

describe('A008: endring.periode string (4.3) vs object (4.4)', () => {
  it('keeps a 4.3 string as periodCode and takes the dates beside it', () => {
    const r = readNavJsonDetailed(sed('A008', { endring: { periode: '14_11', startdato: '2024-01-01', sluttdato: '2024-06-30' } }, {}, '3'));
    expect(r.extras.a008Change).toMatchObject({ periodCode: '14_11', startDate: '2024-01-01', endDate: '2024-06-30' });
    expect(r.content.decision).toBeNull();
  });
  it('reads a 4.4 period object {startdato, sluttdato}', () => {
    const r = readNavJsonDetailed(sed('A008', { endring: { periode: { startdato: '2024-02-01', sluttdato: '2024-03-31' } } }, {}, '4'));
    expect(r.extras.a008Change).toMatchObject({ periodCode: null, startDate: '2024-02-01', endDate: '2024-03-31', openEnded: false });
  });
  it('reads a 4.4 period object with fastperiode / aapenperiode', () => {
    const fixed = readNavJsonDetailed(sed('A008', { endring: { periode: { fastperiode: { startdato: '2024-02-01', sluttdato: '2024-03-31' } } } }));
    expect(fixed.extras.a008Change).toMatchObject({ startDate: '2024-02-01', endDate: '2024-03-31', openEnded: false });
    const open = readNavJsonDetailed(sed('A008', { endring: { periode: { aapenperiode: { startdato: '2024-02-01', type: 'ukjent' } } } }));
    expect(open.extras.a008Change).toMatchObject({ startDate: '2024-02-01', endDate: null, openEnded: true });
  });
  it('reads arbeidiflereland as an object (4.1) or an array (4.4, first entry)', () => {
    const obj = readNavJson(sed('A008', { bruker: { arbeidiflereland: { bosted: { land: 'SE' } } } }));
    const arr = readNavJson(sed('A008', { bruker: { arbeidiflereland: [{ bosted: { land: 'SE' } }, { bosted: { land: 'DK' } }] } }));
    const residence = { type: 'residence', street: null, building: null, town: null, postalCode: null, region: null, country: 'SE' };
    expect(obj.addresses).toEqual([residence]);
    expect(arr.addresses).toEqual([residence]);
  });
});

describe('nav.arbeidsgiver: object or array', () => {
  const expected = [
    {
      role: 'employer',
      name: 'Bau & Montage GmbH',
      country: 'DE',
      ids: [{ type: 'registration', id: 'HRB 20001' }],
      address: { street: 'Industriestr. 7', building: null, town: 'Düsseldorf', postalCode: '40210', region: null, country: 'DE' },
    },
  ];
  it('reads a single object', () => {
    expect(readNavJson(sed('A003', { vedtak: { land: 'DE' } }, { arbeidsgiver: EMPLOYER })).employers).toEqual(expected);
  });
  it('reads an array', () => {
    expect(readNavJson(sed('A003', { vedtak: { land: 'DE' } }, { arbeidsgiver: [EMPLOYER] })).employers).toEqual(expected);
  });
  it('merges the A009 sending employer written in both nav.arbeidsgiver and utsendingsland', () => {
    const c = readNavJson(
      a009({
        nav: { arbeidsgiver: { ...EMPLOYER, identifikator: [] } },
        medlemskap: { utsendingsland: { arbeidsgiver: [EMPLOYER] } },
      }),
    );
    expect(c.employers).toEqual(expected);
  });
  it('keeps two different employers, and host employers from andreland', () => {
    const other = { navn: 'Chantier SAS', adresse: { land: 'FR' }, identifikator: [{ id: '12345678900012', type: 'skatt' }] };
    const c = readNavJson(
      a009({
        nav: { arbeidsgiver: [EMPLOYER] },
        medlemskap: { utsendingsland: { arbeidsgiver: [{ ...EMPLOYER, navn: 'Other GmbH' }] }, andreland: { arbeidsgiver: other } },
      }),
    );
    expect(c.employers.map((e) => [e.role, e.name])).toEqual([
      ['employer', 'Other GmbH'],
      ['employer', 'Bau & Montage GmbH'],
      ['host', 'Chantier SAS'],
    ]);
  });
});

describe('A009 gjelderperiode: fastperiode, aapenperiode or flat', () => {
  it('fixed period', () => {
    expect(readNavJson(a009()).decision).toMatchObject({ startDate: '2024-04-01', endDate: '2025-03-31', openEnded: false });
  });
  it('open period: openEnded, no end date', () => {
    const c = readNavJson(a009({ vedtak: { gjelderperiode: { aapenperiode: { startdato: '2024-04-01', type: 'åpen_sluttdato' } } } }));
    expect(c.decision).toMatchObject({ startDate: '2024-04-01', endDate: null, openEnded: true });
  });
  it('flat period (as A003/A010 write it)', () => {
    const c = readNavJson(a009({ vedtak: { gjelderperiode: { startdato: '2024-04-01', sluttdato: '2024-05-01' } } }));
    expect(c.decision).toMatchObject({ startDate: '2024-04-01', endDate: '2024-05-01', openEnded: false });
  });
  it('no period: null dates', () => {
    const c = readNavJson(a009({ vedtak: { gjelderperiode: null } }));
    expect(c.decision).toMatchObject({ startDate: null, endDate: null, openEnded: false });
  });
});

describe('articles', () => {
  it.each([
    ['12_1', '12_1'],
    ['12_2', '12_2'],
    ['01', '12_1'],
    ['02', '12_2'],
    ['12(1)', '12_1'],
    ['Art. 12.2', '12_2'],
    ['Article 12(1) of Regulation (EC) No 883/2004', '12_1'],
  ])('A009 artikkelforordning %s → %s', (raw, article) => {
    const c = readNavJson(a009({ vedtak: { artikkelforordning: raw } }));
    expect(c.decision?.article).toBe(article);
    if (raw !== article) expect(c.originals['article:medlemskap.vedtak.artikkelforordning']).toBe(raw);
  });
  it('A010 article from meldingomlovvalg.artikkel', () => {
    const c = readNavJson(sed('A010', { vedtak: { land: 'BE' }, meldingomlovvalg: { artikkel: '13(1)(b)(i)' } }));
    expect(c.decision?.article).toBe('13_1_b_i');
  });
  it('A003 article from relevantartikkelfor8832004eller9872009', () => {
    const c = readNavJson(sed('A003', { vedtak: { land: 'BE' }, relevantartikkelfor8832004eller9872009: '13_1_a' }));
    expect(c.decision?.article).toBe('13_1_a');
  });
});

describe('decision flags', () => {
  it('eropprinneligvedtak ja: initial decision', () => {
    expect(readNavJson(a009()).decision).toMatchObject({ amending: false, previousDecisionDate: null });
  });
  it('erendringsvedtak nei + datoforrigevedtak: amending', () => {
    const c = readNavJson(a009({ vedtak: { eropprinneligvedtak: null, erendringsvedtak: 'nei', datoforrigevedtak: '2023-01-01' } }));
    expect(c.decision).toMatchObject({ amending: true, previousDecisionDate: '2023-01-01' });
  });
  it('erendringsvedtak nei alone is amending; no flag at all is not', () => {
    expect(readNavJson(a009({ vedtak: { eropprinneligvedtak: null, erendringsvedtak: 'NEI' } })).decision?.amending).toBe(true);
    expect(readNavJson(a009({ vedtak: { eropprinneligvedtak: null } })).decision?.amending).toBe(false);
  });
  it('isDeterminationProvisional ja/nei/absent', () => {
    const prov = (v: unknown): boolean | undefined =>
      readNavJson(sed('A003', { vedtak: { land: 'BE' }, isDeterminationProvisional: v })).decision?.provisional;
    expect(prov('ja')).toBe(true);
    expect(prov('nei')).toBe(false);
    expect(prov(null)).toBe(false);
  });
  it('gjeldervarighetyrkesaktivitet ja/nei/absent', () => {
    expect(readNavJson(a009({ vedtak: { gjeldervarighetyrkesaktivitet: 'ja' } })).decision?.appliesForDurationOfActivity).toBe(true);
    expect(readNavJson(a009({ vedtak: { gjeldervarighetyrkesaktivitet: 'nei' } })).decision?.appliesForDurationOfActivity).toBe(false);
    expect(readNavJson(a009()).decision?.appliesForDurationOfActivity).toBeNull();
  });
});

describe('decisions per SED type', () => {
  it('A002 accepted for another period: a decision with that period', () => {
    const r = readNavJsonDetailed(
      sed('A002', {
        unntak: { vedtak: { id: 'godkjent_for_annen_periode', annenperiode: { fastperiode: { startdato: '2019-06-01', sluttdato: '2019-12-01' } } } },
      }),
    );
    expect(r.extras.a002Reply).toBe('accepted-other-period');
    expect(r.content.decision).toMatchObject({ legislationState: null, startDate: '2019-06-01', endDate: '2019-12-01' });
  });
  it('A002 rejection: no decision', () => {
    const r = readNavJsonDetailed(sed('A002', { unntak: { vedtak: { id: 'ikke_godkjent', begrunnelse: 'nei' } } }));
    expect(r.extras.a002Reply).toBe('rejected');
    expect(r.content.decision).toBeNull();
  });
  it.each(['A011', 'A012'])('%s (acceptance / agreement) carries no decision content: decision null', (type) => {
    const c = readNavJson(sed(type));
    expect(c.sedType).toBe(type);
    expect(c.decision).toBeNull();
    expect(c.person?.familyName).toBe('Martin');
  });
  it.each(['A004', 'A005', 'A006', 'A007', 'X001', 'X007', 'X050', 'X100', 'H002'])('%s decides nothing', (type) => {
    const c = readNavJson(sed(type));
    expect(c.decision).toBeNull();
    expect(c.request).toBeNull();
    expect(c.target).toBeNull();
    expect(c.person?.familyName).toBe('Martin');
  });
  it('X008 without ugyldiggjoere: no target', () => {
    expect(readNavJson({ sed: 'X008', nav: { sak: {} } }).target).toBeNull();
  });
  it('X008 target SED type is normalised', () => {
    expect(readNavJson({ sed: 'X008', nav: { sak: { ugyldiggjoere: { sed: { type: 'a009' } } } } }).target).toEqual({
      documentId: null,
      sedType: 'A009',
    });
  });
});

describe('CDM 4.4 work places: nav.arbeidsland and harfastarbeidssted', () => {
  it('reads the places of each country of work, the country as fallback', () => {
    const c = readNavJson(
      a009({
        nav: {
          harfastarbeidssted: 'nei',
          arbeidsland: [
            { land: 'FR', arbeidssted: [{ navn: 'Chantier', adresse: { by: 'Lyon' } }] },
            { land: 'BE', arbeidssted: [] },
          ],
        },
      }),
    );
    expect(c.workplaces).toEqual([
      { name: 'Chantier', country: 'FR', town: 'Lyon', noFixedAddress: true, homeBase: null },
      { name: null, country: 'BE', town: null, noFixedAddress: true, homeBase: null },
    ]);
  });
  it('a place named in both nav.arbeidssted and nav.arbeidsland is kept once', () => {
    const place = { navn: 'Chantier', adresse: { by: 'Lyon', land: 'FR' }, erikkefastadresse: 'nei' };
    const c = readNavJson(a009({ nav: { arbeidssted: [place], arbeidsland: [{ land: 'FR', arbeidssted: [place] }] } }));
    expect(c.workplaces).toEqual([{ name: 'Chantier', country: 'FR', town: 'Lyon', noFixedAddress: false, homeBase: null }]);
  });
});

describe('values', () => {
  it('empty strings read as null, never as ""', () => {
    const c = readNavJson(
      sed('A003', { vedtak: { land: 'BE', datoforrigevedtak: '' } }, {
        bruker: {
          person: { etternavn: 'Martin', fornavn: ' ', foedselsdato: '', kjoenn: '', statsborgerskap: [{ land: '' }], pin: [{ land: 'FR', identifikator: '' }] },
          adresse: [{ type: 'bosted', gate: '', by: 'Lyon', land: 'FR' }],
        },
        arbeidsgiver: [{ navn: 'X', identifikator: [{ id: '', type: 'skatt' }] }],
      }),
    );
    expect(c.person).toEqual({
      familyName: 'Martin',
      forename: null,
      familyNameAtBirth: null,
      forenameAtBirth: null,
      birthDate: null,
      sex: null,
      nationalities: [],
      pins: [],
      birthPlace: null,
    });
    expect(c.addresses).toEqual([{ type: 'residence', street: null, building: null, town: 'Lyon', postalCode: null, region: null, country: 'FR' }]);
    expect(c.employers).toEqual([{ role: 'employer', name: 'X', country: null, ids: [], address: null }]);
    expect(c.decision?.previousDecisionDate).toBeNull();
  });
  it('maps EESSI country spellings and keeps the originals', () => {
    const c = readNavJson(sed('A009', { vedtak: { land: 'UK' } }, { bruker: { person: { etternavn: 'A', statsborgerskap: [{ land: 'EL' }, { land: 'GR' }] } } }));
    expect(c.person?.nationalities).toEqual(['GR']);
    expect(c.decision?.legislationState).toBe('GB');
    expect(c.originals).toEqual({
      'country:nav.bruker.person.statsborgerskap[0].land': 'EL',
      'country:medlemskap.vedtak.land': 'UK',
    });
  });
  it('maps sex, sectors, address and identifier types', () => {
    const c = readNavJson(
      sed('A003', { vedtak: { land: 'BE' } }, {
        bruker: {
          person: {
            kjoenn: 'u',
            pin: ['yrkesskade_og_yrkessykdom', 'familieytelser', 'alle', 'pensjon', 'tilbakekreving', 'sykdom', 'arbeidsledighet'].map(
              (sektor, i) => ({ land: 'FR', identifikator: String(i), sektor }),
            ),
          },
          adresse: ['bosted', 'opphold', 'kontakt', 'annet'].map((type) => ({ type, land: 'FR' })),
        },
        arbeidsgiver: { navn: 'X', identifikator: ['registrering', 'trygd', 'skatt', 'ukjent'].map((type, i) => ({ type, id: String(i) })) },
      }),
    );
    expect(c.person?.sex).toBe('U');
    expect(c.person?.pins.map((p) => p.sector)).toEqual(['awod', 'family', 'all', 'pensions', 'recovery', 'sickness', 'unemployment']);
    expect(c.addresses.map((a) => a.type)).toEqual(['residence', 'stay', 'contact', 'other']);
    expect(c.employers[0]?.ids.map((i) => i.type)).toEqual(['registration', 'social-security', 'tax', 'unknown']);
  });
  it('ignores unknown keys anywhere', () => {
    const doc = a009({ nav: { somethingNew: { deep: [1, 2] } }, medlemskap: { rammeavtale: { fjernarbeid: { EESSIYesNoType: 'ja' } } } });
    doc['Sector Components/Horizontal/H010'] = 'x';
    expect(() => readNavJson(doc)).not.toThrow();
  });
  it('an address without a type is "other"; an empty address is dropped', () => {
    const c = readNavJson(sed('A005', undefined, { bruker: { person: { etternavn: 'A' }, adresse: [{ by: 'Lyon' }, { type: 'bosted' }] } }));
    expect(c.addresses).toEqual([{ type: 'other', street: null, building: null, town: 'Lyon', postalCode: null, region: null, country: null }]);
  });
});

describe('looksLikeNavJson', () => {
  it('tells NAV JSON from other shapes', () => {
    expect(looksLikeNavJson(a009())).toBe(true);
    expect(looksLikeNavJson({ A009: {} })).toBe(false);
    expect(looksLikeNavJson('A009')).toBe(false);
  });
});
