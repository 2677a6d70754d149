/**
 * Person-level controls about certificates (PD A1, E101-E103, bilateral forms), the matcher's
 * outcomes for declared postings, and identity. Pure functions over `PersonFacts`: "today" is
 * `facts.asOf`, never the clock. A hit never decides anything: a certificate binds other states
 * until its issuer withdraws it (CJEU Altun C-359/16, Alpenrind C-527/16), so suspicious
 * certificates lead to a person reviewing and, where warranted, a reconsideration request.
 */
import { coveredDays, dateOf, type DayRange } from '../../match/days.js';
import { dayNumber, days, endDay, monthsBetween, overlapDays, periodMonths } from '../periods.js';
import type {
  AttestationFact,
  CertificateFact,
  ControlHit,
  DeclaredPostingFact,
  MatchFact,
  Period,
  PersonControl,
  PersonFacts,
} from '../types.js';

// ---------------------------------------------------------------------------------------------
// Helpers

const BINDING = 'Reg. 987/2009 Art. 5 (binding certificates; CJEU Altun C-359/16)';

function postingByRef(facts: PersonFacts, ref: string): DeclaredPostingFact | undefined {
  return facts.postings.find((p) => p.ref === ref);
}

function fmt(p: Period): string {
  return `${p.start}..${p.end ?? 'open'}`;
}

/**
 * Overlap in days where an open end runs to the later of the as-of date and the other period's
 * end: an open-ended certificate or attestation still covers a posting declared into the future.
 */
function overlapOpen(a: Period, b: Period, asOf: string): number {
  const horizon = (other: Period): string => (other.end !== null && other.end > asOf ? other.end : asOf);
  const close = (p: Period, other: Period): Period => (p.end === null ? { start: p.start, end: horizon(other) } : p);
  return overlapDays(close(a, b), close(b, a), asOf);
}

/** The posting has started and not ended as of `asOf`. */
function ongoing(p: Period, asOf: string): boolean {
  return p.start <= asOf && (p.end === null || p.end >= asOf);
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Matches of declared workers with one outcome, each with its posting when known. */
function declaredWithOutcome(facts: PersonFacts, outcome: string): Array<{ m: MatchFact; p: DeclaredPostingFact | undefined }> {
  return facts.matches
    .filter((m) => m.subjectType === 'declaration-worker' && m.outcome === outcome)
    .map((m) => ({ m, p: postingByRef(facts, m.subjectRef) }));
}

function declaredEvidence(m: MatchFact, p: DeclaredPostingFact | undefined): string[] {
  return uniq([m.subjectRef, ...(p ? [p.declarationId] : []), ...m.certificateNumbers]);
}

/** Certificate numbers and quoted references compared without case, spaces or punctuation. */
function normaliseNumber(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

const valid = (c: CertificateFact): boolean => !c.withdrawn;

function certHit(c: CertificateFact, evidence: string[], detail: string): ControlHit {
  return { subjectType: 'certificate', subjectRef: c.number, companyKey: c.companyKey, evidence: uniq([c.number, ...evidence]), detail };
}

/** Days of `within` covered by valid certificates (other than `except`) and attestations. */
function coveredByOthers(facts: PersonFacts, within: DayRange, except: CertificateFact | null): number {
  // Open ends run at least to the end of `within`: they still cover days declared into the future.
  const horizon = Math.max(dayNumber(facts.asOf), within.to);
  const range = (p: Period): DayRange => ({ from: dayNumber(p.start), to: p.end === null ? horizon : dayNumber(p.end) });
  const ranges: DayRange[] = [
    ...facts.certificates.filter((c) => valid(c) && c !== except).map((c) => range(c.period)),
    ...facts.attestations.filter((a) => !a.contested).map((a) => range(a.period)),
  ];
  return coveredDays(within, ranges);
}

/** Values that only say "unknown" and so cannot contradict anything. */
const UNKNOWN_SEX = new Set(['', 'U', 'UNKNOWN', '9', '0', 'X']);

// ---------------------------------------------------------------------------------------------
// Controls

export const CERTIFICATE_CONTROLS: PersonControl[] = [
  {
    // Without a certificate or attestation the host state has nothing binding that the worker
    // stays insured in the sending state: host legislation applies by default (Art. 11(3)(a)).
    id: 'LAC-P021',
    version: 1,
    severity: 'red',
    title: 'Declared posting without any certificate or attestation',
    legalBasis: 'Reg. 883/2004 Art. 12 and Reg. 987/2009 Art. 15 (certificate of applicable legislation); Art. 19(2)',
    message: 'A posting was declared for this person, but no A1 or other certificate or attestation covers any day of it.',
    evaluate(facts) {
      return declaredWithOutcome(facts, 'no-certificate').map(({ m, p }) => ({
        subjectType: m.subjectType,
        subjectRef: m.subjectRef,
        companyKey: p?.companyKey ?? null,
        evidence: declaredEvidence(m, p),
        detail: p
          ? `Posting to ${p.hostCountry} from ${p.sendingState}, ${fmt(p.period)} (${days(p.period, facts.asOf)} days): no covering certificate or attestation.`
          : `Declared posting ${m.subjectRef}: no covering certificate or attestation.`,
      }));
    },
  },
  {
    // A certificate binds only for its own period; the uncovered days have no proof of insurance.
    // v2: info, not warning. The declared period is the service's, while each worker's certificate
    // covers that worker's own stay: workers arriving late or leaving early make partial cover
    // common among regular postings, so on its own it is a weak signal (targeting benchmark).
    id: 'LAC-P022',
    version: 2,
    severity: 'info',
    title: 'Declared posting only partly covered by certificates',
    legalBasis: 'Reg. 987/2009 Art. 15 and Art. 19(2) (certificate for the period of posting)',
    message: 'The certificates and attestations of this person cover only part of the declared posting period.',
    evaluate(facts) {
      return declaredWithOutcome(facts, 'period-partial').map(({ m, p }) => {
        const total = p ? days(p.period, facts.asOf) : null;
        const uncoveredShare = Math.round((1 - m.coverage) * 100);
        const uncovered = total === null ? null : total - Math.round(m.coverage * total);
        return {
          subjectType: m.subjectType,
          subjectRef: m.subjectRef,
          companyKey: p?.companyKey ?? null,
          evidence: declaredEvidence(m, p),
          detail:
            uncovered === null
              ? `${uncoveredShare} % of the declared days are not covered by any certificate.`
              : `${uncovered} of ${total} declared days (${uncoveredShare} %) of ${fmt(p!.period)} are not covered by any certificate.`,
        };
      });
    },
  },
  {
    // A certificate is issued for one employer: another employer's A1 does not cover this posting.
    id: 'LAC-P023',
    version: 1,
    severity: 'warning',
    title: 'Certificate names another employer',
    legalBasis: 'Reg. 883/2004 Art. 12(1); Reg. 987/2009 Art. 14(1) and Art. 15',
    message: 'The certificates covering the declared posting name a different employer from the one that declared the posting.',
    evaluate(facts) {
      return declaredWithOutcome(facts, 'employer-mismatch').map(({ m, p }) => ({
        subjectType: m.subjectType,
        subjectRef: m.subjectRef,
        companyKey: p?.companyKey ?? null,
        evidence: declaredEvidence(m, p),
        detail: `Declared employer ${p?.companyKey ?? 'unknown'}; certificate(s) ${m.certificateNumbers.join(', ') || 'on file'} name another employer.`,
      }));
    },
  },
  {
    // The posted worker stays under the sending state's legislation; a certificate of another
    // state contradicts the declaration (either is wrong, or the posting is not a posting).
    id: 'LAC-P024',
    version: 1,
    severity: 'warning',
    title: 'Certificate names another state than the sending state',
    legalBasis: 'Reg. 883/2004 Art. 12(1); Reg. 987/2009 Art. 15 and Art. 5',
    message: 'The certificates covering the declared posting name a state other than the state the worker was declared as sent from.',
    evaluate(facts) {
      return declaredWithOutcome(facts, 'state-mismatch').map(({ m, p }) => {
        const states = uniq(
          facts.certificates.filter((c) => m.certificateNumbers.includes(c.number)).map((c) => c.legislationState ?? '?'),
        ).sort();
        return {
          subjectType: m.subjectType,
          subjectRef: m.subjectRef,
          companyKey: p?.companyKey ?? null,
          evidence: declaredEvidence(m, p),
          detail: `Declared sending state ${p?.sendingState ?? 'unknown'}; the evidence names ${states.length > 0 ? states.join(', ') : 'another state'}.`,
        };
      });
    },
  },
  {
    // Single applicable legislation (Art. 11(1) 883/2004): two valid certificates of two states
    // for the same days cannot both be right. Both bind until withdrawn, so the way out is the
    // dialogue procedure with the issuers (Art. 5(2)-(4) 987/2009), never an automatic choice.
    id: 'LAC-P025',
    version: 1,
    severity: 'red',
    title: 'Conflicting certificates of two states for the same days',
    legalBasis: `Reg. 883/2004 Art. 11(1) (single legislation); ${BINDING}; Art. 5(2)-(4) (dialogue procedure)`,
    message: 'Two valid certificates attest different states for the same days; one of the issuers must reconsider.',
    evaluate(facts) {
      const certs = facts.certificates.filter((c) => valid(c) && c.legislationState !== null).sort((a, b) => (a.number < b.number ? -1 : 1));
      const hits: ControlHit[] = [];
      for (let i = 0; i < certs.length; i++) {
        for (let j = i + 1; j < certs.length; j++) {
          const a = certs[i]!;
          const b = certs[j]!;
          if (a.legislationState === b.legislationState) continue;
          const shared = overlapOpen(a.period, b.period, facts.asOf);
          if (shared === 0) continue;
          hits.push(
            certHit(
              a,
              [b.number],
              `Certificate ${a.number} (${a.legislationState}, ${fmt(a.period)}) and ${b.number} (${b.legislationState}, ${fmt(b.period)}) overlap on ${shared} days; propose a reconsideration request to the issuers (Art. 5(2) 987/2009).`,
            ),
          );
        }
      }
      return hits;
    },
  },
  {
    // After withdrawal the certificate no longer binds; a posting still running on it has no proof.
    id: 'LAC-P026',
    version: 1,
    severity: 'red',
    title: 'Certificate withdrawn while the declared posting goes on',
    legalBasis: `${BINDING}; Reg. 987/2009 Art. 5(2) (withdrawal by the issuer)`,
    message: 'A certificate covering an ongoing declared posting has been withdrawn and no other valid certificate covers the posting today.',
    evaluate(facts) {
      const today = dayNumber(facts.asOf);
      const hits: ControlHit[] = [];
      for (const c of facts.certificates.filter((x) => x.withdrawn)) {
        for (const p of facts.postings) {
          if (!ongoing(p.period, facts.asOf) || overlapOpen(c.period, p.period, facts.asOf) === 0) continue;
          if (coveredByOthers(facts, { from: today, to: today }, c) > 0) continue;
          hits.push(certHit(c, [p.ref], `Certificate ${c.number} (${fmt(c.period)}) is withdrawn; posting ${p.ref} (${fmt(p.period)}) is still running on ${facts.asOf}.`));
        }
      }
      return hits;
    },
  },
  {
    // A provisional determination (Art. 6 987/2009) may still be reversed: the posting rests on it.
    id: 'LAC-P027',
    version: 1,
    severity: 'warning',
    title: 'Provisional certificate while the declared posting goes on',
    legalBasis: 'Reg. 987/2009 Art. 6 (provisional application) and Art. 16(2)-(3)',
    message: 'An ongoing declared posting rests on a certificate that is only provisional.',
    evaluate(facts) {
      const hits: ControlHit[] = [];
      for (const c of facts.certificates.filter((x) => valid(x) && x.provisional)) {
        for (const p of facts.postings) {
          if (!ongoing(p.period, facts.asOf) || overlapOpen(c.period, p.period, facts.asOf) === 0) continue;
          hits.push(certHit(c, [p.ref], `Provisional certificate ${c.number} (${fmt(c.period)}) covers ongoing posting ${p.ref} (${fmt(p.period)}) on ${facts.asOf}.`));
        }
      }
      return hits;
    },
  },
  {
    // Retroactive issue is lawful and binding (Altun, A-Rosa C-620/15), but short delays are common
    // and worth noting only: info. Long delays are LAC-P029.
    id: 'LAC-P028',
    version: 1,
    severity: 'info',
    title: 'Certificate issued after the period started',
    legalBasis: `${BINDING}; Reg. 987/2009 Art. 15(1) (inform in advance where possible)`,
    message: 'The certificate was issued after the start of the period it covers (retroactive issue, up to 3 months).',
    evaluate(facts) {
      return facts.certificates
        .filter((c) => c.issuedAt !== null && c.issuedAt > c.period.start && monthsBetween(c.period.start, c.issuedAt) <= 3)
        .map((c) => {
          const late = dayNumber(c.issuedAt!) - dayNumber(c.period.start);
          return certHit(c, [], `Certificate ${c.number} was issued on ${c.issuedAt}, ${late} days after its period started on ${c.period.start}.`);
        });
    },
  },
  {
    // A certificate requested more than 3 months after the posting began suggests the posting was
    // not prepared as one (Art. 15(1) 987/2009 asks the employer to inform in advance).
    id: 'LAC-P029',
    version: 1,
    severity: 'warning',
    title: 'Certificate issued more than 3 months after the period started',
    legalBasis: `${BINDING}; Reg. 987/2009 Art. 15(1) (inform in advance where possible)`,
    message: 'The certificate was issued more than 3 months after the start of the period it covers.',
    evaluate(facts) {
      return facts.certificates
        .filter((c) => c.issuedAt !== null && c.issuedAt > c.period.start && monthsBetween(c.period.start, c.issuedAt) > 3)
        .map((c) => {
          const months = monthsBetween(c.period.start, c.issuedAt!);
          return certHit(c, [], `Certificate ${c.number} was issued on ${c.issuedAt}, ${months} months after its period started on ${c.period.start}.`);
        });
    },
  },
  {
    // A certificate issued long in advance may describe a posting that never took place as planned.
    id: 'LAC-P030',
    version: 1,
    severity: 'info',
    title: 'Certificate issued more than 6 months before its period',
    legalBasis: 'Reg. 987/2009 Art. 15 and Art. 19(2) (certificate reflects the actual situation)',
    message: 'The certificate was issued more than 6 months before the period it covers began.',
    evaluate(facts) {
      return facts.certificates
        .filter((c) => c.issuedAt !== null && c.issuedAt < c.period.start && monthsBetween(c.issuedAt, c.period.start) > 6)
        .map((c) =>
          certHit(c, [], `Certificate ${c.number} was issued on ${c.issuedAt}, ${monthsBetween(c.issuedAt!, c.period.start)} months before its period starting ${c.period.start}.`),
        );
    },
  },
  {
    // The A1 reference in the prior declaration should be a real certificate of this person: an
    // unknown one is a typo, a certificate of someone else, or a forged number.
    id: 'LAC-P031',
    version: 1,
    severity: 'warning',
    title: 'Quoted A1 reference matches no known certificate of the person',
    legalBasis: 'Directive 2014/67/EU Art. 9(1)(a) (prior declaration); Reg. 987/2009 Art. 19(2)',
    message: 'The A1 reference quoted in the posting declaration is not the number of any certificate known for this person.',
    evaluate(facts) {
      const known = new Set(facts.certificates.map((c) => normaliseNumber(c.number)));
      return facts.postings
        .filter((p) => p.a1Reference !== null && normaliseNumber(p.a1Reference) !== '' && !known.has(normaliseNumber(p.a1Reference)))
        .map((p) => ({
          subjectType: 'declaration-worker' as const,
          subjectRef: p.ref,
          companyKey: p.companyKey,
          evidence: uniq([p.ref, p.declarationId]),
          detail: `Declaration quotes A1 reference "${p.a1Reference}"; the person has ${facts.certificates.length} known certificate(s), none with this number.`,
        }));
    },
  },
  {
    // Reg. 883/2004 replaced 1408/71 on 2010-05-01 (Art. 90-91): E101/E102 are legacy forms. They
    // remain possible only under transitional rules (Art. 87(8), max. 10 years, or for some
    // third-country cases), so this is a warning for review, not red.
    id: 'LAC-P032',
    version: 1,
    severity: 'warning',
    title: 'Legacy E101/E102 used for days after 2010-05-01',
    legalBasis: 'Reg. 1408/71 (E101/E102) replaced by Reg. 883/2004 from 2010-05-01 (Art. 90, 91; transitional Art. 87(8))',
    message: 'A legacy E101/E102 form covers days from 2010-05-01, when Regulation 883/2004 (and the A1) applies.',
    evaluate(facts) {
      const cutoff = dayNumber('2010-05-01');
      return facts.certificates
        .filter((c) => (c.kind === 'E101' || c.kind === 'E102') && endDay(c.period, facts.asOf) >= cutoff)
        .map((c) => {
          const after = endDay(c.period, facts.asOf) - Math.max(cutoff, dayNumber(c.period.start)) + 1;
          return certHit(c, [], `${c.kind} ${c.number} (${fmt(c.period)}) covers ${after} days on or after 2010-05-01.`);
        });
    },
  },
  {
    // France's bilateral agreements allow up to 5 years of posting for employees (2 for the
    // self-employed, not distinguishable here): longer exceeds every agreement.
    id: 'LAC-P033',
    version: 1,
    severity: 'warning',
    title: 'Bilateral certificate longer than 5 years',
    legalBasis: 'Bilateral social security agreements (e.g. France-USA, form SE 404-1): posting up to 5 years for employees',
    message: 'A certificate under a bilateral agreement covers more than 5 years, longer than the agreements allow for a posted employee.',
    evaluate(facts) {
      return facts.certificates
        .filter((c) => c.kind === 'BILATERAL' && periodMonths(c.period, facts.asOf) > 60)
        .map((c) => certHit(c, [], `Bilateral certificate ${c.number} covers ${fmt(c.period)}: ${periodMonths(c.period, facts.asOf)} months (limit 60).`));
    },
  },
  {
    // The SED attestations exchanged between institutions and the certificates must agree: a
    // certificate whose state no attestation for the same days names is a candidate for dialogue.
    id: 'LAC-P034',
    version: 1,
    severity: 'warning',
    title: 'Certificate state not named by any attestation for the same days',
    legalBasis: `${BINDING}; Reg. 987/2009 Art. 5(2)-(4), Art. 6`,
    message: 'Attestations (SEDs) for the same days name another state than the certificate does.',
    evaluate(facts) {
      const hits: ControlHit[] = [];
      for (const c of facts.certificates.filter((x) => valid(x) && x.legislationState !== null)) {
        const same = facts.attestations.filter((a) => a.legislationState !== null && overlapOpen(a.period, c.period, facts.asOf) > 0);
        if (same.length === 0 || same.some((a) => a.legislationState === c.legislationState)) continue;
        const states = uniq(same.map((a) => a.legislationState!)).sort();
        hits.push(
          certHit(c, same.map((a) => a.documentId), `Certificate ${c.number} names ${c.legislationState} for ${fmt(c.period)}; attestation(s) ${same.map((a) => `${a.sedType} ${a.documentId}`).join(', ')} for the same days name ${states.join(', ')}.`),
        );
      }
      return hits;
    },
  },
  {
    // A certificate binds only until its end date; a declared posting running beyond it with no
    // other certificate or attestation for the extra days needs an extension (Art. 12: max 24 months).
    id: 'LAC-P035',
    version: 1,
    severity: 'warning',
    title: 'Certificate expired while the declared posting continues',
    legalBasis: 'Reg. 883/2004 Art. 12(1); Reg. 987/2009 Art. 15 and Art. 19(2)',
    message: 'A certificate ended while the declared posting it covered goes on, and no other certificate or attestation covers the later days.',
    evaluate(facts) {
      const hits: ControlHit[] = [];
      for (const c of facts.certificates.filter((x) => valid(x) && x.period.end !== null && x.period.end < facts.asOf)) {
        const certEnd = dayNumber(c.period.end!);
        for (const p of facts.postings) {
          if (overlapOpen(c.period, p.period, facts.asOf) === 0) continue;
          const tail: DayRange = { from: certEnd + 1, to: endDay(p.period, facts.asOf) };
          if (tail.to < tail.from) continue;
          const uncovered = tail.to - tail.from + 1 - coveredByOthers(facts, tail, c);
          if (uncovered <= 0) continue;
          hits.push(
            certHit(c, [p.ref], `Certificate ${c.number} ended on ${c.period.end}; posting ${p.ref} runs to ${p.period.end ?? `${facts.asOf} (open)`}, ${uncovered} of the ${tail.to - tail.from + 1} later days (${dateOf(tail.from)}..${dateOf(tail.to)}) uncovered.`),
          );
        }
      }
      return hits;
    },
  },
  {
    // Identity is never decided automatically: attaching a certificate or a flag to the wrong
    // person would breach GDPR Art. 5(1)(d) (accuracy). A person must choose.
    id: 'LAC-P036',
    version: 1,
    severity: 'red',
    title: 'Ambiguous identity: never decided automatically',
    legalBasis: 'Reg. 987/2009 Art. 2-3 (exchange of accurate data); GDPR Art. 5(1)(d) and Art. 22',
    message: 'Some records could belong to several known persons; this is never decided automatically and a person must resolve it.',
    evaluate(facts) {
      const refs = uniq([
        ...facts.ambiguousRecords,
        ...facts.matches.filter((m) => m.outcome === 'ambiguous-identity').map((m) => m.subjectRef),
      ]).sort();
      return refs.map((ref): ControlHit => {
        const p = postingByRef(facts, ref);
        const a = facts.attestations.find((x) => x.documentId === ref);
        const m = facts.matches.find((x) => x.subjectRef === ref);
        const subjectType = p ? 'declaration-worker' : a ? 'sed' : (m?.subjectType ?? 'person');
        return {
          subjectType,
          subjectRef: ref,
          companyKey: p?.companyKey ?? a?.companyKey ?? null,
          evidence: [ref],
          detail: `Record ${ref} could belong to person ${facts.personKey} or to another known person; a person must decide.`,
        };
      });
    },
  },
  {
    // One person has one birth date: several across the records mean a mix-up or wrong data.
    id: 'LAC-P037',
    version: 1,
    severity: 'warning',
    title: 'Several birth dates across the person\'s records',
    legalBasis: 'Reg. 987/2009 Art. 2-3 (accurate data exchange); GDPR Art. 5(1)(d)',
    message: 'The records attached to this person give different birth dates.',
    evaluate(facts) {
      const dates = uniq(facts.birthDates.filter((d) => d.trim() !== '')).sort();
      if (dates.length < 2) return [];
      return [{ subjectType: 'person', subjectRef: facts.personKey, companyKey: null, evidence: [facts.personKey], detail: `${dates.length} different birth dates: ${dates.join(', ')}.` }];
    },
  },
  {
    // Same reasoning for sex; values that only mean "unknown" cannot contradict a known one.
    id: 'LAC-P038',
    version: 1,
    severity: 'warning',
    title: 'Several sexes across the person\'s records',
    legalBasis: 'Reg. 987/2009 Art. 2-3 (accurate data exchange); GDPR Art. 5(1)(d)',
    message: 'The records attached to this person give different sexes.',
    evaluate(facts) {
      const sexes = uniq(facts.sexes.map((s) => s.trim().toUpperCase()).filter((s) => !UNKNOWN_SEX.has(s))).sort();
      if (sexes.length < 2) return [];
      return [{ subjectType: 'person', subjectRef: facts.personKey, companyKey: null, evidence: [facts.personKey], detail: `${sexes.length} different sexes recorded: ${sexes.join(', ')}.` }];
    },
  },
  {
    // Several valid certificates of the same state for overlapping days are redundant at best
    // (duplicate requests) and may hide a chain of postings or certificate shopping.
    id: 'LAC-P039',
    version: 1,
    severity: 'info',
    title: 'Several certificates of the same state for overlapping periods',
    legalBasis: `${BINDING}; Reg. 987/2009 Art. 15 and Art. 19(2)`,
    message: 'Several different certificates from the same state cover overlapping periods for this person.',
    evaluate(facts) {
      // Clusters of valid certificates, per state, linked by overlapping periods.
      const byState = new Map<string, CertificateFact[]>();
      for (const c of facts.certificates.filter((x) => valid(x) && x.legislationState !== null)) {
        const list = byState.get(c.legislationState!) ?? [];
        list.push(c);
        byState.set(c.legislationState!, list);
      }
      const hits: ControlHit[] = [];
      for (const [state, list] of [...byState.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        const sorted = [...list].sort((a, b) => (a.period.start < b.period.start ? -1 : a.period.start > b.period.start ? 1 : a.number < b.number ? -1 : 1));
        let cluster: CertificateFact[] = [];
        let clusterEnd = -Infinity;
        const flush = (): void => {
          const numbers = uniq(cluster.map((c) => c.number));
          if (numbers.length >= 2) {
            hits.push(certHit(cluster[0]!, numbers, `${numbers.length} certificates of ${state} overlap: ${cluster.map((c) => `${c.number} (${fmt(c.period)})`).join(', ')}.`));
          }
        };
        for (const c of sorted) {
          if (cluster.length > 0 && dayNumber(c.period.start) > clusterEnd) {
            flush();
            cluster = [];
            clusterEnd = -Infinity;
          }
          cluster.push(c);
          clusterEnd = Math.max(clusterEnd, endDay(c.period, facts.asOf));
        }
        flush();
      }
      return hits;
    },
  },
  {
    // A provisional A003 contested by an A004 is disputed between institutions: an ongoing
    // declared posting covering those days rests on an undecided legislation (Art. 6, 16 987/2009).
    id: 'LAC-P040',
    version: 1,
    severity: 'warning',
    title: 'Declared posting during a contested provisional determination',
    legalBasis: 'Reg. 987/2009 Art. 6 (provisional application, dispute) and Art. 16(3)-(4)',
    message: 'A declared posting overlaps a provisional determination (A003) that another institution has contested (A004).',
    evaluate(facts) {
      const hits: ControlHit[] = [];
      for (const a of facts.attestations.filter((x: AttestationFact) => x.provisional && x.contested)) {
        for (const p of facts.postings) {
          const shared = overlapOpen(a.period, p.period, facts.asOf);
          if (shared === 0) continue;
          hits.push({
            subjectType: 'declaration-worker',
            subjectRef: p.ref,
            companyKey: p.companyKey ?? a.companyKey,
            evidence: uniq([p.ref, a.documentId, ...(a.caseId ? [a.caseId] : [])]),
            detail: `Posting ${p.ref} (${fmt(p.period)}) overlaps contested provisional ${a.sedType} ${a.documentId} (${a.legislationState ?? '?'}, ${fmt(a.period)}) on ${shared} days.`,
          });
        }
      }
      return hits;
    },
  },
];
