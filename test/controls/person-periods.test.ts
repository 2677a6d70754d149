import { describe, expect, it } from 'vitest';
import { CONTROL_AS_OF, personFacts } from '../support/person-facts.js';
import { PERIOD_CONTROLS } from '../../core/controls/catalog/person-periods.js';
import type { AttestationFact, ControlHit, DeclaredPostingFact, PersonFacts } from '../../core/controls/types.js';
import { evaluateControl } from '../support/control-catalogue.js';
import { attestationFact, declaredPostingFact } from '../support/posting-facts.js';

const AS_OF = CONTROL_AS_OF;
const facts = personFacts;

// Here the worker is posted to Norway, and the A009 arrives before the posting starts.
const att = (over: Partial<AttestationFact> = {}): AttestationFact =>
  attestationFact({ documentId: 'SED-1', receiverCountry: 'NO', receivedAt: '2024-12-20', ...over });
const posting = (over: Partial<DeclaredPostingFact> = {}): DeclaredPostingFact => declaredPostingFact({ hostCountry: 'NO', clientKey: 'NO-CLIENT', ...over });
const run = (id: string, f: PersonFacts): ControlHit[] => evaluateControl(PERIOD_CONTROLS, id, f);

describe('PERIOD_CONTROLS catalogue', () => {
  it('has unique well-formed ids and complete metadata', () => {
    const ids = PERIOD_CONTROLS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(PERIOD_CONTROLS.length).toBeGreaterThanOrEqual(15);
    for (const c of PERIOD_CONTROLS) {
      expect(c.id).toMatch(/^LAC-P\d{3}$/);
      expect(c.version).toBeGreaterThanOrEqual(1);
      expect(c.legalBasis.trim()).not.toBe('');
      expect(c.message.trim()).not.toBe('');
      expect(c.title.trim()).not.toBe('');
      expect(['info', 'warning', 'red']).toContain(c.severity);
    }
  });

  it('finds nothing for empty facts', () => {
    for (const c of PERIOD_CONTROLS) expect(c.evaluate(facts())).toEqual([]);
  });

  it('finds nothing for one ordinary posting with its A009', () => {
    const f = facts({ attestations: [att()], postings: [posting()] });
    for (const c of PERIOD_CONTROLS) expect({ id: c.id, hits: c.evaluate(f) }).toEqual({ id: c.id, hits: [] });
  });
});

describe('LAC-P001', () => {
  it('flags an A009 and a declared posting over 24 months', () => {
    const hits = run('LAC-P001', facts({
      attestations: [att({ period: { start: '2023-01-01', end: '2025-03-31' } })],
      postings: [posting({ period: { start: '2023-01-01', end: null } })],
    }));
    expect(hits).toHaveLength(2);
    expect(hits[0]).toMatchObject({ subjectType: 'sed', subjectRef: 'SED-1', companyKey: 'C-DE-1', evidence: ['SED-1'] });
    expect(hits[0]?.detail).toContain('27 months');
    expect(hits[1]).toMatchObject({ subjectType: 'declaration-worker', subjectRef: 'D1#0', evidence: ['D1#0', 'D1'] });
    expect(hits[1]?.detail).toContain('open end');
  });
  it('accepts exactly 24 months', () => {
    expect(run('LAC-P001', facts({ attestations: [att({ period: { start: '2024-01-01', end: '2025-12-31' } })] }))).toEqual([]);
  });
});

describe('LAC-P002', () => {
  it('flags chained postings by one company over 24 months with short gaps', () => {
    const hits = run('LAC-P002', facts({
      attestations: [att({ documentId: 'SED-1', period: { start: '2022-01-01', end: '2023-06-30' } })],
      postings: [posting({ ref: 'D2#0', declarationId: 'D2', period: { start: '2023-08-01', end: '2024-12-31' } })],
    }));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ subjectRef: 'D2#0', companyKey: 'C-DE-1' });
    expect(hits[0]?.evidence).toEqual(['SED-1', 'D2#0', 'D2']);
    expect(hits[0]?.detail).toContain('2 postings');
  });
  it('does not chain across a gap of 2 months or more, nor across companies', () => {
    expect(run('LAC-P002', facts({
      attestations: [att({ period: { start: '2022-01-01', end: '2023-06-30' } })],
      postings: [
        posting({ period: { start: '2023-09-01', end: '2024-12-31' } }),
        posting({ ref: 'D3#0', companyKey: 'C-DE-2', period: { start: '2023-07-01', end: '2024-12-31' } }),
      ],
    }))).toEqual([]);
  });
  it('does not count an A009 and its own declaration twice', () => {
    const p = { start: '2024-01-01', end: '2025-06-30' };
    expect(run('LAC-P002', facts({ attestations: [att({ period: p })], postings: [posting({ period: p })] }))).toEqual([]);
  });
});

describe('LAC-P003', () => {
  it('flags a new posting by the same company within 2 months', () => {
    const hits = run('LAC-P003', facts({
      attestations: [att({ period: { start: '2024-01-01', end: '2024-06-30' } })],
      postings: [posting({ period: { start: '2024-08-15', end: '2024-12-31' } })],
    }));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ subjectType: 'declaration-worker', subjectRef: 'D1#0' });
    expect(hits[0]?.evidence).toEqual(['D1#0', 'D1', 'SED-1']);
    expect(hits[0]?.detail).toContain('45 days');
  });
  it('accepts a 2-month interval, another company, or an overlapping duplicate', () => {
    expect(run('LAC-P003', facts({
      attestations: [att({ period: { start: '2024-01-01', end: '2024-06-30' } })],
      postings: [
        posting({ period: { start: '2024-09-01', end: '2024-12-31' } }),
        posting({ ref: 'D2#0', companyKey: 'C-DE-2', period: { start: '2024-07-15', end: '2024-08-15' } }),
        posting({ ref: 'D3#0', period: { start: '2024-01-01', end: '2024-06-30' } }),
      ],
    }))).toEqual([]);
  });
});

describe('LAC-P004', () => {
  it('flags an open-ended A009', () => {
    const hits = run('LAC-P004', facts({ attestations: [att({ period: { start: '2025-01-01', end: null } })] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ subjectType: 'sed', subjectRef: 'SED-1', evidence: ['SED-1'] });
  });
  it('ignores an A009 with an end and an open-ended A003', () => {
    expect(run('LAC-P004', facts({ attestations: [att(), att({ documentId: 'SED-2', sedType: 'A003', article: '13_1_a', period: { start: '2025-01-01', end: null } })] }))).toEqual([]);
  });
});

describe('LAC-P005', () => {
  it('flags a missing start, and a start after the end', () => {
    const hits = run('LAC-P005', facts({
      attestations: [att({ period: { start: '', end: '2025-12-31' } })],
      postings: [posting({ period: { start: '2025-06-01', end: '2025-05-01' } })],
    }));
    expect(hits.map((h) => h.subjectRef)).toEqual(['SED-1', 'D1#0']);
    expect(hits[0]?.detail).toContain('no valid start');
    expect(hits[1]?.detail).toContain('after its end');
  });
  it('accepts valid periods, including open ends', () => {
    expect(run('LAC-P005', facts({ attestations: [att({ period: { start: '2025-01-01', end: null } })], postings: [posting()] }))).toEqual([]);
  });
});

describe('LAC-P006', () => {
  it('flags an A009 longer than 2 years + 1 day', () => {
    const hits = run('LAC-P006', facts({ attestations: [att({ period: { start: '2024-01-01', end: '2026-01-02' } })] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]?.detail).toContain('733 days');
  });
  it('accepts exactly 2 years + 1 day', () => {
    expect(run('LAC-P006', facts({ attestations: [att({ period: { start: '2024-01-01', end: '2026-01-01' } })] }))).toEqual([]);
  });
});

describe('LAC-P007', () => {
  it('flags an A003 of 5 years and an open A010 running 5 years', () => {
    const hits = run('LAC-P007', facts({
      attestations: [
        att({ sedType: 'A003', article: '13_1_a', period: { start: '2020-01-01', end: '2024-12-31' } }),
        att({ documentId: 'SED-2', sedType: 'A010', article: '16_1', period: { start: '2019-01-01', end: null } }),
      ],
    }));
    expect(hits.map((h) => h.subjectRef)).toEqual(['SED-1', 'SED-2']);
    expect(hits[0]?.detail).toContain('60 months');
  });
  it('accepts under 5 years, and ignores A009', () => {
    expect(run('LAC-P007', facts({
      attestations: [
        att({ sedType: 'A003', period: { start: '2020-01-01', end: '2024-12-30' } }),
        att({ documentId: 'SED-2', period: { start: '2015-01-01', end: '2024-12-31' } }),
      ],
    }))).toEqual([]);
  });
});

describe('LAC-P008', () => {
  it('flags a start before 2012-06-01', () => {
    const hits = run('LAC-P008', facts({ attestations: [att({ sedType: 'A010', period: { start: '2012-05-31', end: '2013-12-31' } })] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]?.detail).toContain('2012-05-31');
  });
  it('accepts a start on 2012-06-01', () => {
    expect(run('LAC-P008', facts({ attestations: [att({ period: { start: '2012-06-01', end: '2013-12-31' } })] }))).toEqual([]);
  });
});

describe('LAC-P009', () => {
  it('flags a start more than a year after asOf', () => {
    expect(run('LAC-P009', facts({ attestations: [att({ period: { start: '2026-07-01', end: '2026-12-31' } })] }))).toHaveLength(1);
  });
  it('accepts a start exactly a year ahead', () => {
    expect(run('LAC-P009', facts({ attestations: [att({ period: { start: '2026-06-30', end: '2026-12-31' } })] }))).toEqual([]);
  });
});

describe('LAC-P010', () => {
  it('flags an A009 naming the receiving state', () => {
    const hits = run('LAC-P010', facts({ attestations: [att({ legislationState: 'NO', receiverCountry: 'NO' })] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]?.detail).toContain('names NO');
  });
  it('ignores other states and other SED types', () => {
    expect(run('LAC-P010', facts({
      attestations: [att(), att({ documentId: 'SED-2', sedType: 'A003', legislationState: 'NO', receiverCountry: 'NO' })],
    }))).toEqual([]);
  });
});

describe('LAC-P011', () => {
  it('flags transitional articles 87_8 and 87a', () => {
    const hits = run('LAC-P011', facts({
      attestations: [att({ sedType: 'A010', article: '87_8' }), att({ documentId: 'SED-2', sedType: 'A010', article: '87a' })],
    }));
    expect(hits.map((h) => h.subjectRef)).toEqual(['SED-1', 'SED-2']);
  });
  it('ignores ordinary articles', () => {
    expect(run('LAC-P011', facts({ attestations: [att(), att({ documentId: 'SED-2', article: '87' }), att({ documentId: 'SED-3', article: null })] }))).toEqual([]);
  });
});

describe('LAC-P012', () => {
  it('flags overlapping attestations naming different states', () => {
    const hits = run('LAC-P012', facts({
      attestations: [
        att({ documentId: 'SED-1', receivedAt: '2024-12-01' }),
        att({ documentId: 'SED-2', sedType: 'A003', article: '13_1_a', legislationState: 'PL', period: { start: '2025-06-01', end: null }, receivedAt: '2025-05-01' }),
      ],
    }));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ subjectRef: 'SED-2', evidence: ['SED-2', 'SED-1'] });
    expect(hits[0]?.detail).toContain('214 days');
  });
  it('ignores same state, no overlap, and contested A003', () => {
    expect(run('LAC-P012', facts({
      attestations: [
        att({ documentId: 'SED-1' }),
        att({ documentId: 'SED-2', legislationState: 'DE', period: { start: '2025-03-01', end: '2025-04-30' } }),
        att({ documentId: 'SED-3', legislationState: 'PL', period: { start: '2026-01-01', end: '2026-06-30' } }),
        att({ documentId: 'SED-4', sedType: 'A003', legislationState: 'PL', provisional: true, contested: true }),
      ],
    }))).toEqual([]);
  });
});

describe('LAC-P013', () => {
  it('flags an A009 overlapping an attestation of another company', () => {
    const hits = run('LAC-P013', facts({
      attestations: [att({ documentId: 'SED-1' }), att({ documentId: 'SED-2', companyKey: 'C-DE-9', period: { start: '2025-12-01', end: '2026-03-31' }, receivedAt: '2025-01-10' })],
    }));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ subjectRef: 'SED-2', companyKey: 'C-DE-9' });
    expect(hits[0]?.detail).toContain('31 days');
  });
  it('ignores the same company, and two A003s of different employers', () => {
    expect(run('LAC-P013', facts({
      attestations: [
        att({ documentId: 'SED-1' }),
        att({ documentId: 'SED-2', period: { start: '2025-06-01', end: '2025-08-31' } }),
        att({ documentId: 'SED-3', sedType: 'A003', companyKey: 'C-1', period: { start: '2020-01-01', end: '2020-12-31' } }),
        att({ documentId: 'SED-4', sedType: 'A003', companyKey: 'C-2', period: { start: '2020-01-01', end: '2020-12-31' } }),
      ],
    }))).toEqual([]);
  });
});

describe('LAC-P014', () => {
  it('flags a declared posting overlapping an attestation of another state', () => {
    const hits = run('LAC-P014', facts({
      attestations: [att({ legislationState: 'PL', period: { start: '2025-10-01', end: null } })],
      postings: [posting()],
    }));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ subjectType: 'declaration-worker', subjectRef: 'D1#0', evidence: ['D1#0', 'D1', 'SED-1'] });
    expect(hits[0]?.detail).toContain('92 days');
  });
  it('ignores the sending state and non-overlapping attestations', () => {
    expect(run('LAC-P014', facts({
      attestations: [att(), att({ documentId: 'SED-2', legislationState: 'PL', period: { start: '2023-01-01', end: '2023-12-31' } })],
      postings: [posting()],
    }))).toEqual([]);
  });
});

describe('LAC-P015', () => {
  it('flags a posting whose sending state no attestation names', () => {
    const hits = run('LAC-P015', facts({
      attestations: [att({ legislationState: 'PL', period: { start: '2022-01-01', end: '2022-12-31' } })],
      postings: [posting()],
    }));
    expect(hits).toHaveLength(1);
    expect(hits[0]?.detail).toContain('name only PL');
  });
  it('ignores people without attestations, or with one naming the sending state', () => {
    expect(run('LAC-P015', facts({ postings: [posting()] }))).toEqual([]);
    expect(run('LAC-P015', facts({
      attestations: [att({ period: { start: '2022-01-01', end: '2022-12-31' } }), att({ documentId: 'SED-2', legislationState: 'PL', period: { start: '2021-01-01', end: '2021-12-31' } })],
      postings: [posting()],
    }))).toEqual([]);
  });
});

describe('LAC-P016', () => {
  it('flags a posting declared more than 3 months after its start', () => {
    const hits = run('LAC-P016', facts({ postings: [posting({ declaredAt: '2025-04-02T10:00:00Z' })] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]?.detail).toContain('3 months');
  });
  it('accepts a declaration within 3 months, or without a date', () => {
    expect(run('LAC-P016', facts({ postings: [posting({ declaredAt: '2025-04-01' }), posting({ ref: 'D2#0', declaredAt: null })] }))).toEqual([]);
  });
});

describe('LAC-P017', () => {
  it('flags a provisional A003 uncontested for 2 months', () => {
    const hits = run('LAC-P017', facts({ attestations: [att({ sedType: 'A003', provisional: true, receivedAt: '2025-04-30T08:00:00Z' })] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]?.detail).toContain('2 months');
  });
  it('ignores recent, contested, or definitive A003s', () => {
    expect(run('LAC-P017', facts({
      attestations: [
        att({ sedType: 'A003', provisional: true, receivedAt: '2025-05-01' }),
        att({ documentId: 'SED-2', sedType: 'A003', provisional: true, contested: true, receivedAt: '2025-01-01' }),
        att({ documentId: 'SED-3', sedType: 'A003', provisional: false, receivedAt: '2025-01-01' }),
      ],
    }))).toEqual([]);
  });
});

describe('LAC-P018', () => {
  it('flags a contested A003', () => {
    const hits = run('LAC-P018', facts({ attestations: [att({ sedType: 'A003', provisional: true, contested: true })] }));
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toEqual(['SED-1', 'CASE-1']);
  });
  it('ignores an uncontested A003', () => {
    expect(run('LAC-P018', facts({ attestations: [att({ sedType: 'A003', provisional: true })] }))).toEqual([]);
  });
});

describe('LAC-P019', () => {
  it('flags three postings under a month within a year', () => {
    const hits = run('LAC-P019', facts({
      postings: [
        posting({ ref: 'D1#0', period: { start: '2025-01-06', end: '2025-01-20' } }),
        posting({ ref: 'D2#0', declarationId: 'D2', period: { start: '2025-03-03', end: '2025-03-21' } }),
        posting({ ref: 'D3#0', declarationId: 'D3', period: { start: '2025-05-05', end: '2025-05-30' } }),
      ],
      attestations: [att({ period: { start: '2025-01-06', end: '2025-01-20' } })],
    }));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ subjectType: 'person', subjectRef: 'P-1', companyKey: 'C-DE-1' });
    expect(hits[0]?.evidence).toEqual(['SED-1', 'D1#0', 'D1', 'D2#0', 'D2', 'D3#0', 'D3']);
    expect(hits[0]?.detail).toContain('3 postings');
  });
  it('ignores two short postings, or three spread over more than a year', () => {
    expect(run('LAC-P019', facts({
      postings: [
        posting({ ref: 'D1#0', period: { start: '2023-01-06', end: '2023-01-20' } }),
        posting({ ref: 'D2#0', period: { start: '2024-03-03', end: '2024-03-21' } }),
        posting({ ref: 'D3#0', period: { start: '2025-05-05', end: '2025-05-30' } }),
      ],
      attestations: [att({ period: { start: '2023-01-06', end: '2023-01-20' } })],
    }))).toEqual([]);
  });
});
