import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMPANY_CONTROLS } from '../../core/controls/catalog/company-signals.js';
import type { CompanyFacts, CompanyPostingFact, ControlHit } from '../../core/controls/types.js';
import { evaluateControl } from '../support/control-catalogue.js';

const AS_OF = '2025-06-30';

function facts(over: Partial<CompanyFacts> = {}): CompanyFacts {
  return {
    companyKey: 'co-1',
    name: 'Acme',
    country: 'PL',
    ids: [],
    sector: null,
    asOf: AS_OF,
    postings: [],
    personsKnown: 0,
    personsPosted: 0,
    attestations: [],
    sharedAddressCompanies: [],
    firstSeenOn: null,
    ...over,
  };
}

let seq = 0;
function posting(over: Partial<CompanyPostingFact> = {}): CompanyPostingFact {
  seq += 1;
  const declarationId = over.declarationId ?? `d${seq}`;
  return {
    ref: `${declarationId}#0`,
    declarationId,
    declaredAt: '2025-01-10',
    hostCountry: 'NO',
    sendingState: 'PL',
    companyKey: 'co-1',
    clientKey: null,
    period: { start: '2025-01-15', end: '2025-03-15' },
    sector: null,
    a1Reference: 'A1-1',
    personKey: `p${seq}`,
    matchOutcome: null,
    ...over,
  };
}

function many(n: number, over: (i: number) => Partial<CompanyPostingFact>): CompanyPostingFact[] {
  return Array.from({ length: n }, (_, i) => posting(over(i)));
}

const run = (id: string, f: CompanyFacts): ControlHit[] => evaluateControl(COMPANY_CONTROLS, id, f);

describe('catalog', () => {
  it('has well-formed, unique ids and metadata', () => {
    expect(COMPANY_CONTROLS.length).toBeGreaterThanOrEqual(12);
    expect(COMPANY_CONTROLS.length).toBeLessThanOrEqual(16);
    const ids = COMPANY_CONTROLS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of COMPANY_CONTROLS) {
      expect(c.id).toMatch(/^LAC-C\d{3}$/);
      expect(c.version).toBeGreaterThanOrEqual(1);
      expect(c.legalBasis.trim()).not.toBe('');
      expect(c.message.trim()).not.toBe('');
      expect(c.title.trim()).not.toBe('');
      expect(['info', 'warning', 'red']).toContain(c.severity);
    }
  });

  it('gives no hits on empty facts', () => {
    for (const c of COMPANY_CONTROLS) expect(c.evaluate(facts()), c.id).toEqual([]);
  });

  it('never reads a nationality', () => {
    const path = fileURLToPath(new URL('../../core/controls/catalog/company-signals.ts', import.meta.url));
    expect(readFileSync(path, 'utf8').toLowerCase()).not.toContain('nationalit');
  });

  it('hits carry the company key and evidence', () => {
    const f = facts({ personsKnown: 10, personsPosted: 9, postings: [posting()] });
    const [hit] = run('LAC-C001', f);
    expect(hit).toMatchObject({ subjectType: 'company', subjectRef: 'co-1', companyKey: 'co-1' });
    expect(hit?.evidence.length).toBeGreaterThan(0);
  });
});

describe('LAC-C001', () => {
  it('flags a company posting >= 75 % of its known workers', () => {
    const hits = run('LAC-C001', facts({ personsKnown: 8, personsPosted: 6 }));
    expect(hits).toHaveLength(1);
    expect(hits[0]?.detail).toContain('6 of 8');
  });
  it('does not flag a lower share or too few workers', () => {
    expect(run('LAC-C001', facts({ personsKnown: 8, personsPosted: 5 }))).toEqual([]);
    expect(run('LAC-C001', facts({ personsKnown: 3, personsPosted: 3 }))).toEqual([]);
  });
});

describe('LAC-C002', () => {
  it('flags a temp-work agency placing mostly abroad', () => {
    expect(run('LAC-C002', facts({ sector: 'temp-work', personsKnown: 10, personsPosted: 6 }))).toHaveLength(1);
  });
  it('does not flag other sectors or agencies placing mostly at home', () => {
    expect(run('LAC-C002', facts({ sector: 'construction', personsKnown: 10, personsPosted: 9 }))).toEqual([]);
    expect(run('LAC-C002', facts({ sector: 'temp-work', personsKnown: 10, personsPosted: 5 }))).toEqual([]);
  });
});

describe('LAC-C003', () => {
  it('flags a spike of declarations in the last 3 months', () => {
    const recent = many(12, () => ({ declaredAt: '2025-05-15' }));
    const old = many(6, () => ({ declaredAt: '2024-10-01' }));
    const hits = run('LAC-C003', facts({ postings: [...recent, ...old] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toHaveLength(12);
  });
  it('does not flag a steady rate or a small count', () => {
    const recent = many(12, () => ({ declaredAt: '2025-05-15' }));
    const old = many(48, () => ({ declaredAt: '2024-10-01' }));
    expect(run('LAC-C003', facts({ postings: [...recent, ...old] }))).toEqual([]);
    expect(run('LAC-C003', facts({ postings: many(5, () => ({ declaredAt: '2025-05-15' })) }))).toEqual([]);
  });
  it('ignores declarations after the as-of date', () => {
    expect(run('LAC-C003', facts({ postings: many(12, () => ({ declaredAt: '2025-08-01' })) }))).toEqual([]);
  });
});

describe('LAC-C004', () => {
  it('flags three or more other companies at the same address', () => {
    const hits = run('LAC-C004', facts({ sharedAddressCompanies: ['co-2', 'co-3', 'co-4'] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toEqual(['co-2', 'co-3', 'co-4']);
  });
  it('does not count itself or duplicates', () => {
    expect(run('LAC-C004', facts({ sharedAddressCompanies: ['co-1', 'co-2', 'co-3', 'co-3'] }))).toEqual([]);
  });
});

describe('LAC-C005', () => {
  it('flags a first posting within 3 months of first appearing', () => {
    const hits = run('LAC-C005', facts({ firstSeenOn: '2025-01-01', postings: [posting({ period: { start: '2025-02-15', end: null } })] }));
    expect(hits).toHaveLength(1);
  });
  it('does not flag a company established long before its first posting', () => {
    expect(run('LAC-C005', facts({ firstSeenOn: '2023-01-01', postings: [posting({ period: { start: '2025-02-15', end: null } })] }))).toEqual([]);
  });
});

describe('LAC-C006', () => {
  const base = { clientKey: 'client-1', sector: 'construction', hostCountry: 'NO' };
  it('flags another posted worker following at the same client within a month', () => {
    const a = posting({ ...base, personKey: 'pa', period: { start: '2024-01-01', end: '2024-12-31' } });
    const b = posting({ ...base, personKey: 'pb', period: { start: '2025-01-20', end: null } });
    const hits = run('LAC-C006', facts({ postings: [a, b] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ subjectType: 'declaration-worker', subjectRef: b.ref, companyKey: 'co-1' });
    expect(hits[0]?.evidence).toEqual([a.ref, b.ref].sort());
  });
  it('does not flag the same person, another client, another service or a long gap', () => {
    const a = posting({ ...base, personKey: 'pa', period: { start: '2024-01-01', end: '2024-12-31' } });
    const same = posting({ ...base, personKey: 'pa', period: { start: '2025-01-10', end: null } });
    const otherClient = posting({ ...base, clientKey: 'client-2', personKey: 'pc', period: { start: '2025-01-10', end: null } });
    const otherSector = posting({ ...base, sector: 'cleaning', personKey: 'pd', period: { start: '2025-01-10', end: null } });
    const late = posting({ ...base, personKey: 'pe', period: { start: '2025-04-01', end: null } });
    expect(run('LAC-C006', facts({ postings: [a, same, otherClient, otherSector, late] }))).toEqual([]);
  });
  it('does not flag two workers posted side by side', () => {
    const a = posting({ ...base, personKey: 'pa', period: { start: '2024-01-01', end: '2024-12-31' } });
    const b = posting({ ...base, personKey: 'pb', period: { start: '2024-02-01', end: '2024-12-31' } });
    expect(run('LAC-C006', facts({ postings: [a, b] }))).toEqual([]);
  });
});

describe('LAC-C007', () => {
  it('flags chained postings of one person over 24 months', () => {
    const a = posting({ personKey: 'px', period: { start: '2022-01-01', end: '2023-06-30' } });
    const b = posting({ personKey: 'px', period: { start: '2023-08-01', end: '2024-12-31' } });
    const hits = run('LAC-C007', facts({ postings: [a, b] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ subjectType: 'declaration-worker', subjectRef: b.ref });
    expect(hits[0]?.detail).toContain('36 months');
  });
  it('does not chain across a gap of two months or more, nor across persons', () => {
    const a = posting({ personKey: 'px', period: { start: '2022-01-01', end: '2023-06-30' } });
    const b = posting({ personKey: 'px', period: { start: '2023-09-15', end: '2024-12-31' } });
    const c = posting({ personKey: 'py', period: { start: '2023-07-01', end: '2024-12-31' } });
    expect(run('LAC-C007', facts({ postings: [a, b, c] }))).toEqual([]);
  });
});

describe('LAC-C008', () => {
  it('flags >= 30 % of declared workers without certificate', () => {
    const ps = [...many(3, () => ({ matchOutcome: 'no-certificate' })), ...many(7, () => ({ matchOutcome: 'matched' }))];
    const hits = run('LAC-C008', facts({ postings: ps }));
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toHaveLength(3);
  });
  it('does not flag a lower share or fewer than 5 workers', () => {
    expect(run('LAC-C008', facts({ postings: [...many(2, () => ({ matchOutcome: 'no-certificate' })), ...many(8, () => ({ matchOutcome: 'matched' }))] }))).toEqual([]);
    expect(run('LAC-C008', facts({ postings: many(4, () => ({ matchOutcome: 'no-certificate' })) }))).toEqual([]);
  });
});

describe('LAC-C009', () => {
  it('flags a high share of employer or state mismatches', () => {
    const ps = [posting({ matchOutcome: 'employer-mismatch' }), posting({ matchOutcome: 'state-mismatch' }), ...many(6, () => ({ matchOutcome: 'matched' }))];
    expect(run('LAC-C009', facts({ postings: ps }))).toHaveLength(1);
  });
  it('does not flag a low share', () => {
    const ps = [posting({ matchOutcome: 'employer-mismatch' }), ...many(9, () => ({ matchOutcome: 'matched' }))];
    expect(run('LAC-C009', facts({ postings: ps }))).toEqual([]);
  });
});

describe('LAC-C010', () => {
  it('flags three or more withdrawn certificates', () => {
    expect(run('LAC-C010', facts({ postings: many(3, () => ({ matchOutcome: 'withdrawn' })) }))).toHaveLength(1);
  });
  it('does not flag fewer', () => {
    expect(run('LAC-C010', facts({ postings: [...many(2, () => ({ matchOutcome: 'withdrawn' })), ...many(5, () => ({ matchOutcome: 'matched' }))] }))).toEqual([]);
  });
});

describe('LAC-C011', () => {
  it('flags postings mostly to one client', () => {
    const ps = [...many(8, () => ({ clientKey: 'big' })), posting({ clientKey: 'small' })];
    const hits = run('LAC-C011', facts({ postings: ps }));
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toHaveLength(8);
  });
  it('does not flag spread clients or too few postings', () => {
    expect(run('LAC-C011', facts({ postings: many(10, (i) => ({ clientKey: `c${i % 3}` })) }))).toEqual([]);
    expect(run('LAC-C011', facts({ postings: many(4, () => ({ clientKey: 'big' })) }))).toEqual([]);
  });
});

describe('LAC-C012', () => {
  it('flags many very short postings', () => {
    const ps = [...many(10, () => ({ period: { start: '2025-03-01', end: '2025-03-05' } })), ...many(2, () => ({}))];
    expect(run('LAC-C012', facts({ postings: ps }))).toHaveLength(1);
  });
  it('does not flag a few short postings among long ones', () => {
    const ps = [...many(10, () => ({ period: { start: '2025-03-01', end: '2025-03-05' } })), ...many(15, () => ({}))];
    expect(run('LAC-C012', facts({ postings: ps }))).toEqual([]);
  });
});

describe('LAC-C013', () => {
  const att = (documentId: string, legislationState: string | null, sedType = 'A009') => ({
    documentId,
    sedType,
    legislationState,
    period: { start: '2025-01-01', end: '2025-06-30' },
    personKey: null,
  });
  it('flags posting attestations naming several states', () => {
    const hits = run('LAC-C013', facts({ attestations: [att('doc1', 'PL'), att('doc2', 'LT')] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toEqual(['doc1', 'doc2']);
  });
  it('does not flag one state, or other attestation types', () => {
    expect(run('LAC-C013', facts({ attestations: [att('doc1', 'PL'), att('doc2', 'PL'), att('doc3', null), att('doc4', 'SE', 'A003')] }))).toEqual([]);
  });
});

describe('LAC-C014', () => {
  it('flags postings declared from another sending state', () => {
    const hits = run('LAC-C014', facts({ postings: [posting({ sendingState: 'LT' }), posting()] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toHaveLength(1);
  });
  it('does not flag matching states or an unknown company country', () => {
    expect(run('LAC-C014', facts({ postings: [posting(), posting()] }))).toEqual([]);
    expect(run('LAC-C014', facts({ country: null, postings: [posting({ sendingState: 'LT' })] }))).toEqual([]);
  });
});

describe('LAC-C015', () => {
  it('flags most declarations without an A1 reference', () => {
    const ps = [...many(3, () => ({ a1Reference: null })), ...many(2, () => ({ a1Reference: ' ' })), posting()];
    expect(run('LAC-C015', facts({ postings: ps }))).toHaveLength(1);
  });
  it('does not flag when most quote one', () => {
    const ps = [...many(2, () => ({ a1Reference: null })), ...many(4, () => ({}))];
    expect(run('LAC-C015', facts({ postings: ps }))).toEqual([]);
  });
});
