import { describe, expect, it } from 'vitest';
import {
  companyNameSimilarity,
  normaliseCompanyName,
  resolveCompanies,
  type CompanyRecord,
} from '../../core/identity/companies.js';
import { precisionRecall } from '../../core/identity/evaluate.js';
import { labelledCompanies } from '../../core/identity/labelled.js';
import { Rng } from '../../core/synth/random.js';

function co(ref: string, name: string | null, country: string | null, ids: [string, string][] = [], address: CompanyRecord['address'] = null): CompanyRecord {
  return { ref, name, country, ids: ids.map(([type, id]) => ({ type, id })), address };
}

const dus = { street: 'Industriestr. 7', town: 'Düsseldorf', postalCode: '40210', country: 'DE' };

describe('company names', () => {
  it('recognise legal forms however written', () => {
    expect(normaliseCompanyName('Bau & Montage GmbH')).toMatchObject({ tokens: ['bau', 'montage'], legalForm: 'gmbh' });
    expect(normaliseCompanyName('"Bau & Montage" G.m.b.H.').legalForm).toBe('gmbh');
    expect(normaliseCompanyName('Bau & Montage GmbH & Co. KG').legalForm).toBe('gmbh-co-kg');
    expect(normaliseCompanyName('Bau & Montage GmbH und Co. KG').legalForm).toBe('gmbh-co-kg');
    expect(normaliseCompanyName('Budimex Sp. z o.o.').legalForm).toBe('sp-zoo');
    expect(normaliseCompanyName('BUDIMEX SP. Z O. O.').legalForm).toBe('sp-zoo');
    expect(normaliseCompanyName('Budimex spółka z ograniczoną odpowiedzialnością').legalForm).toBe('sp-zoo');
    expect(normaliseCompanyName('Rénov Bat S.à r.l.').legalForm).toBe('sarl');
    expect(normaliseCompanyName('Edilizia Rossi S.r.l.').legalForm).toBe('srl');
    expect(normaliseCompanyName('Transportes Muñoz S.L.U.').legalForm).toBe('slu');
    expect(normaliseCompanyName('Stavby Novák s.r.o.').legalForm).toBe('sro');
    expect(normaliseCompanyName('Győri Kft.').legalForm).toBe('kft');
    expect(normaliseCompanyName('Bouw Peeters BV').legalForm).toBe('bv');
    expect(normaliseCompanyName('Trucking & Co Ltd').legalForm).toBe('ltd');
    expect(normaliseCompanyName('SARL Dupont Frères')).toMatchObject({ tokens: ['dupont', 'freres'], legalForm: 'sarl' });
    expect(normaliseCompanyName('GmbH').tokens).toEqual(['gmbh']);
  });

  it('compare names apart from case, diacritics, punctuation, word order and legal-form spelling', () => {
    expect(companyNameSimilarity('Construcciones Muñoz S.L.', 'CONSTRUCCIONES MUNOZ SL').score).toBe(1);
    expect(companyNameSimilarity('Bouw Peeters B.V.', 'Peeters Bouw BV').score).toBe(1);
    expect(companyNameSimilarity('Bau & Montage GmbH', 'Bau und Montage GmbH').score).toBe(1);
    expect(companyNameSimilarity('Bau & Montage GmbH', 'Bau & Montage').score).toBeCloseTo(0.97, 5);
    expect(companyNameSimilarity('Bau & Montage GmbH', 'Bau & Montage AG').score).toBeCloseTo(0.85, 5);
    expect(companyNameSimilarity('ProStaff Łódź Sp. z o.o.', 'ProStaff Kraków Sp. z o.o.').score).toBeLessThan(0.8);
  });
});

describe('resolveCompanies: identifiers', () => {
  it('links one VAT number however written (prefix, separators, case, as a tax id)', () => {
    const res = resolveCompanies([
      co('decl', 'Bau & Montage GmbH', 'DE', [['vat', 'DE136695976']], dus),
      co('cert', 'BAU & MONTAGE GMBH', 'DE', [['vat', 'de 136 695 976']]),
      co('sed', 'Bau und Montage', 'DE', [['tax', 'DE136695976']]),
      co('bare', 'Bau & Montage GmbH', 'DE', [['vat', '136695976']]),
    ]);
    expect(new Set(res.companyKey.values()).size).toBe(1);
    expect(res.links.every((l) => l.method === 'vat' && l.confidence === 1)).toBe(true);
  });

  it('links SIRET, SIREN and French VAT of one undertaking', () => {
    const res = resolveCompanies([
      co('a', 'Chantier Part-Dieu SAS', 'FR', [['siret', '73282932000074']]),
      co('b', 'Chantier Part Dieu', 'FR', [['registration', '732 829 320 00082']]),
      co('c', null, 'FR', [['siren', '732829320']]),
      co('d', 'CHANTIER PART-DIEU', 'FR', [['vat', `FR${String((12 + 3 * (732829320 % 97)) % 97).padStart(2, '0')}732829320`]]),
    ]);
    expect(new Set(res.companyKey.values()).size).toBe(1);
    expect(res.links.map((l) => l.method)).toContain('siren');
  });

  it('links a Belgian enterprise number to the VAT number it is', () => {
    const res = resolveCompanies([
      co('a', 'Bouw Peeters BV', 'BE', [['vat', 'BE0403019261']]),
      co('b', 'Bouw Peeters', 'BE', [['registration', '0403.019.261']]),
    ]);
    expect(res.companyKey.get('a')).toBe(res.companyKey.get('b'));
  });

  it('links the same registration number when names agree, even without a valid checksum', () => {
    const res = resolveCompanies([
      co('a', 'Bau & Montage GmbH', 'DE', [['registration', 'HRB 20001'], ['vat', 'DE123456789']]),
      co('b', 'Bau & Montage GmbH', 'DE', [['registration', 'hrb20001']]),
      co('c', 'Bau & Montage GmbH', 'DE', [['vat', 'DE 123 456 789']]),
    ]);
    expect(new Set(res.companyKey.values()).size).toBe(1);
    expect(res.links.map((l) => l.method).sort()).toEqual(['registration', 'vat']);
  });

  it('does not link a registration number shared by companies with unlike names', () => {
    const res = resolveCompanies([co('a', 'Bau & Montage GmbH', 'DE', [['registration', 'HRB 20001']]), co('b', 'Schmidt Logistik AG', 'DE', [['registration', 'HRB 20001']])]);
    expect(res.companyKey.get('a')).not.toBe(res.companyKey.get('b'));
    expect(res.conflicts[0]?.reason).toBe('id-names-differ');
  });

  it('registration numbers of different countries are different numbers', () => {
    const res = resolveCompanies([co('a', 'Alpha', 'NL', [['registration', '12345678']]), co('b', 'Alpha', 'CZ', [['registration', '12345678']])]);
    expect(res.companyKey.get('a')).not.toBe(res.companyKey.get('b'));
  });

  it('two valid VAT numbers of one country block a merge by name or by another number', () => {
    const res = resolveCompanies([
      co('a', 'Bau & Montage GmbH', 'DE', [['vat', 'DE136695976'], ['registration', 'HRB 1']], dus),
      co('b', 'Bau & Montage GmbH', 'DE', [['vat', 'DE813495425'], ['registration', 'HRB 1']], dus),
    ]);
    expect(res.companyKey.get('a')).not.toBe(res.companyKey.get('b'));
  });
});

describe('resolveCompanies: names', () => {
  it('links a record without numbers by name, country and address', () => {
    const res = resolveCompanies([
      co('a', 'Bau & Montage GmbH', 'DE', [['vat', 'DE136695976']], dus),
      co('b', 'BAU & MONTAGE G.m.b.H.', 'DE', [], { town: 'Duesseldorf', postalCode: '40210' }),
    ]);
    expect(res.companyKey.get('b')).toBe(res.companyKey.get('a'));
    expect(res.links[0]?.method).toBe('name-address');
    expect(res.links[0]?.confidence).toBeLessThanOrEqual(0.85);
  });

  it('does not link the same name in another country or with another legal form', () => {
    const res = resolveCompanies([
      co('a', 'Bau & Montage GmbH', 'DE', [], dus),
      co('b', 'Bau & Montage GmbH', 'AT', [], { town: 'Wien', postalCode: '1010' }),
      co('c', 'Bau & Montage AG', 'DE', [], dus),
    ]);
    expect(new Set(res.companyKey.values()).size).toBe(3);
  });

  it('reports a record that fits two namesakes with different numbers as ambiguous', () => {
    const res = resolveCompanies([
      co('a', 'Work & Go Sp. z o.o.', 'PL', [['vat', 'PL8567346215']], { town: 'Łódź', postalCode: '90-001' }),
      co('b', 'Work & Go Sp. z o.o.', 'PL', [['vat', 'PL5260250274']], { town: 'Łódź', postalCode: '90-001' }),
      co('x', 'WORK & GO SP. Z O.O.', 'PL', [], { town: 'Lodz', postalCode: '90001' }),
    ]);
    const keys = [res.companyKey.get('a'), res.companyKey.get('b')].sort();
    expect(new Set(res.companyKey.values()).size).toBe(3);
    expect(res.ambiguous).toEqual([{ ref: 'x', candidates: keys, score: expect.any(Number) as number }]);
  });

  it('prefers a shared number over an equal name', () => {
    const res = resolveCompanies([
      co('a', 'Work & Go Sp. z o.o.', 'PL', [['vat', 'PL8567346215'], ['registration', 'KRS 0000012345']], { town: 'Łódź', postalCode: '90-001' }),
      co('b', 'Work & Go Sp. z o.o.', 'PL', [['vat', 'PL5260250274']], { town: 'Łódź', postalCode: '90-001' }),
      co('x', 'Work & Go Sp. z o.o.', 'PL', [['registration', 'KRS0000012345']], { town: 'Łódź', postalCode: '90-001' }),
    ]);
    expect(res.companyKey.get('x')).toBe(res.companyKey.get('a'));
    expect(res.ambiguous).toEqual([]);
  });
});

describe('resolveCompanies: keys and evaluation', () => {
  const set = labelledCompanies({ seed: 4, companies: 150, clients: 60 });

  it('are the same whatever the input order', () => {
    const a = resolveCompanies(set.records);
    for (const seed of [1, 2]) {
      const rng = new Rng(seed);
      const shuffled = [...set.records];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = rng.int(0, i);
        [shuffled[i], shuffled[j]] = [shuffled[j] as CompanyRecord, shuffled[i] as CompanyRecord];
      }
      const b = resolveCompanies(shuffled);
      expect(b.companyKey).toEqual(a.companyKey);
      expect(b.ambiguous).toEqual(a.ambiguous);
    }
  });

  it('derive from the best identifier', () => {
    const a = resolveCompanies([co('a', 'X SAS', 'FR', [['siret', '73282932000074']])]);
    const b = resolveCompanies([co('zzz', 'Y SARL', 'FR', [['siren', '732829320']])]);
    expect(a.companyKey.get('a')).toBe(b.companyKey.get('zzz'));
    expect(a.companyKey.get('a')).toMatch(/^CK-[0-9a-f]{20}$/);
  });

  it('refuse duplicate refs', () => {
    expect(() => resolveCompanies([co('a', 'A', 'DE'), co('a', 'B', 'DE')])).toThrow(/duplicate ref/);
  });

  it('keep precision >= 0.99 on a labelled set full of namesakes, with recall >= 0.85', () => {
    const big = labelledCompanies({ seed: 2024, companies: 600, clients: 200 });
    const res = resolveCompanies(big.records);
    const s = precisionRecall(res.companyKey, big.truth);
    expect(s.precision).toBeGreaterThanOrEqual(0.99);
    expect(s.recall).toBeGreaterThanOrEqual(0.85);
  }, 60_000);
});
