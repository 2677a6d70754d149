/** The mapping from the English tree to SedContent: decisions per SED type, work places, code lists, rejections. */
import { describe, expect, it } from 'vitest';
import { RejectionCodes } from '../../../core/errors.js';
import { readEessiXml, readRinaJson } from '../../../core/sed/eessi/index.js';
import { expectRejection, fixtureXml, replaceOnce } from './helpers.js';

type Json = Record<string, unknown>;

const PERSON: Json = {
  PersonIdentification: {
    familyName: 'Kowalski',
    forename: 'Jan',
    dateBirth: '1980-01-02',
    sex: { value: ['01'] },
  },
  AdditionalInformationPerson: { nationality: { value: ['PL'] } },
};

function decisionBlock(period: Json, extra: Json = {}): Json {
  return {
    Decision: { InitialDecision: { value: ['1'] } },
    memberStateWhichLegislationApplies: { value: ['DE'] },
    theDecisionAppliesForDurationActivityIndicator: { value: ['0'] },
    PeriodForWhichDecisionApplies: period,
    ...extra,
  };
}

const FIXED = { FixedPeriod: { startDate: '2024-04-01', endDate: '2025-03-31' } };

function sed(sedType: string, body: Json): Json {
  return { [sedType]: { Person: PERSON, ...body, sedGVer: '4', sedVer: '3' } };
}

const A009_XML = fixtureXml('A009-cdm4.4-nav-sedA009.xml');

describe('A009 decision', () => {
  it('reads an initial decision with an open period', () => {
    const c = readRinaJson(
      sed('A009', {
        DecisionLegislationApplicable: decisionBlock({ OpenPeriod: { typeOpenPeriod: { value: ['01'] }, startDate: '2024-04-01' } }),
        articleRegulationECNo8832004: { value: ['02'] },
      }),
    );
    expect(c.cdmVersion).toBe('4.3');
    expect(c.decision).toEqual({
      legislationState: 'DE', article: '12_2', startDate: '2024-04-01', endDate: null, openEnded: true,
      provisional: false, amending: false, previousDecisionDate: null, appliesForDurationOfActivity: false,
    });
  });

  it('treats "end date unknown" (98) as open-ended too', () => {
    const c = readRinaJson(
      sed('A009', {
        DecisionLegislationApplicable: decisionBlock({ OpenPeriod: { typeOpenPeriod: { value: ['98'] }, startDate: '2024-04-01' } }),
        articleRegulationECNo8832004: { value: ['01'] },
      }),
    );
    expect(c.decision?.openEnded).toBe(true);
    expect(c.decision?.endDate).toBeNull();
  });

  it('rejects an unknown open period type, article code or yes/no value (CODE_UNKNOWN)', () => {
    expectRejection(
      () =>
        readRinaJson(
          sed('A009', {
            DecisionLegislationApplicable: decisionBlock({ OpenPeriod: { typeOpenPeriod: { value: ['02'] }, startDate: '2024-04-01' } }),
            articleRegulationECNo8832004: { value: ['01'] },
          }),
        ),
      RejectionCodes.CODE_UNKNOWN,
    );
    const badArticle = expectRejection(
      () => readEessiXml(replaceOnce(A009_XML, '<articleRegulationECNo8832004><value>01</value>', '<articleRegulationECNo8832004><value>03</value>')),
      RejectionCodes.CODE_UNKNOWN,
    );
    expect(badArticle.path).toBe('A009.articleRegulationECNo8832004');
    expectRejection(
      () =>
        readEessiXml(
          replaceOnce(
            A009_XML,
            '<theDecisionAppliesForDurationActivityIndicator><value>1</value>',
            '<theDecisionAppliesForDurationActivityIndicator><value>yes</value>',
          ),
        ),
      RejectionCodes.CODE_UNKNOWN,
    );
  });

  it('requires the decision block, its state, its start and the article (FIELD_MISSING)', () => {
    const noState = expectRejection(
      () => readEessiXml(replaceOnce(A009_XML, '<memberStateWhichLegislationApplies><value>IE</value></memberStateWhichLegislationApplies>', '')),
      RejectionCodes.FIELD_MISSING,
    );
    expect(noState.path).toBe('A009.DecisionLegislationApplicable.memberStateWhichLegislationApplies');
    expectRejection(() => readEessiXml(replaceOnce(A009_XML, '<startDate>2018-10-01</startDate>', '')), RejectionCodes.FIELD_MISSING);
    expectRejection(() => readEessiXml(replaceOnce(A009_XML, '<endDate>2019-05-01</endDate>', '')), RejectionCodes.FIELD_MISSING);
    expectRejection(
      () => readEessiXml(replaceOnce(A009_XML, '<articleRegulationECNo8832004><value>01</value></articleRegulationECNo8832004>', '')),
      RejectionCodes.FIELD_MISSING,
    );
    expectRejection(() => readRinaJson(sed('A009', { articleRegulationECNo8832004: { value: ['01'] } })), RejectionCodes.FIELD_MISSING);
  });

  it('rejects impossible dates (DATE_INVALID)', () => {
    const r = expectRejection(
      () => readEessiXml(replaceOnce(A009_XML, '<datePreviousDecision>2018-05-01</datePreviousDecision>', '<datePreviousDecision>2018-04-31</datePreviousDecision>')),
      RejectionCodes.DATE_INVALID,
    );
    expect(r.path).toBe('A009.DecisionLegislationApplicable.Decision.AmendingDecision.datePreviousDecision');
  });

  it('rejects an unknown country (CODE_UNKNOWN)', () => {
    expectRejection(
      () => readEessiXml(replaceOnce(A009_XML, '<memberStateWhichLegislationApplies><value>IE</value>', '<memberStateWhichLegislationApplies><value>QQ</value>')),
      RejectionCodes.CODE_UNKNOWN,
    );
  });

  it('maps EL and UK in the decision and keeps the original', () => {
    const c = readEessiXml(replaceOnce(A009_XML, '<memberStateWhichLegislationApplies><value>IE</value>', '<memberStateWhichLegislationApplies><value>EL</value>'));
    expect(c.decision?.legislationState).toBe('GR');
    expect(c.originals['country:A009.DecisionLegislationApplicable.memberStateWhichLegislationApplies']).toBe('EL');
  });
});

describe('A003 decision (article codes, provisional)', () => {
  const a003 = (extra: Json): Json =>
    sed('A003', {
      DecisionLegislationApplicable: decisionBlock(FIXED),
      EmployerInMemberStateWhichLegislationApplies: { Employer: [{ name: 'Bau GmbH', Address: { town: 'Köln', country: { value: ['DE'] } } }] },
      EmployerInOtherMemberStateConcerned: { Employer: [{ name: 'Bouw BV', Address: { town: 'Venlo', country: { value: ['NL'] } } }] },
      ...extra,
    });

  it('reads article codes like 13_1_a and the provisional flag', () => {
    const c = readRinaJson(
      a003({
        ArticleRegulationECNo8832004Or9872009: { articleRegulationECNo8832004Or9872009: { value: ['13_1_b_i'] } },
        InformationDeterminationProvisionalAccordingArticle16EC9872009: { determinationProvisional: { value: ['1'] } },
      }),
    );
    expect(c.decision).toMatchObject({ article: '13_1_b_i', provisional: true, legislationState: 'DE', startDate: '2024-04-01', endDate: '2025-03-31' });
    expect(c.employers.map((e) => [e.role, e.name, e.country])).toEqual([
      ['employer', 'Bau GmbH', 'DE'],
      ['host', 'Bouw BV', 'NL'],
    ]);
  });

  it('normalises 13(1)(a) to 13_1_a and defaults provisional to false', () => {
    const c = readRinaJson(a003({ ArticleRegulationECNo8832004Or9872009: { articleRegulationECNo8832004Or9872009: { value: ['13(1)(a)'] } } }));
    expect(c.decision?.article).toBe('13_1_a');
    expect(c.originals['article:A003.ArticleRegulationECNo8832004Or9872009.articleRegulationECNo8832004Or9872009']).toBe('13(1)(a)');
    expect(c.decision?.provisional).toBe(false);
  });

  it('rejects an article that is not an article code (CODE_UNKNOWN)', () => {
    expectRejection(
      () => readRinaJson(a003({ ArticleRegulationECNo8832004Or9872009: { articleRegulationECNo8832004Or9872009: { value: ['posting'] } } })),
      RejectionCodes.CODE_UNKNOWN,
    );
  });
});

describe('other SED types', () => {
  it('A010: decision with its article', () => {
    const c = readRinaJson(sed('A010', { DecisionLegislationApplicable: decisionBlock(FIXED), articleRegulationECNo8832004: { value: ['11_3_d'] } }));
    expect(c.decision).toMatchObject({ legislationState: 'DE', article: '11_3_d', openEnded: false, amending: false });
  });

  it.each(['A011', 'A012'])('%s: person only, the accepted decision lives in the A001/A003 it answers', (t) => {
    const c = readRinaJson(sed(t, { AdditionalInformation: { additionalInformation: 'ok' } }));
    expect(c.person?.familyName).toBe('Kowalski');
    expect(c.decision).toBeNull();
    expect(c.request).toBeNull();
  });

  it('A008: person, employers and work places, no decision', () => {
    const c = readRinaJson(
      sed('A008', {
        PurposeofSED: {
          InformationWorkingInTwoOrMoreMemberStates: {
            IdentificationEmployers: { Employer: [{ name: 'Bau GmbH', Address: { town: 'Köln', country: { value: ['DE'] } } }] },
            PlaceWork: { aFixedPlaceWorkExistsIndicator: { value: ['1'] }, CountriesWork: [{ countryWork: { value: ['FR'] } }] },
          },
        },
      }),
    );
    expect(c.decision).toBeNull();
    expect(c.employers.map((e) => e.name)).toEqual(['Bau GmbH']);
    expect(c.workplaces).toEqual([{ name: null, country: 'FR', town: null, noFixedAddress: false, homeBase: null }]);
  });

  it('X008: the person of the case context and the SED it invalidates', () => {
    const c = readRinaJson({
      X008: {
        CaseContext: { PersonContext: { familyName: 'Kowalski', forename: 'Jan', dateBirth: '1980-01-02', sex: { value: ['01'] } } },
        TheFollowingSEDConsideredInvalidWithdrawn: { SEDType: 'A009', dateIssued: '2024-03-01', reason: { value: ['01'] } },
      },
    });
    expect(c.person).toMatchObject({ familyName: 'Kowalski', forename: 'Jan', birthDate: '1980-01-02', sex: 'M', pins: [], nationalities: [] });
    expect(c.target).toEqual({ documentId: null, sedType: 'A009' });
    expect(c.decision).toBeNull();
    expect(c.cdmVersion).toBeNull();
  });

  it('H001 and other unknown types: read what is there, require nothing', () => {
    expect(readRinaJson({ H001: { Person: PERSON } }).person?.familyName).toBe('Kowalski');
    const empty = readRinaJson({ X001: { CaseClosure: { reason: { value: ['01'] } } } });
    expect(empty).toMatchObject({ sedType: 'X001', person: null, addresses: [], employers: [], workplaces: [], decision: null, request: null, target: null });
  });
});

describe('person details', () => {
  it('keeps non-country nationalities (stateless...) out of the list, in originals', () => {
    const person = { ...PERSON, AdditionalInformationPerson: { nationality: { value: ['XS', 'PL'] } } };
    const c = readRinaJson({ A011: { Person: person } });
    expect(c.person?.nationalities).toEqual(['PL']);
    expect(c.originals).toEqual({ 'nationality:A011.Person.AdditionalInformationPerson.nationality[0]': 'XS' });
  });

  it('gives a null birth country for historic codes (SUHH), kept in originals', () => {
    const pi = { ...(PERSON['PersonIdentification'] as Json), IfPINNotProvidedForEveryInstitutionPleaseProvide: { PlaceBirth: { town: 'Riga', country: { value: ['SUHH'] } } } };
    const c = readRinaJson({ A011: { Person: { ...PERSON, PersonIdentification: pi } } });
    expect(c.person?.birthPlace).toEqual({ town: 'Riga', region: null, country: null });
    expect(Object.values(c.originals)).toEqual(['SUHH']);
  });

  it('rejects an unknown PIN sector, address type and identification number type (CODE_UNKNOWN)', () => {
    const sector = expectRejection(
      () => readEessiXml(replaceOnce(A009_XML, '<sector><value>03</value></sector>', '<sector><value>08</value></sector>')),
      RejectionCodes.CODE_UNKNOWN,
    );
    expect(sector.path).toBe('A009.Person.PersonIdentification.PINPersonInEachInstitution.PersonalIdentificationNumber[0].sector');
    expectRejection(
      () => readEessiXml(replaceOnce(A009_XML, '<type><value>02</value></type>\n      <Address>', '<type><value>04</value></type>\n      <Address>')),
      RejectionCodes.CODE_UNKNOWN,
    );
    expectRejection(
      () => readEessiXml(replaceOnce(A009_XML, '<number>435435</number>\n          <type><value>02</value>', '<number>435435</number>\n          <type><value>04</value>')),
      RejectionCodes.CODE_UNKNOWN,
    );
  });

  it('requires a number in every PIN entry and identification number (FIELD_MISSING)', () => {
    const r = expectRejection(
      () => readEessiXml(replaceOnce(A009_XML, '<personalIdentificationNumber>478323742</personalIdentificationNumber>', '')),
      RejectionCodes.FIELD_MISSING,
    );
    expect(r.path).toBe('A009.Person.PersonIdentification.PINPersonInEachInstitution.PersonalIdentificationNumber[1].personalIdentificationNumber');
    expectRejection(() => readEessiXml(replaceOnce(A009_XML, '<number>435435</number>', '<number></number>')), RejectionCodes.FIELD_MISSING);
  });

  it('rejects names longer than the XSD allows (FIELD_TOO_LONG, 155)', () => {
    expect(readEessiXml(replaceOnce(A009_XML, '<forename>Testfornavn</forename>', `<forename>${'é'.repeat(155)}</forename>`)).person?.forename).toHaveLength(155);
    const r = expectRejection(
      () => readEessiXml(replaceOnce(A009_XML, '<forename>Testfornavn</forename>', `<forename>${'é'.repeat(156)}</forename>`)),
      RejectionCodes.FIELD_TOO_LONG,
    );
    expect(r.path).toBe('A009.Person.PersonIdentification.forename');
  });

  it('gives an address without type the type "other"', () => {
    const c = readEessiXml(replaceOnce(A009_XML, '<type><value>01</value></type>\n      <Address>', '<Address>'));
    expect(c.addresses[1]?.type).toBe('other');
  });
});

describe('work places', () => {
  it('gives a country of work without places one work place', () => {
    const c = readRinaJson(
      sed('A009', {
        DecisionLegislationApplicable: decisionBlock(FIXED),
        articleRegulationECNo8832004: { value: ['01'] },
        PlaceWork: {
          aFixedPlaceWorkExistsIndicator: { value: ['0'] },
          CountriesWork: [
            { countryWork: { value: ['NL'] } },
            { countryWork: { value: ['UK'] }, PlaceWork: { PlaceWork: [{ companyNameVesselName: 'MS Aurora', flagStatehomeBase: 'MT', Address: { town: 'Valletta' } }] } },
          ],
        },
      }),
    );
    expect(c.workplaces).toEqual([
      { name: null, country: 'NL', town: null, noFixedAddress: true, homeBase: null },
      { name: 'MS Aurora', country: 'GB', town: 'Valletta', noFixedAddress: true, homeBase: 'MT' },
    ]);
  });
});
