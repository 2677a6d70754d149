/**
 * Person-level controls about periods and applicable legislation: posting durations and chains,
 * NAV's technical checks on incoming A001/A003/A009/A010 attestations (LA-SEDS.md, "Rules that
 * drive automatic controls"), conflicts between attestations, and declared postings against
 * attestations. Pure functions over `PersonFacts`: "today" is `facts.asOf`, never the clock.
 * A hit decides nothing: it routes the case to a person (the "red flag" route).
 */
import { coveredDays, dateOf, type DayRange } from '../../match/days.js';
import { dateParts, dayNumber, days, endDay, isDate, monthsBetween, overlapDays, periodMonths } from '../periods.js';
import type { AttestationFact, ControlHit, DeclaredPostingFact, Period, PersonControl, PersonFacts } from '../types.js';

// ---------------------------------------------------------------------------------------------
// Helpers

const NAV_CHECKS = 'NAV control: technical checks on incoming A001/A003/A009/A010';
const ATTESTED_TYPES = new Set(['A001', 'A003', 'A009', 'A010']);

/** A period usable for arithmetic: a real start, and an end (if any) that is a date not before it. */
function usable(p: Period): boolean {
  return isDate(p.start) && (p.end === null || (isDate(p.end) && p.end >= p.start));
}

function addDays(date: string, n: number): string {
  return dateOf(dayNumber(date) + n);
}

/** Per number of months, date -> date that many months later (memoised: the same dates recur across persons). */
const addedMonths = new Map<number, Map<string, string>>();

/** Calendar months later, the day clamped to the month's length (2024-01-31 + 1 = 2024-02-29). */
function addMonths(date: string, n: number): string {
  let table = addedMonths.get(n);
  if (table === undefined) {
    table = new Map();
    addedMonths.set(n, table);
  }
  const hit = table.get(date);
  if (hit !== undefined) return hit;
  const [y, m, d] = dateParts(date);
  const total = m - 1 + n;
  const year = y + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const result = `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
  if (table.size >= 50_000) table.clear();
  table.set(date, result);
  return result;
}

function fmt(p: Period): string {
  return `${p.start || '?'}..${p.end ?? 'open'}`;
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}

/**
 * Overlap in days where an open end runs to the later of the as-of date and the other period's
 * end: an open-ended attestation still covers a period declared into the future.
 */
function overlapOpen(a: Period, b: Period, asOf: string): number {
  const horizon = (other: Period): string => (other.end !== null && other.end > asOf ? other.end : asOf);
  const close = (p: Period, other: Period): Period => (p.end === null ? { start: p.start, end: horizon(other) } : p);
  return overlapDays(close(a, b), close(b, a), asOf);
}

/** An A009 is a posting (Art. 12(1) employed, 12(2) self-employed); an unknown article still is one. */
function isPostingA009(a: AttestationFact): boolean {
  return a.sedType === 'A009' && (a.article === null || a.article.startsWith('12'));
}

/** Attestations that determine the legislation: A003 (unless contested), A009, A010. */
function isDetermination(a: AttestationFact): boolean {
  return (a.sedType === 'A003' && !a.contested) || a.sedType === 'A009' || a.sedType === 'A010';
}

function sedHit(a: AttestationFact, detail: string, evidence: string[] = []): ControlHit {
  return { subjectType: 'sed', subjectRef: a.documentId, companyKey: a.companyKey, evidence: uniq([a.documentId, ...evidence]), detail };
}

function postingHit(p: DeclaredPostingFact, detail: string, evidence: string[] = []): ControlHit {
  return { subjectType: 'declaration-worker', subjectRef: p.ref, companyKey: p.companyKey, evidence: uniq([p.ref, p.declarationId, ...evidence]), detail };
}

/** A posting known from either source: an A009 attestation or a declared posting. */
interface Stay {
  subjectType: 'sed' | 'declaration-worker';
  ref: string;
  companyKey: string | null;
  period: Period;
  evidence: string[];
  label: string;
}

function stays(facts: PersonFacts): Stay[] {
  const fromSed: Stay[] = facts.attestations.filter(isPostingA009).map((a) => ({
    subjectType: 'sed', ref: a.documentId, companyKey: a.companyKey, period: a.period, evidence: [a.documentId], label: `A009 ${a.documentId}`,
  }));
  const declared: Stay[] = facts.postings.map((p) => ({
    subjectType: 'declaration-worker', ref: p.ref, companyKey: p.companyKey, period: p.period, evidence: [p.ref, p.declarationId], label: `declared posting ${p.ref}`,
  }));
  return [...fromSed, ...declared].filter((s) => usable(s.period));
}

function stayHit(s: Stay, detail: string, evidence: string[] = []): ControlHit {
  return { subjectType: s.subjectType, subjectRef: s.ref, companyKey: s.companyKey, evidence: uniq([...s.evidence, ...evidence]), detail };
}

function byCompany(xs: Stay[]): Map<string, Stay[]> {
  const out = new Map<string, Stay[]>();
  for (const s of xs) {
    if (s.companyKey === null) continue;
    const list = out.get(s.companyKey) ?? [];
    list.push(s);
    out.set(s.companyKey, list);
  }
  return out;
}

/** Last day of a period as a date; an open end runs to the as-of date (or the start, if later). */
function lastDate(p: Period, asOf: string): string {
  if (p.end !== null) return p.end;
  return asOf > p.start ? asOf : p.start;
}

function range(p: Period, asOf: string): DayRange {
  return { from: dayNumber(p.start), to: dayNumber(lastDate(p, asOf)) };
}

/** Pairs (a, b) of usable attestations, b received no earlier than a: b is the "incoming" one. */
function attestationPairs(facts: PersonFacts, keep: (a: AttestationFact) => boolean): Array<[AttestationFact, AttestationFact]> {
  const xs = facts.attestations
    .filter((a) => keep(a) && usable(a.period))
    .sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : a.documentId < b.documentId ? -1 : 1));
  const out: Array<[AttestationFact, AttestationFact]> = [];
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) {
      const a = xs[i];
      const b = xs[j];
      if (a && b) out.push([a, b]);
    }
  }
  return out;
}

const TRANSITIONAL_RE = /^87(?:_8|a|_a)(?:_|$)/i;

const TWO_MONTHS = 2;
const MAX_POSTING_MONTHS = 24;
/** 24 months in days, rounded up (365.25 * 2). */
const MAX_POSTING_DAYS = 731;

// ---------------------------------------------------------------------------------------------
// Controls

export const PERIOD_CONTROLS: PersonControl[] = [
  {
    // Art. 12(1)-(2) 883/2004: a posting keeps the sending state's legislation only if its
    // anticipated duration does not exceed 24 months; an open end is measured up to the as-of date.
    id: 'LAC-P001',
    version: 1,
    severity: 'red',
    title: 'Posting longer than 24 months',
    legalBasis: 'Reg. 883/2004 Art. 12(1)-(2)',
    message: 'A posting (A009 attestation or declared posting) lasts more than 24 months, the maximum for keeping the sending state\'s legislation.',
    evaluate(facts) {
      return stays(facts)
        .filter((s) => periodMonths(s.period, facts.asOf) > MAX_POSTING_MONTHS)
        .map((s) => stayHit(s, `The ${s.label} runs ${fmt(s.period)}: ${periodMonths(s.period, facts.asOf)} months${s.period.end === null ? ' so far (open end)' : ''}, more than 24.`));
    },
  },
  {
    // Art. 12 883/2004 with the Practical Guide (Part I §3): successive postings of the same person
    // by the same employer, interrupted by less than two months, count as one posting; the chain
    // must not exceed 24 months either. Duplicates of one trip (A009 + declaration) merge into one.
    id: 'LAC-P002',
    version: 1,
    severity: 'red',
    title: 'Chained postings by the same company over 24 months',
    legalBasis: 'Reg. 883/2004 Art. 12(1); Practical Guide on applicable legislation, Part I §3 (successive postings)',
    message: 'Postings of the person by the same company, separated by less than two months, add up to more than 24 months.',
    evaluate(facts) {
      const hits: ControlHit[] = [];
      for (const [company, list] of byCompany(stays(facts))) {
        const sorted = [...list].sort((a, b) => (a.period.start < b.period.start ? -1 : 1));
        const chains: Stay[][] = [];
        let current: Stay[] = [];
        let chainEnd = '';
        for (const s of sorted) {
          if (current.length > 0 && monthsBetween(addDays(chainEnd, 1), s.period.start) >= TWO_MONTHS) {
            chains.push(current);
            current = [];
          }
          if (current.length === 0) chainEnd = lastDate(s.period, facts.asOf);
          current.push(s);
          const end = lastDate(s.period, facts.asOf);
          if (end > chainEnd) chainEnd = end;
        }
        if (current.length > 0) chains.push(current);
        for (const chain of chains) {
          if (chain.length < 2) continue;
          const first = chain[0];
          if (!first) continue;
          const ranges = chain.map((s) => range(s.period, facts.asOf));
          const within: DayRange = { from: Math.min(...ranges.map((r) => r.from)), to: Math.max(...ranges.map((r) => r.to)) };
          const covered = coveredDays(within, ranges);
          const longest = Math.max(...chain.map((s) => days({ start: s.period.start, end: lastDate(s.period, facts.asOf) }, facts.asOf)));
          // Only a real chain: more posted days than the longest single posting (else LAC-P001).
          if (covered <= MAX_POSTING_DAYS || covered <= longest) continue;
          const last = chain[chain.length - 1] ?? first;
          hits.push({
            subjectType: last.subjectType,
            subjectRef: last.ref,
            companyKey: company,
            evidence: uniq(chain.flatMap((s) => s.evidence)),
            detail: `${chain.length} postings by ${company} from ${dateOf(within.from)} to ${dateOf(within.to)}, gaps under 2 months, add up to ${covered} days (about ${Math.round(covered / 30.44)} months).`,
          });
        }
      }
      return hits;
    },
  },
  {
    // Practical Guide on applicable legislation, Part I §3: once a posting has ended, no new posting
    // of the same worker by the same employer before at least two months have elapsed.
    // (The host state is not compared: A009 attestations do not always carry it.)
    id: 'LAC-P003',
    version: 1,
    severity: 'warning',
    title: 'New posting within 2 months of the previous one',
    legalBasis: 'Practical Guide on applicable legislation, Part I §3 (two-month interval between postings)',
    message: 'A new posting of the person by the same company starts less than two months after the previous posting ended.',
    evaluate(facts) {
      const hits = new Map<string, ControlHit>();
      for (const [company, list] of byCompany(stays(facts))) {
        for (const b of list) {
          // A posting already running when b starts makes b a continuation, not a new posting.
          const running = list.some((c) => c !== b && c.period.start < b.period.start && endDay(c.period, facts.asOf) >= dayNumber(b.period.start));
          if (running) continue;
          const before = list
            .filter((a) => a.period.end !== null && a.period.end < b.period.start)
            .sort((x, y) => ((x.period.end ?? '') < (y.period.end ?? '') ? 1 : -1));
          const prev = before[0];
          if (!prev || prev.period.end === null) continue;
          const gap = dayNumber(b.period.start) - dayNumber(prev.period.end) - 1;
          if (monthsBetween(addDays(prev.period.end, 1), b.period.start) >= TWO_MONTHS) continue;
          const key = `${company}|${b.period.start}|${prev.period.end}`;
          const existing = hits.get(key);
          if (existing) {
            existing.evidence = uniq([...existing.evidence, ...b.evidence, ...prev.evidence]);
            continue;
          }
          hits.set(key, stayHit(b, `The ${b.label} by ${company} starts ${b.period.start}, ${gap} days after the ${prev.label} ended ${prev.period.end}.`, prev.evidence));
        }
      }
      return [...hits.values()];
    },
  },
  {
    // NAV check "open end": a posting is limited in time (Art. 12), so an A009 needs an end date.
    id: 'LAC-P004',
    version: 1,
    severity: 'warning',
    title: 'Open-ended A009',
    legalBasis: `Reg. 883/2004 Art. 12; Reg. 987/2009 Art. 15(1); ${NAV_CHECKS} (open end)`,
    message: 'An A009 (posting) attestation has no end date, while a posting is by nature limited in time.',
    evaluate(facts) {
      return facts.attestations
        .filter((a) => a.sedType === 'A009' && a.period.end === null)
        .map((a) => sedHit(a, `A009 ${a.documentId} starts ${a.period.start || '?'} with no end date.`));
    },
  },
  {
    // NAV check "start missing or after end": the period cannot be registered as it stands.
    // Applied to attestations and declared postings alike.
    id: 'LAC-P005',
    version: 1,
    severity: 'warning',
    title: 'Period start missing or after its end',
    legalBasis: `Reg. 987/2009 Art. 2-3 (accurate data exchange); ${NAV_CHECKS} (start missing or after end)`,
    message: 'The period has no valid start date, or starts after it ends.',
    evaluate(facts) {
      const bad = (p: Period): string | null => {
        if (!isDate(p.start)) return 'has no valid start date';
        if (p.end !== null && !isDate(p.end)) return `has an invalid end date "${p.end}"`;
        if (p.end !== null && p.end < p.start) return `starts ${p.start}, after its end ${p.end}`;
        return null;
      };
      const hits: ControlHit[] = [];
      for (const a of facts.attestations) {
        const why = ATTESTED_TYPES.has(a.sedType) ? bad(a.period) : null;
        if (why) hits.push(sedHit(a, `${a.sedType} ${a.documentId} ${why}.`));
      }
      for (const p of facts.postings) {
        const why = bad(p.period);
        if (why) hits.push(postingHit(p, `Declared posting ${p.ref} ${why}.`));
      }
      return hits;
    },
  },
  {
    // NAV check: an A009 longer than 2 years + 1 day (e.g. 2024-01-01..2026-01-01 passes,
    // 2024-01-01..2026-01-02 does not); the tolerance of one day covers inclusive end dates.
    id: 'LAC-P006',
    version: 1,
    severity: 'warning',
    title: 'A009 longer than 2 years + 1 day',
    legalBasis: `Reg. 883/2004 Art. 12(1); ${NAV_CHECKS} (A009 longer than 2 years + 1 day)`,
    message: 'The A009 attestation covers more than two years and one day.',
    evaluate(facts) {
      return facts.attestations
        .filter((a) => a.sedType === 'A009' && usable(a.period) && a.period.end !== null && a.period.end > addMonths(a.period.start, 24))
        .map((a) => sedHit(a, `A009 ${a.documentId} runs ${fmt(a.period)}: ${days(a.period, facts.asOf)} days, beyond ${addMonths(a.period.start, 24)} (2 years + 1 day).`));
    },
  },
  {
    // NAV check: 5 years or more for A001/A003/A010; even exceptions (Art. 16) and multi-state
    // determinations (Art. 13) are reviewed periodically, so such a long period calls for a look.
    id: 'LAC-P007',
    version: 1,
    severity: 'warning',
    title: 'A001/A003/A010 period of 5 years or more',
    legalBasis: `Reg. 883/2004 Art. 13 and 16; Reg. 987/2009 Art. 16 and 18; ${NAV_CHECKS} (5 years or more)`,
    message: 'The A001, A003 or A010 attestation covers five years or more.',
    evaluate(facts) {
      return facts.attestations
        .filter((a) => ['A001', 'A003', 'A010'].includes(a.sedType) && usable(a.period) && periodMonths(a.period, facts.asOf) >= 60)
        .map((a) => sedHit(a, `${a.sedType} ${a.documentId} runs ${fmt(a.period)}: ${periodMonths(a.period, facts.asOf)} months${a.period.end === null ? ' so far (open end)' : ''}, 5 years or more.`));
    },
  },
  {
    // NAV check: a start before 2012-06-01 (before the electronic exchange applied to these
    // flows; older situations may fall under Reg. 1408/71 or transitional rules, Art. 87).
    id: 'LAC-P008',
    version: 1,
    severity: 'warning',
    title: 'Period starts before 2012-06-01',
    legalBasis: `Reg. 883/2004 Art. 87 and 90-91 (transition from Reg. 1408/71); ${NAV_CHECKS} (start before 2012-06-01)`,
    message: 'The attestation starts before 2012-06-01, where older or transitional rules may apply.',
    evaluate(facts) {
      return facts.attestations
        .filter((a) => ATTESTED_TYPES.has(a.sedType) && isDate(a.period.start) && a.period.start < '2012-06-01')
        .map((a) => sedHit(a, `${a.sedType} ${a.documentId} starts ${a.period.start}, before 2012-06-01.`));
    },
  },
  {
    // NAV check: a start more than one year after today is most likely a typing error.
    id: 'LAC-P009',
    version: 1,
    severity: 'warning',
    title: 'Period starts more than a year ahead',
    legalBasis: `Reg. 987/2009 Art. 2-3 (accurate data exchange); ${NAV_CHECKS} (start more than a year ahead)`,
    message: 'The attestation starts more than one year after today, which usually means a wrong date.',
    evaluate(facts) {
      const limit = addMonths(facts.asOf, 12);
      return facts.attestations
        .filter((a) => ATTESTED_TYPES.has(a.sedType) && isDate(a.period.start) && a.period.start > limit)
        .map((a) => sedHit(a, `${a.sedType} ${a.documentId} starts ${a.period.start}, more than a year after ${facts.asOf}.`));
    },
  },
  {
    // NAV check: an A009/A010 is sent to the states whose legislation does NOT apply; naming the
    // receiving state itself as competent contradicts the notification.
    id: 'LAC-P010',
    version: 1,
    severity: 'warning',
    title: 'Legislation state equals the receiving state (A009/A010)',
    legalBasis: `Reg. 987/2009 Art. 15(1) and 18; ${NAV_CHECKS} (legislation state equal to the receiving state)`,
    message: 'The A009 or A010 names the receiving state itself as the state whose legislation applies.',
    evaluate(facts) {
      return facts.attestations
        .filter((a) => (a.sedType === 'A009' || a.sedType === 'A010') && a.legislationState !== null && a.legislationState === a.receiverCountry)
        .map((a) => sedHit(a, `${a.sedType} ${a.documentId} from ${a.senderCountry ?? '?'} names ${a.legislationState} as competent, the receiving state itself.`));
    },
  },
  {
    // NAV check: transitional rules (Art. 87(8): keep 1408/71's legislation up to 10 years;
    // Art. 87a: transition of Reg. 465/2012) are exceptional and time-limited.
    id: 'LAC-P011',
    version: 1,
    severity: 'warning',
    title: 'Transitional article chosen (87(8) / 87a)',
    legalBasis: `Reg. 883/2004 Art. 87(8) and 87a; ${NAV_CHECKS} (transitional rules chosen)`,
    message: 'The attestation relies on a transitional article (Art. 87(8) or 87a), which needs a manual check.',
    evaluate(facts) {
      return facts.attestations
        .filter((a) => a.article !== null && TRANSITIONAL_RE.test(a.article))
        .map((a) => sedHit(a, `${a.sedType} ${a.documentId} (${fmt(a.period)}) is based on transitional article ${a.article}.`));
    },
  },
  {
    // Art. 11(1) 883/2004: one legislation at a time. Two determinations naming different states
    // for the same days conflict (NAV check "overlap with periods already registered"); the
    // dialogue procedure (Art. 5-6 987/2009) resolves it, never an automatic choice.
    id: 'LAC-P012',
    version: 1,
    severity: 'red',
    title: 'Overlapping attestations of different legislation states',
    legalBasis: `Reg. 883/2004 Art. 11(1); Reg. 987/2009 Art. 5-6; ${NAV_CHECKS} (overlap with registered periods)`,
    message: 'Two attestations name different states as competent for the same days.',
    evaluate(facts) {
      return attestationPairs(facts, (a) => isDetermination(a) && a.legislationState !== null)
        .filter(([a, b]) => a.legislationState !== b.legislationState)
        .map(([a, b]) => ({ a, b, shared: overlapOpen(a.period, b.period, facts.asOf) }))
        .filter(({ shared }) => shared > 0)
        .map(({ a, b, shared }) =>
          sedHit(b, `${b.sedType} ${b.documentId} (${b.legislationState}, ${fmt(b.period)}) overlaps ${a.sedType} ${a.documentId} (${a.legislationState}, ${fmt(a.period)}) on ${shared} days.`, [a.documentId]),
        );
    },
  },
  {
    // Art. 12 883/2004 and Art. 14(1) 987/2009: a posted worker stays in a direct relationship with
    // the sending employer. An A009 overlapping an attestation naming another company (other than
    // two A003s, where several employers are normal under Art. 13) deserves a look.
    id: 'LAC-P013',
    version: 1,
    severity: 'warning',
    title: 'Overlapping attestations with different companies',
    legalBasis: 'Reg. 883/2004 Art. 12(1); Reg. 987/2009 Art. 14(1) (direct relationship with the posting employer)',
    message: 'A posting attestation overlaps another attestation naming a different company for the same days.',
    evaluate(facts) {
      return attestationPairs(facts, (a) => isDetermination(a) && a.companyKey !== null)
        .filter(([a, b]) => a.companyKey !== b.companyKey && (a.sedType === 'A009' || b.sedType === 'A009'))
        .map(([a, b]) => ({ a, b, shared: overlapOpen(a.period, b.period, facts.asOf) }))
        .filter(({ shared }) => shared > 0)
        .map(({ a, b, shared }) =>
          sedHit(b, `${b.sedType} ${b.documentId} (company ${b.companyKey}, ${fmt(b.period)}) overlaps ${a.sedType} ${a.documentId} (company ${a.companyKey}, ${fmt(a.period)}) on ${shared} days.`, [a.documentId]),
        );
    },
  },
  {
    // A declared posting claims the sending state's legislation (Art. 12); an attestation naming
    // another state for the same days contradicts it.
    id: 'LAC-P014',
    version: 1,
    severity: 'red',
    title: 'Declared posting overlaps an attestation of another state',
    legalBasis: 'Reg. 883/2004 Art. 11(1) and 12(1); Reg. 987/2009 Art. 5 and 15',
    message: 'The declared posting overlaps an attestation that names a state other than the sending state as competent.',
    evaluate(facts) {
      const hits: ControlHit[] = [];
      for (const p of facts.postings.filter((x) => usable(x.period))) {
        for (const a of facts.attestations) {
          if (!isDetermination(a) || a.legislationState === null || a.legislationState === p.sendingState || !usable(a.period)) continue;
          const shared = overlapOpen(p.period, a.period, facts.asOf);
          if (shared > 0) {
            hits.push(postingHit(p, `Declared posting ${p.ref} from ${p.sendingState} (${fmt(p.period)}) overlaps ${a.sedType} ${a.documentId} naming ${a.legislationState} (${fmt(a.period)}) on ${shared} days.`, [a.documentId]));
          }
        }
      }
      return hits;
    },
  },
  {
    // Weaker signal than LAC-P014: no attestation covers the posting, and none of the person's
    // attestations ever named the sending state: the person's history lies elsewhere.
    id: 'LAC-P015',
    version: 1,
    severity: 'info',
    title: 'Sending state of a posting named by no attestation',
    legalBasis: 'Reg. 883/2004 Art. 12(1); Reg. 987/2009 Art. 14(1) (insured in the sending state before posting)',
    message: 'The person has attestations, but none of them names the sending state of this declared posting.',
    evaluate(facts) {
      const atts = facts.attestations.filter((a) => isDetermination(a) && a.legislationState !== null && usable(a.period));
      if (atts.length === 0) return [];
      const states = uniq(atts.map((a) => a.legislationState ?? ''));
      return facts.postings
        .filter((p) => usable(p.period) && !states.includes(p.sendingState) && !atts.some((a) => overlapOpen(p.period, a.period, facts.asOf) > 0))
        .map((p) => postingHit(p, `Declared posting ${p.ref} is sent from ${p.sendingState}; the person's ${atts.length} attestation(s) name only ${states.join(', ')}.`, atts.map((a) => a.documentId)));
    },
  },
  {
    // Directive 2014/67/EU Art. 9(1)(a): the posting is declared before the work starts; a
    // declaration made more than 3 months after the start regularises a past posting.
    id: 'LAC-P016',
    version: 1,
    severity: 'warning',
    title: 'Posting declared more than 3 months after it started',
    legalBasis: 'Directive 2014/67/EU Art. 9(1)(a) (declaration at the latest at the start of the service); Reg. 987/2009 Art. 15(1)',
    message: 'The posting was declared more than three months after it started.',
    evaluate(facts) {
      return facts.postings
        .filter((p) => p.declaredAt !== null && isDate(p.period.start) && isDate(p.declaredAt.slice(0, 10)) && p.declaredAt.slice(0, 10) > addMonths(p.period.start, 3))
        .map((p) => postingHit(p, `Declared posting ${p.ref} starts ${p.period.start} but was declared on ${(p.declaredAt ?? '').slice(0, 10)}, ${monthsBetween(p.period.start, (p.declaredAt ?? '').slice(0, 10))} months later.`));
    },
  },
  {
    // Art. 16(3) 987/2009: a provisional determination (A003) becomes definitive two months after
    // the institutions were informed, unless contested. Informational: it now binds.
    id: 'LAC-P017',
    version: 1,
    severity: 'info',
    title: 'Provisional A003 has become definitive',
    legalBasis: 'Reg. 987/2009 Art. 16(3) (provisional determination definitive after two months)',
    message: 'A provisional A003 was not contested within two months and is now definitive.',
    evaluate(facts) {
      return facts.attestations
        .filter((a) => a.sedType === 'A003' && a.provisional && !a.contested && isDate(a.receivedAt.slice(0, 10)) && addMonths(a.receivedAt.slice(0, 10), 2) <= facts.asOf)
        .map((a) => sedHit(a, `Provisional A003 ${a.documentId} (${a.legislationState ?? '?'}, ${fmt(a.period)}) received ${a.receivedAt.slice(0, 10)}, uncontested for ${monthsBetween(a.receivedAt.slice(0, 10), facts.asOf)} months.`));
    },
  },
  {
    // Art. 16(4) 987/2009 and Art. 6: a contested provisional determination leaves the applicable
    // legislation in dispute until the institutions agree.
    id: 'LAC-P018',
    version: 1,
    severity: 'red',
    title: 'Provisional A003 contested',
    legalBasis: 'Reg. 987/2009 Art. 6 and 16(4) (disagreement on the provisional determination)',
    message: 'A provisional A003 has been contested (A004): the applicable legislation is in dispute.',
    evaluate(facts) {
      return facts.attestations
        .filter((a) => a.sedType === 'A003' && a.contested)
        .map((a) => sedHit(a, `Provisional A003 ${a.documentId} (${a.legislationState ?? '?'}, ${fmt(a.period)}) is contested by an A004${a.caseId ? ` in case ${a.caseId}` : ''}.`, a.caseId ? [a.caseId] : []));
    },
  },
  {
    // Practical Guide, Part I §3 and Art. 12: repeated very short postings (under a month each,
    // at least 3 within 12 months) may be a habitual activity in the host state dressed as postings.
    id: 'LAC-P019',
    version: 1,
    severity: 'warning',
    title: 'Repeated very short postings',
    legalBasis: 'Reg. 883/2004 Art. 12(1) and 13; Practical Guide on applicable legislation, Part I §3',
    message: 'The person has at least three postings of less than a month each within twelve months.',
    evaluate(facts) {
      const seen = new Map<string, Stay[]>();
      for (const s of stays(facts)) {
        if (s.period.end === null || periodMonths(s.period, facts.asOf) >= 1) continue;
        const key = `${s.period.start}|${s.period.end}`;
        seen.set(key, [...(seen.get(key) ?? []), s]);
      }
      const groups = [...seen.values()].sort((a, b) => ((a[0]?.period.start ?? '') < (b[0]?.period.start ?? '') ? -1 : 1));
      const inWindow = new Set<number>();
      for (let i = 0; i + 2 < groups.length; i++) {
        const first = groups[i]?.[0];
        const third = groups[i + 2]?.[0];
        if (!first || !third) continue;
        if (dayNumber(third.period.start) - dayNumber(first.period.start) < 365) {
          let j = i;
          while (j < groups.length && dayNumber(groups[j]?.[0]?.period.start ?? '9999-12-31') - dayNumber(first.period.start) < 365) inWindow.add(j++);
        }
      }
      if (inWindow.size === 0) return [];
      const chosen = [...inWindow].sort((a, b) => a - b).flatMap((i) => groups[i] ?? []);
      const companies = uniq(chosen.map((s) => s.companyKey ?? ''));
      const periods = uniq(chosen.map((s) => fmt(s.period)));
      return [{
        subjectType: 'person',
        subjectRef: facts.personKey,
        companyKey: companies.length === 1 && companies[0] !== '' ? (companies[0] ?? null) : null,
        evidence: uniq(chosen.flatMap((s) => s.evidence)),
        detail: `${periods.length} postings of under a month each within 12 months: ${periods.join(', ')}.`,
      }];
    },
  },
];
