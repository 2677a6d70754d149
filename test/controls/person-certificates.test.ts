import { describe, expect, it } from 'vitest';
import { CONTROL_AS_OF, personFacts } from '../support/person-facts.js';
import { controlById, evaluateControl } from '../support/control-catalogue.js';
import { attestationFact, declaredPostingFact } from '../support/posting-facts.js';
import { CERTIFICATE_CONTROLS } from '../../core/controls/catalog/person-certificates.js';
import type { CertificateFact, ControlHit, MatchFact, PersonControl, PersonFacts } from '../../core/controls/types.js';

const AS_OF = CONTROL_AS_OF;
const facts = personFacts;

function cert(over: Partial<CertificateFact> = {}): CertificateFact {
  return {
    number: 'A1-001',
    kind: 'A1',
    legislationState: 'DE',
    article: '12_1',
    period: { start: '2025-01-01', end: '2025-12-31' },
    issuedAt: '2024-12-15',
    withdrawn: false,
    provisional: false,
    statesOfWork: ['FR'],
    companyKey: 'C-DE-1',
    ...over,
  };
}

const posting = declaredPostingFact;
const att = attestationFact;
const control = (id: string): PersonControl => controlById(CERTIFICATE_CONTROLS, id);
const run = (id: string, f: PersonFacts): ControlHit[] => evaluateControl(CERTIFICATE_CONTROLS, id, f);

function match(over: Partial<MatchFact> = {}): MatchFact {
  return { subjectType: 'declaration-worker', subjectRef: 'D1#0', outcome: 'matched', coverage: 1, certificateNumbers: ['A1-001'], ...over };
}

describe('catalog', () => {
  it('has unique ids in LAC-P021..LAC-P040, versions, legal bases and messages', () => {
    const ids = CERTIFICATE_CONTROLS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(15);
    for (const c of CERTIFICATE_CONTROLS) {
      expect(c.id).toMatch(/^LAC-P\d{3}$/);
      const n = Number(c.id.slice(5));
      expect(n).toBeGreaterThanOrEqual(21);
      expect(n).toBeLessThanOrEqual(40);
      expect(c.version).toBeGreaterThanOrEqual(1);
      expect(c.legalBasis.trim()).not.toBe('');
      expect(c.message.trim()).not.toBe('');
      expect(c.title.trim()).not.toBe('');
      expect(['info', 'warning', 'red']).toContain(c.severity);
    }
  });
  it('gives no hits on empty facts', () => {
    for (const c of CERTIFICATE_CONTROLS) expect(c.evaluate(facts())).toEqual([]);
  });
  it('gives no hits on a clean, fully matched posting', () => {
    const f = facts({
      certificates: [cert()],
      postings: [posting({ a1Reference: 'A1-001' })],
      attestations: [att()],
      matches: [match()],
      birthDates: ['1980-01-01'],
      sexes: ['M'],
    });
    for (const c of CERTIFICATE_CONTROLS) expect(c.evaluate(f), c.id).toEqual([]);
  });
});

describe('LAC-P021', () => {
  it('flags a declared posting with no certificate', () => {
    const hits = run('LAC-P021', facts({ postings: [posting()], matches: [match({ outcome: 'no-certificate', coverage: 0, certificateNumbers: [] })] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ subjectType: 'declaration-worker', subjectRef: 'D1#0', companyKey: 'C-DE-1' });
    expect(hits[0]!.evidence).toEqual(['D1#0', 'D1']);
    expect(hits[0]!.detail).toContain('365 days');
    expect(control('LAC-P021').severity).toBe('red');
  });
  it('ignores matched postings and SED subjects', () => {
    expect(run('LAC-P021', facts({ postings: [posting()], matches: [match(), match({ subjectType: 'sed', subjectRef: 'DOC-1', outcome: 'no-certificate' })] }))).toEqual([]);
  });
});

describe('LAC-P022', () => {
  it('flags a partly covered posting with the uncovered share', () => {
    const hits = run('LAC-P022', facts({ postings: [posting()], matches: [match({ outcome: 'period-partial', coverage: 0.5 })] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.detail).toContain('182 of 365');
    expect(hits[0]!.detail).toContain('50 %');
    expect(hits[0]!.evidence).toContain('A1-001');
  });
  it('ignores fully covered postings', () => {
    expect(run('LAC-P022', facts({ postings: [posting()], matches: [match()] }))).toEqual([]);
  });
});

describe('LAC-P023', () => {
  it('flags an employer mismatch', () => {
    const hits = run('LAC-P023', facts({ postings: [posting()], matches: [match({ outcome: 'employer-mismatch' })] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.detail).toContain('C-DE-1');
  });
  it('ignores other outcomes', () => {
    expect(run('LAC-P023', facts({ postings: [posting()], matches: [match({ outcome: 'state-mismatch' })] }))).toEqual([]);
  });
});

describe('LAC-P024', () => {
  it('flags a state mismatch naming the certificate state', () => {
    const hits = run('LAC-P024', facts({ certificates: [cert({ legislationState: 'PL' })], postings: [posting()], matches: [match({ outcome: 'state-mismatch' })] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.detail).toContain('PL');
    expect(hits[0]!.detail).toContain('DE');
  });
  it('ignores matched postings', () => {
    expect(run('LAC-P024', facts({ certificates: [cert()], postings: [posting()], matches: [match()] }))).toEqual([]);
  });
});

describe('LAC-P025', () => {
  it('flags two valid certificates of different states on the same days and proposes reconsideration', () => {
    const hits = run('LAC-P025', facts({ certificates: [cert(), cert({ number: 'A1-002', legislationState: 'PL', period: { start: '2025-12-01', end: '2026-03-31' } })] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ subjectType: 'certificate', subjectRef: 'A1-001' });
    expect(hits[0]!.evidence).toEqual(['A1-001', 'A1-002']);
    expect(hits[0]!.detail).toContain('31 days');
    expect(hits[0]!.detail).toContain('reconsideration');
    expect(control('LAC-P025').severity).toBe('red');
  });
  it('sees an open-ended certificate starting after the as-of date', () => {
    const hits = run('LAC-P025', facts({ certificates: [cert(), cert({ number: 'A1-002', legislationState: 'PL', period: { start: '2025-10-01', end: null } })] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.detail).toContain('92 days');
  });
  it('ignores same state, disjoint periods and withdrawn certificates', () => {
    expect(run('LAC-P025', facts({ certificates: [cert(), cert({ number: 'A1-002' })] }))).toEqual([]);
    expect(run('LAC-P025', facts({ certificates: [cert(), cert({ number: 'A1-002', legislationState: 'PL', period: { start: '2026-01-01', end: null } })] }))).toEqual([]);
    expect(run('LAC-P025', facts({ certificates: [cert(), cert({ number: 'A1-002', legislationState: 'PL', withdrawn: true })] }))).toEqual([]);
  });
});

describe('LAC-P026', () => {
  it('flags a withdrawn certificate under an ongoing posting', () => {
    const hits = run('LAC-P026', facts({ certificates: [cert({ withdrawn: true })], postings: [posting()] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.evidence).toEqual(['A1-001', 'D1#0']);
  });
  it('ignores a finished posting or one covered by another valid certificate', () => {
    expect(run('LAC-P026', facts({ certificates: [cert({ withdrawn: true })], postings: [posting({ period: { start: '2025-01-01', end: '2025-03-31' } })] }))).toEqual([]);
    expect(run('LAC-P026', facts({ certificates: [cert({ withdrawn: true }), cert({ number: 'A1-002' })], postings: [posting()] }))).toEqual([]);
  });
});

describe('LAC-P027', () => {
  it('flags a provisional certificate under an ongoing posting', () => {
    const hits = run('LAC-P027', facts({ certificates: [cert({ provisional: true })], postings: [posting()] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.detail).toContain('Provisional');
  });
  it('ignores a definitive certificate or a finished posting', () => {
    expect(run('LAC-P027', facts({ certificates: [cert()], postings: [posting()] }))).toEqual([]);
    expect(run('LAC-P027', facts({ certificates: [cert({ provisional: true })], postings: [posting({ period: { start: '2025-01-01', end: '2025-02-28' } })] }))).toEqual([]);
  });
});

describe('LAC-P028', () => {
  it('notes a certificate issued shortly after its start', () => {
    const hits = run('LAC-P028', facts({ certificates: [cert({ issuedAt: '2025-02-15' })] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.detail).toContain('45 days');
    expect(control('LAC-P028').severity).toBe('info');
  });
  it('ignores timely issue and long delays (LAC-P029)', () => {
    expect(run('LAC-P028', facts({ certificates: [cert()] }))).toEqual([]);
    expect(run('LAC-P028', facts({ certificates: [cert({ issuedAt: '2025-06-01' })] }))).toEqual([]);
  });
});

describe('LAC-P029', () => {
  it('warns on a certificate issued more than 3 months after its start', () => {
    const hits = run('LAC-P029', facts({ certificates: [cert({ issuedAt: '2025-06-01' })] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.detail).toContain('5 months');
    expect(control('LAC-P029').severity).toBe('warning');
  });
  it('ignores delays up to 3 months and missing issue dates', () => {
    expect(run('LAC-P029', facts({ certificates: [cert({ issuedAt: '2025-03-31' })] }))).toEqual([]);
    expect(run('LAC-P029', facts({ certificates: [cert({ issuedAt: null })] }))).toEqual([]);
  });
});

describe('LAC-P030', () => {
  it('notes a certificate issued more than 6 months before its period', () => {
    const hits = run('LAC-P030', facts({ certificates: [cert({ issuedAt: '2024-05-01' })] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.detail).toContain('8 months');
  });
  it('ignores issue within 6 months before', () => {
    expect(run('LAC-P030', facts({ certificates: [cert({ issuedAt: '2024-07-01' })] }))).toEqual([]);
  });
});

describe('LAC-P031', () => {
  it('flags a quoted A1 reference that is no known certificate', () => {
    const hits = run('LAC-P031', facts({ certificates: [cert()], postings: [posting({ a1Reference: 'A1-999' })] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.evidence).toEqual(['D1#0', 'D1']);
    expect(hits[0]!.detail).toContain('A1-999');
  });
  it('accepts the known number written differently, and no reference at all', () => {
    expect(run('LAC-P031', facts({ certificates: [cert()], postings: [posting({ a1Reference: ' a1 001 ' })] }))).toEqual([]);
    expect(run('LAC-P031', facts({ certificates: [cert()], postings: [posting({ a1Reference: null })] }))).toEqual([]);
  });
});

describe('LAC-P032', () => {
  it('flags an E101 covering days after 2010-05-01', () => {
    const hits = run('LAC-P032', facts({ certificates: [cert({ kind: 'E101', period: { start: '2010-01-01', end: '2010-12-31' } })] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.detail).toContain('245 days');
  });
  it('ignores E101 before 2010-05-01 and A1 after', () => {
    expect(run('LAC-P032', facts({ certificates: [cert({ kind: 'E101', period: { start: '2009-01-01', end: '2010-04-30' } })] }))).toEqual([]);
    expect(run('LAC-P032', facts({ certificates: [cert()] }))).toEqual([]);
  });
});

describe('LAC-P033', () => {
  it('flags a bilateral certificate longer than 5 years', () => {
    const hits = run('LAC-P033', facts({ certificates: [cert({ kind: 'BILATERAL', legislationState: 'US', period: { start: '2019-01-01', end: '2024-06-30' } })] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.detail).toContain('66 months');
  });
  it('accepts exactly 5 years', () => {
    expect(run('LAC-P033', facts({ certificates: [cert({ kind: 'BILATERAL', legislationState: 'US', period: { start: '2019-01-01', end: '2023-12-31' } })] }))).toEqual([]);
  });
});

describe('LAC-P034', () => {
  it('flags a certificate whose state no attestation for the same days names', () => {
    const hits = run('LAC-P034', facts({ certificates: [cert()], attestations: [att({ legislationState: 'FR', sedType: 'A003' })] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.evidence).toEqual(['A1-001', 'DOC-1']);
    expect(hits[0]!.detail).toContain('FR');
  });
  it('ignores agreement and attestations for other days', () => {
    expect(run('LAC-P034', facts({ certificates: [cert()], attestations: [att(), att({ documentId: 'DOC-2', legislationState: 'FR' })] }))).toEqual([]);
    expect(run('LAC-P034', facts({ certificates: [cert()], attestations: [att({ legislationState: 'FR', period: { start: '2023-01-01', end: '2023-12-31' } })] }))).toEqual([]);
  });
});

describe('LAC-P035', () => {
  it('flags a certificate that expired while the posting continues', () => {
    const hits = run('LAC-P035', facts({ certificates: [cert({ period: { start: '2025-01-01', end: '2025-03-31' } })], postings: [posting()] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.detail).toContain('275 of the 275');
  });
  it('accepts an open-ended follow-up certificate for a posting declared into the future', () => {
    const first = cert({ period: { start: '2025-01-01', end: '2025-03-31' } });
    const next = cert({ number: 'A1-002', period: { start: '2025-04-01', end: null } });
    expect(run('LAC-P035', facts({ certificates: [first, next], postings: [posting({ period: { start: '2025-01-01', end: '2026-06-30' } })] }))).toEqual([]);
  });
  it('ignores a follow-up certificate and postings ending with the certificate', () => {
    const first = cert({ period: { start: '2025-01-01', end: '2025-03-31' } });
    expect(run('LAC-P035', facts({ certificates: [first, cert({ number: 'A1-002', period: { start: '2025-04-01', end: '2025-12-31' } })], postings: [posting()] }))).toEqual([]);
    expect(run('LAC-P035', facts({ certificates: [first], postings: [posting({ period: { start: '2025-01-01', end: '2025-03-31' } })] }))).toEqual([]);
  });
});

describe('LAC-P036', () => {
  it('flags ambiguous records and ambiguous-identity outcomes, once each', () => {
    const hits = run('LAC-P036', facts({ postings: [posting()], ambiguousRecords: ['D1#0', 'DOC-9'], matches: [match({ outcome: 'ambiguous-identity' })] }));
    expect(hits.map((h) => [h.subjectType, h.subjectRef])).toEqual([
      ['declaration-worker', 'D1#0'],
      ['person', 'DOC-9'],
    ]);
    expect(hits[0]!.detail).toContain('must decide');
    expect(control('LAC-P036').severity).toBe('red');
  });
  it('ignores unambiguous persons', () => {
    expect(run('LAC-P036', facts({ postings: [posting()], matches: [match()] }))).toEqual([]);
  });
});

describe('LAC-P037', () => {
  it('flags several birth dates', () => {
    const hits = run('LAC-P037', facts({ birthDates: ['1980-01-01', '1980-01-10'] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ subjectType: 'person', subjectRef: 'P-1' });
  });
  it('ignores a single birth date', () => {
    expect(run('LAC-P037', facts({ birthDates: ['1980-01-01', '1980-01-01'] }))).toEqual([]);
  });
});

describe('LAC-P038', () => {
  it('flags several sexes', () => {
    expect(run('LAC-P038', facts({ sexes: ['M', 'F'] }))).toHaveLength(1);
  });
  it('ignores unknown values next to a known one', () => {
    expect(run('LAC-P038', facts({ sexes: ['M', 'unknown', 'm'] }))).toEqual([]);
  });
});

describe('LAC-P039', () => {
  it('flags several overlapping certificates of the same state as one cluster', () => {
    const hits = run('LAC-P039', facts({
      certificates: [
        cert(),
        cert({ number: 'A1-002', period: { start: '2025-06-01', end: '2025-08-31' } }),
        cert({ number: 'A1-003', period: { start: '2025-12-01', end: '2026-02-28' } }),
      ],
    }));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.evidence).toEqual(['A1-001', 'A1-002', 'A1-003']);
    expect(hits[0]!.detail).toContain('3 certificates of DE');
  });
  it('ignores consecutive certificates and different states', () => {
    expect(run('LAC-P039', facts({ certificates: [cert({ period: { start: '2025-01-01', end: '2025-03-31' } }), cert({ number: 'A1-002', period: { start: '2025-04-01', end: '2025-12-31' } })] }))).toEqual([]);
    expect(run('LAC-P039', facts({ certificates: [cert(), cert({ number: 'A1-002', legislationState: 'PL' })] }))).toEqual([]);
  });
});

describe('LAC-P040', () => {
  it('flags a posting during a contested provisional A003', () => {
    const hits = run('LAC-P040', facts({ postings: [posting()], attestations: [att({ sedType: 'A003', provisional: true, contested: true, period: { start: '2025-03-01', end: null } })] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.evidence).toEqual(['D1#0', 'DOC-1', 'CASE-1']);
    expect(hits[0]!.detail).toContain('306 days');
  });
  it('ignores an uncontested provisional A003', () => {
    expect(run('LAC-P040', facts({ postings: [posting()], attestations: [att({ sedType: 'A003', provisional: true })] }))).toEqual([]);
  });
});
