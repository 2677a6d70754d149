/** Our hand-built A001 (CDM 4.4 XML) carries the data of NAV's sedA001.json. */
import { describe, expect, it } from 'vitest';
import { RejectionCodes } from '../../../core/errors.js';
import { readEessiXml } from '../../../core/sed/eessi/index.js';
import { expectRejection, fixtureXml, replaceOnce } from './helpers.js';

const FIXTURE = 'A001-cdm4.4-nav-sedA001.xml';
const xml = fixtureXml(FIXTURE);

describe('XML A001 (CDM 4.4) with the data of NAV sedA001.json', () => {
  const c = readEessiXml(xml);

  it('reads the envelope-free facts', () => {
    expect(c.sedType).toBe('A001');
    expect(c.cdmVersion).toBe('4.4');
    expect(c.sourceFormat).toBe('xml');
  });

  it('reads the person', () => {
    expect(c.person).toEqual({
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
    expect(c.addresses).toEqual([
      { type: 'residence', street: 'Testgate', building: 'Testbyggnavn', town: 'Testby', postalCode: 'Testpostkode', region: 'Testregion', country: 'BE' },
      { type: 'contact', street: 'Testgate2', building: 'Testbygg2', town: 'Testby2', postalCode: 'Testpostkode2', region: 'Testregion2', country: 'BG' },
    ]);
  });

  it('reads employer, self-employment and the employer in the host country', () => {
    expect(c.employers.map(({ role, name, country, ids }) => ({ role, name, country, ids }))).toEqual([
      { role: 'employer', name: 'Testarbeidsgiver', country: 'CY', ids: [{ type: 'social-security', id: 'TestOrgnummer' }] },
      { role: 'self-employment', name: 'Testselvstendignavn', country: 'BG', ids: [{ type: 'unknown', id: 'Testselvstendignummer' }] },
      { role: 'host', name: 'Testarbeidsgiverhostnavn', country: 'HR', ids: [{ type: 'social-security', id: 'Testarbeidsgiverhosnummer' }] },
    ]);
    expect(c.employers[2]?.address).toEqual({
      street: 'Testarbeidsgiverhosgate', building: 'Testarbeidsgiverhosbygning', town: 'Testarbeidsgiverhosby',
      postalCode: 'Testagpostkode', region: 'Testarbeidsgiverhosregion', country: 'HR',
    });
  });

  it('reads the work places per country of work', () => {
    expect(c.workplaces).toEqual([
      { name: 'Testarbeidsstednavn', country: 'EE', town: 'Testarbeidsstedby', noFixedAddress: false, homeBase: 'Testarbeidsstedbase' },
      { name: 'Testarbeidsstednavn2', country: 'CY', town: 'Testarbeidsstedby2', noFixedAddress: false, homeBase: 'Testarbeidsstedbase2' },
    ]);
  });

  it('fills the request, not a decision', () => {
    expect(c.decision).toBeNull();
    expect(c.request).toEqual({
      startDate: '2018-01-10',
      endDate: '2019-12-01',
      currentStates: ['BE', 'BG', 'HR', 'GR', 'GB'],
      requestedStates: ['CZ', 'GR', 'GB'],
    });
    expect(c.originals['country:A001.ApplicableLegislation.applicableLegislationRequestedSituation[2]']).toBe('UK');
  });

  it('checks the proposed exception article against its code list', () => {
    const bad = replaceOnce(
      xml,
      '<regulationArticlesSituationAgreementExceptionProposed><value>04</value>',
      '<regulationArticlesSituationAgreementExceptionProposed><value>21</value>',
    );
    const r = expectRejection(() => readEessiXml(bad), RejectionCodes.CODE_UNKNOWN);
    expect(r.path).toBe('A001.RequestedForSituationsCoveredByArti8832004.regulationArticlesSituationAgreementExceptionProposed');
  });

  it('requires the requested period', () => {
    const bad = replaceOnce(xml, '<startDate>2018-01-10</startDate>', '');
    const r = expectRejection(() => readEessiXml(bad), RejectionCodes.FIELD_MISSING);
    expect(r.path).toBe('A001.RequestedPeriod.startDate');
  });

  it('rejects an impossible requested end date', () => {
    const bad = replaceOnce(xml, '<endDate>2019-12-01</endDate>', '<endDate>2019-02-29</endDate>');
    const r = expectRejection(() => readEessiXml(bad), RejectionCodes.DATE_INVALID);
    expect(r.path).toBe('A001.RequestedPeriod.endDate');
  });

  it('rejects a justification longer than the XSD allows (255)', () => {
    const bad = replaceOnce(xml, '<justification>Begrunnelse', `<justification>${'x'.repeat(256)}`);
    const r = expectRejection(() => readEessiXml(bad), RejectionCodes.FIELD_TOO_LONG);
    expect(r.path).toBe('A001.MoreInformation.justification');
  });
});
