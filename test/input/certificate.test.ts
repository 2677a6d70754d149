import { describe, expect, it } from 'vitest';
import { readCertificate } from '../../core/certificate/read-certificate.js';
import { certificateExample, withField } from './fixtures.js';
import { codeOf, rejectionOf } from './helpers.js';

describe('readCertificate: valid events', () => {
  it('reads the CONTRACTS.md example', () => {
    expect(readCertificate(certificateExample())).toEqual({
      certificateNumber: 'FR-A1-2024-0001234',
      securityCode: '7K2Q-9XTD',
      issueType: 'initial',
      issuedAt: '2024-03-20',
      kind: 'A1',
      form: null,
      agreement: 'EU',
      issuer: { institutionId: 'FR:URSSAF01', country: 'FR' },
      person: { familyName: 'Martin', forename: 'Luc', birthDate: '1979-07-02', sex: 'M', pins: [{ country: 'FR', id: '1790775123456' }] },
      employer: { name: 'Martin Façades SARL', country: 'FR', ids: [{ type: 'siret', id: '83412345600017', label: null }], address: null },
      selfEmployed: false,
      legislationState: 'FR',
      article: '12_1',
      statesOfWork: ['DE'],
      startDate: '2024-04-01',
      endDate: '2025-03-31',
      provisional: false,
    });
  });

  it('normalises article spellings, kinds and countries', () => {
    let doc = withField(certificateExample(), 'article', 'Art. 13(1)(a)');
    doc = withField(doc, 'kind', 'pd a1');
    doc = withField(doc, 'statesOfWork', ['DE', 'EL', 'de']);
    doc = withField(doc, 'legislationState', 'el');
    const c = readCertificate(doc);
    expect(c.article).toBe('13_1_a');
    expect(c.kind).toBe('A1');
    expect(c.statesOfWork).toEqual(['DE', 'GR']);
    expect(c.legislationState).toBe('GR');
  });

  it('a bilateral certificate with its form and partner country', () => {
    let doc = withField(certificateExample(), 'kind', 'BILATERAL');
    doc = withField(doc, 'form', 'SE 404-1');
    doc = withField(doc, 'agreement', 'US');
    const c = readCertificate(doc);
    expect(c.kind).toBe('BILATERAL');
    expect(c.form).toBe('SE 404-1');
    expect(c.agreement).toBe('US');
  });

  it('E101 defaults its agreement to EU; an open end date reads as null', () => {
    let doc = withField(certificateExample(), 'kind', 'E101');
    doc = withField(doc, 'agreement', undefined);
    doc = withField(doc, 'endDate', undefined);
    const c = readCertificate(doc);
    expect(c.agreement).toBe('EU');
    expect(c.endDate).toBeNull();
  });

  it('derives the issuer country from its institution id (EL → GR)', () => {
    const c = readCertificate(withField(certificateExample(), 'issuer', { institutionId: 'EL:IKA0001' }));
    expect(c.issuer).toEqual({ institutionId: 'EL:IKA0001', country: 'GR' });
  });

  it('an amendment is a full certificate', () => {
    const c = readCertificate(withField(certificateExample(), 'issueType', 'amendment'));
    expect(c.issueType).toBe('amendment');
  });

  it('a withdrawal may carry only number, type and date', () => {
    const c = readCertificate({ certificateNumber: 'FR-A1-2024-0001234', issueType: 'withdrawal', issuedAt: '2024-05-02' });
    expect(c).toMatchObject({
      certificateNumber: 'FR-A1-2024-0001234',
      issueType: 'withdrawal',
      issuedAt: '2024-05-02',
      kind: null,
      person: null,
      issuer: null,
      statesOfWork: [],
      startDate: null,
      provisional: false,
    });
  });

  it('a withdrawal that carries more keeps it (validated)', () => {
    const c = readCertificate(withField(certificateExample(), 'issueType', 'withdrawal'));
    expect(c.issueType).toBe('withdrawal');
    expect(c.person?.familyName).toBe('Martin');
    expect(codeOf(() => readCertificate(withField(withField(certificateExample(), 'issueType', 'withdrawal'), 'startDate', '2024-02-30')))).toBe('DATE_INVALID');
  });
});

describe('readCertificate: rejections', () => {
  it('unknown kind: CODE_UNKNOWN', () => {
    const err = rejectionOf(() => readCertificate(withField(certificateExample(), 'kind', 'A2')));
    expect(err.code).toBe('CODE_UNKNOWN');
    expect(err.path).toBe('kind');
  });

  it('unknown issue type, agreement or article: CODE_UNKNOWN', () => {
    expect(codeOf(() => readCertificate(withField(certificateExample(), 'issueType', 'annulment')))).toBe('CODE_UNKNOWN');
    expect(codeOf(() => readCertificate(withField(certificateExample(), 'agreement', 'MARS')))).toBe('CODE_UNKNOWN');
    expect(codeOf(() => readCertificate(withField(certificateExample(), 'article', 'twelve')))).toBe('CODE_UNKNOWN');
    expect(codeOf(() => readCertificate(withField(certificateExample(), 'provisional', 'maybe')))).toBe('CODE_UNKNOWN');
  });

  it('BILATERAL without form: FIELD_MISSING', () => {
    let doc = withField(certificateExample(), 'kind', 'BILATERAL');
    doc = withField(doc, 'agreement', 'US');
    const err = rejectionOf(() => readCertificate(doc));
    expect(err.code).toBe('FIELD_MISSING');
    expect(err.path).toBe('form');
  });

  it('BILATERAL without agreement: FIELD_MISSING', () => {
    let doc = withField(certificateExample(), 'kind', 'BILATERAL');
    doc = withField(doc, 'form', 'SE 404-1');
    doc = withField(doc, 'agreement', undefined);
    expect(rejectionOf(() => readCertificate(doc)).path).toBe('agreement');
  });

  it.each([
    'certificateNumber',
    'issueType',
    'issuedAt',
    'kind',
    'issuer',
    'person',
    'person.familyName',
    'person.birthDate',
    'legislationState',
    'startDate',
  ])('an initial certificate without %s: FIELD_MISSING', (path) => {
    expect(codeOf(() => readCertificate(withField(certificateExample(), path, undefined)))).toBe('FIELD_MISSING');
  });

  it('an issuer without a country anywhere: FIELD_MISSING', () => {
    expect(codeOf(() => readCertificate(withField(certificateExample(), 'issuer', { institutionId: 'URSSAF01' })))).toBe('FIELD_MISSING');
  });

  it('a withdrawal without date: FIELD_MISSING', () => {
    expect(codeOf(() => readCertificate({ certificateNumber: 'X', issueType: 'withdrawal' }))).toBe('FIELD_MISSING');
  });

  it('impossible dates and end before start: DATE_INVALID', () => {
    expect(codeOf(() => readCertificate(withField(certificateExample(), 'startDate', '2024-02-30')))).toBe('DATE_INVALID');
    expect(codeOf(() => readCertificate(withField(certificateExample(), 'issuedAt', '20.03.2024')))).toBe('DATE_INVALID');
    const err = rejectionOf(() => readCertificate(withField(certificateExample(), 'endDate', '2024-03-31')));
    expect(err.code).toBe('DATE_INVALID');
    expect(err.path).toBe('endDate');
  });

  it('wrong JSON types: SHAPE_UNKNOWN', () => {
    expect(codeOf(() => readCertificate(withField(certificateExample(), 'statesOfWork', 'DE')))).toBe('SHAPE_UNKNOWN');
    expect(codeOf(() => readCertificate(withField(certificateExample(), 'person', ['Martin'])))).toBe('SHAPE_UNKNOWN');
    expect(codeOf(() => readCertificate(withField(certificateExample(), 'selfEmployed', 0)))).toBe('SHAPE_UNKNOWN');
  });

  it('an overly long security code: FIELD_TOO_LONG', () => {
    expect(codeOf(() => readCertificate(withField(certificateExample(), 'securityCode', 'x'.repeat(501))))).toBe('FIELD_TOO_LONG');
  });
});
