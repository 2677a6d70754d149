import { describe, expect, it } from 'vitest';
import { readDeclaration } from '../../core/declaration/read-declaration.js';
import { declarationExample, withField } from './fixtures.js';
import { codeOf, rejectionOf } from './helpers.js';

describe('readDeclaration: the CONTRACTS.md example', () => {
  it('reads every field', () => {
    const d = readDeclaration(declarationExample());
    expect(d).toEqual({
      declarationId: 'SIPSI-2024-000123',
      version: 1,
      status: 'active',
      declaredAt: '2024-03-28T09:00:00.000Z',
      hostCountry: 'FR',
      postingUndertaking: {
        name: 'Bau & Montage GmbH',
        country: 'DE',
        ids: [
          { type: 'vat', id: 'DE123456789', label: null },
          { type: 'registration', id: 'HRB 20001', label: null },
        ],
        address: { street: 'Industriestr. 7', building: null, town: 'Düsseldorf', postalCode: '40210', region: null, country: 'DE' },
      },
      client: { name: 'Chantier Part-Dieu SAS', country: 'FR', ids: [{ type: 'siret', id: '12345678900012', label: null }], address: null },
      sector: 'construction',
      serviceNature: 'installation of facades',
      startDate: '2024-04-01',
      endDate: '2024-09-30',
      workplaces: [
        { name: null, address: { street: '12 rue de la Villette', building: null, town: 'Lyon', postalCode: '69003', region: null, country: 'FR' } },
      ],
      workers: [
        {
          familyName: 'Müller',
          forename: 'Jan',
          birthDate: '1985-02-11',
          sex: 'M',
          nationality: 'PL',
          pins: [{ country: 'DE', id: '12110285M005' }],
          a1Reference: 'DE-A1-2024-778812',
        },
      ],
      liaisonPerson: { familyName: 'Weber', forename: 'Anna', phone: '+49 211 000000', email: null },
    });
  });
});

describe('readDeclaration: normalisation', () => {
  it('trims strings, reads empty strings as null, normalises countries and codes', () => {
    let doc = withField(declarationExample(), 'hostCountry', ' fr ');
    doc = withField(doc, 'postingUndertaking.country', 'EL');
    doc = withField(doc, 'status', 'Amended');
    doc = withField(doc, 'version', '3');
    doc = withField(doc, 'sector', '   ');
    doc = withField(doc, 'workers.0.forename', '  Jan  ');
    doc = withField(doc, 'workers.0.sex', 'f');
    doc = withField(doc, 'workers.0.nationality', 'UK');
    doc = withField(doc, 'postingUndertaking.ids', [{ type: 'VAT_Number', id: 'EL123' }, { type: 'Steuernummer', id: '1' }]);
    const d = readDeclaration(doc);
    expect(d.hostCountry).toBe('FR');
    expect(d.postingUndertaking.country).toBe('GR');
    expect(d.status).toBe('amended');
    expect(d.version).toBe(3);
    expect(d.sector).toBeNull();
    expect(d.workers[0]?.forename).toBe('Jan');
    expect(d.workers[0]?.sex).toBe('F');
    expect(d.workers[0]?.nationality).toBe('GB');
    expect(d.postingUndertaking.ids).toEqual([
      { type: 'vat', id: 'EL123', label: null },
      { type: 'other', id: '1', label: 'Steuernummer' },
    ]);
  });

  it('optional parts may be absent', () => {
    let doc = declarationExample();
    for (const k of ['client', 'declaredAt', 'workplaces', 'liaisonPerson', 'sector', 'serviceNature']) doc = withField(doc, k, undefined);
    const d = readDeclaration(doc);
    expect(d.client).toBeNull();
    expect(d.workplaces).toEqual([]);
    expect(d.declaredAt).toBeNull();
  });

  it('an end date equal to the start date is a one-day posting', () => {
    const d = readDeclaration(withField(declarationExample(), 'endDate', '2024-04-01'));
    expect(d.endDate).toBe('2024-04-01');
  });
});

describe('readDeclaration: rejections', () => {
  it.each([
    ['declarationId', undefined],
    ['declarationId', '  '],
    ['version', undefined],
    ['status', undefined],
    ['hostCountry', undefined],
    ['postingUndertaking', undefined],
    ['postingUndertaking.name', ''],
    ['postingUndertaking.country', undefined],
    ['startDate', undefined],
    ['endDate', null],
    ['workers', undefined],
    ['workers', []],
    ['workers.0.familyName', undefined],
    ['workers.0.birthDate', undefined],
  ])('missing %s: FIELD_MISSING', (path, value) => {
    const err = rejectionOf(() => readDeclaration(withField(declarationExample(), path, value)));
    expect(err.code).toBe('FIELD_MISSING');
  });

  it('names the path of a missing worker field', () => {
    const doc = withField(declarationExample(), 'workers', [{ familyName: 'A', birthDate: '1980-01-01' }, { familyName: 'B' }]);
    expect(rejectionOf(() => readDeclaration(doc)).path).toBe('workers[1].birthDate');
  });

  it('an impossible date (2024-02-30): DATE_INVALID', () => {
    expect(codeOf(() => readDeclaration(withField(declarationExample(), 'startDate', '2024-02-30')))).toBe('DATE_INVALID');
    expect(codeOf(() => readDeclaration(withField(declarationExample(), 'workers.0.birthDate', '1985-13-01')))).toBe('DATE_INVALID');
    expect(codeOf(() => readDeclaration(withField(declarationExample(), 'declaredAt', '2024-03-28T25:00:00Z')))).toBe('DATE_INVALID');
  });

  it('end before start: DATE_INVALID', () => {
    const err = rejectionOf(() => readDeclaration(withField(declarationExample(), 'endDate', '2024-03-31')));
    expect(err.code).toBe('DATE_INVALID');
    expect(err.path).toBe('endDate');
  });

  it('unknown status, sex or country; a version that is not a positive integer: CODE_UNKNOWN', () => {
    expect(codeOf(() => readDeclaration(withField(declarationExample(), 'status', 'draft')))).toBe('CODE_UNKNOWN');
    expect(codeOf(() => readDeclaration(withField(declarationExample(), 'workers.0.sex', 'X')))).toBe('CODE_UNKNOWN');
    expect(codeOf(() => readDeclaration(withField(declarationExample(), 'hostCountry', 'XX')))).toBe('CODE_UNKNOWN');
    for (const v of [0, -1, 1.5, '1.0', 'one']) {
      expect(codeOf(() => readDeclaration(withField(declarationExample(), 'version', v)))).toBe('CODE_UNKNOWN');
    }
  });

  it('a value of the wrong JSON type: SHAPE_UNKNOWN', () => {
    expect(codeOf(() => readDeclaration(withField(declarationExample(), 'workers', 'Müller')))).toBe('SHAPE_UNKNOWN');
    expect(codeOf(() => readDeclaration(withField(declarationExample(), 'workers.0.familyName', { a: 1 })))).toBe('SHAPE_UNKNOWN');
    expect(codeOf(() => readDeclaration(withField(declarationExample(), 'postingUndertaking', 'Bau')))).toBe('SHAPE_UNKNOWN');
    expect(codeOf(() => readDeclaration(withField(declarationExample(), 'version', true)))).toBe('SHAPE_UNKNOWN');
  });

  it('a string longer than 500 characters: FIELD_TOO_LONG', () => {
    const err = rejectionOf(() => readDeclaration(withField(declarationExample(), 'serviceNature', 'x'.repeat(501))));
    expect(err.code).toBe('FIELD_TOO_LONG');
    expect(err.path).toBe('serviceNature');
    expect(readDeclaration(withField(declarationExample(), 'serviceNature', 'x'.repeat(500))).serviceNature).toHaveLength(500);
  });
});
