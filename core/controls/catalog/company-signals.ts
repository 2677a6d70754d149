/**
 * Company-level controls: signals that help an inspector decide which undertakings to look at.
 * Each control is a pure function of `CompanyFacts` (no clock: `facts.asOf` is "today"). A hit is
 * a reason to look, never a finding. The facts carry no citizenship of any person and no control
 * may use one as a risk feature (LA-SEDS "Rules that drive automatic controls"; SyRI judgement
 * 2020): only the undertaking's own figures, addresses, dates and match outcomes are used.
 */
import { dayNumber, days, endDay, monthsBetween, periodMonths } from '../periods.js';
import type { CompanyControl, CompanyFacts, CompanyPostingFact, ControlHit } from '../types.js';

// ---------------------------------------------------------------------------------------------
// Thresholds (named so that a change is a visible, versioned decision).

/** C001: share of the company's known workers that it posts abroad (letterbox indicator). */
export const POSTED_SHARE_THRESHOLD = 0.75;
/** C001/C002: below this many known workers a share says nothing. */
export const MIN_PERSONS_KNOWN = 4;
/** C002: a temporary-work agency placing more than this share abroad does not place a significant share at home. */
export const TEMP_WORK_ABROAD_SHARE = 0.5;
export const TEMP_WORK_SECTOR = 'temp-work';
/** C003: recent window and baseline window, in whole months, and the spike factor. */
export const SPIKE_RECENT_MONTHS = 3;
export const SPIKE_BASELINE_MONTHS = 12;
export const SPIKE_FACTOR = 3;
/** C003: fewer postings than this in the recent window is never a spike. */
export const SPIKE_MIN_RECENT = 10;
/** C004: this many other sending companies at the same address make a cluster. */
export const SHARED_ADDRESS_MIN = 3;
/** C005: first posting within this many whole months of the company first appearing. */
export const NEW_COMPANY_MONTHS = 3;
/** C006: the replaced posting ends at most this many days before (or overlaps by at most this many days with) the next. */
export const REPLACEMENT_WINDOW_DAYS = 31;
/** C007: postings of one person separated by less than this gap count as one chain (Practical Guide: two months). */
export const CHAIN_MAX_GAP_DAYS = 61;
export const POSTING_MAX_MONTHS = 24;
/** C008: share of declared workers with no certificate at all. */
export const NO_CERTIFICATE_SHARE = 0.3;
/** C008/C009/C015: minimum number of declared workers (with the relevant figure known). */
export const MIN_DECLARED_WORKERS = 5;
/** C009: share of declared workers whose certificate names another employer or state. */
export const MISMATCH_SHARE = 0.2;
/** C010: this many declared workers whose only certificate was withdrawn. */
export const WITHDRAWN_MIN = 3;
/** C011: share of postings (with a known client) going to one client. */
export const SINGLE_CLIENT_SHARE = 0.8;
export const SINGLE_CLIENT_MIN_POSTINGS = 5;
/** C012: a posting of at most this many days is very short; flagged from this count and share. */
export const SHORT_POSTING_DAYS = 7;
export const SHORT_POSTING_MIN = 10;
export const SHORT_POSTING_SHARE = 0.5;
/** C013: attestation types that state the legislation of a posting (the sending employer's state). */
export const POSTING_SED_TYPES: readonly string[] = ['A009'];
/** C015: share of declared workers for whom no A1 reference was quoted. */
export const MISSING_A1_SHARE = 0.5;

// ---------------------------------------------------------------------------------------------
// Helpers.

function companyHit(facts: CompanyFacts, evidence: string[], detail: string): ControlHit {
  return { subjectType: 'company', subjectRef: facts.companyKey, companyKey: facts.companyKey, evidence: [...new Set(evidence)].sort(), detail };
}

function postingHit(facts: CompanyFacts, posting: CompanyPostingFact, evidence: string[], detail: string): ControlHit {
  return { subjectType: 'declaration-worker', subjectRef: posting.ref, companyKey: facts.companyKey, evidence: [...new Set(evidence)].sort(), detail };
}

function pct(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** Posted share of known workers, or null when too few are known to say anything. */
function postedShare(facts: CompanyFacts): number | null {
  if (facts.personsKnown < MIN_PERSONS_KNOWN) return null;
  return Math.min(1, facts.personsPosted / facts.personsKnown);
}

/** Date a posting was declared (falling back to its start when the declaration date is unknown). */
function declaredOn(p: CompanyPostingFact): string {
  return p.declaredAt?.slice(0, 10) ?? p.period.start;
}

function withOutcome(facts: CompanyFacts): CompanyPostingFact[] {
  return facts.postings.filter((p) => p.matchOutcome !== null);
}

function byStart(a: CompanyPostingFact, b: CompanyPostingFact): number {
  return a.period.start < b.period.start ? -1 : a.period.start > b.period.start ? 1 : a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0;
}

/** Share-of-declared-workers control with a given set of match outcomes. */
function outcomeShareHits(facts: CompanyFacts, outcomes: readonly string[], threshold: number, label: string): ControlHit[] {
  const known = withOutcome(facts);
  if (known.length < MIN_DECLARED_WORKERS) return [];
  const flagged = known.filter((p) => outcomes.includes(p.matchOutcome ?? ''));
  const share = flagged.length / known.length;
  if (share < threshold) return [];
  return [companyHit(facts, flagged.map((p) => p.ref), `${flagged.length} of ${known.length} declared workers (${pct(share)}) ${label}`)];
}

// ---------------------------------------------------------------------------------------------
// The controls.

export const COMPANY_CONTROLS: CompanyControl[] = [
  {
    // Substantial activity: an employer that posts nearly everyone it employs has little activity
    // of its own in the sending state. Turnover is not known to LAC; the headcount share is the proxy.
    id: 'LAC-C001',
    version: 1,
    severity: 'warning',
    title: 'Most known workers are posted abroad',
    legalBasis: 'Reg. 987/2009 Art. 14(2) (substantial activity); Reg. 883/2004 Art. 12(1)',
    message: 'The company posts most of the workers known to work for it abroad; an employer must ordinarily carry out substantial activity in the sending state, so this is a letterbox indicator.',
    evaluate(facts) {
      const share = postedShare(facts);
      if (share === null || share < POSTED_SHARE_THRESHOLD) return [];
      return [companyHit(facts, facts.postings.map((p) => p.ref), `${facts.personsPosted} of ${facts.personsKnown} known workers posted abroad (${pct(share)})`)];
    },
  },
  {
    // Team Power Europe: a temporary-work agency must carry out a significant part of its placements
    // in the sending state; one placing mostly abroad cannot rely on Art. 12.
    id: 'LAC-C002',
    version: 1,
    severity: 'red',
    title: 'Temporary-work agency placing mostly abroad',
    legalBasis: 'CJEU Team Power Europe C-784/19; Reg. 987/2009 Art. 14(2)',
    message: 'A temporary-work agency must do a significant share of its placements in its own state; this agency places most of its workers abroad.',
    evaluate(facts) {
      if (facts.sector !== TEMP_WORK_SECTOR) return [];
      const share = postedShare(facts);
      if (share === null || share <= TEMP_WORK_ABROAD_SHARE) return [];
      return [companyHit(facts, facts.postings.map((p) => p.ref), `temporary-work agency: ${facts.personsPosted} of ${facts.personsKnown} known workers placed abroad (${pct(share)})`)];
    },
  },
  {
    // A sudden jump in postings (new contracts, or a new vehicle being used) deserves a look:
    // the monthly rate of the last 3 months is compared with that of the 12 months before.
    id: 'LAC-C003',
    version: 1,
    severity: 'warning',
    title: 'Sudden rise in declared postings',
    legalBasis: 'Directive 2014/67/EU Art. 4 (genuine posting indicators)',
    message: 'The company declared far more postings in the last three months than its usual monthly rate.',
    evaluate(facts) {
      const recent: CompanyPostingFact[] = [];
      let baseline = 0;
      for (const p of facts.postings) {
        const on = declaredOn(p);
        if (on > facts.asOf) continue;
        const ago = monthsBetween(on, facts.asOf);
        if (ago < SPIKE_RECENT_MONTHS) recent.push(p);
        else if (ago < SPIKE_RECENT_MONTHS + SPIKE_BASELINE_MONTHS) baseline += 1;
      }
      if (recent.length < SPIKE_MIN_RECENT) return [];
      const recentRate = recent.length / SPIKE_RECENT_MONTHS;
      const baselineRate = baseline / SPIKE_BASELINE_MONTHS;
      if (recentRate <= SPIKE_FACTOR * baselineRate) return [];
      return [companyHit(facts, recent.map((p) => p.ref), `${recent.length} postings declared in the last ${SPIKE_RECENT_MONTHS} months (${recentRate.toFixed(1)}/month) against ${baseline} in the ${SPIKE_BASELINE_MONTHS} months before (${baselineRate.toFixed(1)}/month)`)];
    },
  },
  {
    // Several sending undertakings registered at one address is the classic letterbox cluster
    // (registered office with no real administration or activity).
    id: 'LAC-C004',
    version: 1,
    severity: 'warning',
    title: 'Address shared with many other sending companies',
    legalBasis: 'Directive 2014/67/EU Art. 4(2)(a) (registered office and administration); Reg. 987/2009 Art. 14(2)',
    message: 'Several other companies that post workers are registered at the same address; this is a letterbox-company indicator.',
    evaluate(facts) {
      const others = [...new Set(facts.sharedAddressCompanies)].filter((k) => k !== facts.companyKey);
      if (others.length < SHARED_ADDRESS_MIN) return [];
      return [companyHit(facts, others, `${others.length} other sending companies share this address`)];
    },
  },
  {
    // A company that posts within weeks of appearing has had no time to build activity in the
    // sending state (Decision A2: the employer must ordinarily perform its activities there).
    id: 'LAC-C005',
    version: 1,
    severity: 'warning',
    title: 'New company posting at once',
    legalBasis: 'Reg. 987/2009 Art. 14(2) (substantial activity); Administrative Commission Decision A2',
    message: 'The company started posting workers within a few months of first appearing in any source.',
    evaluate(facts) {
      if (facts.firstSeenOn === null || facts.postings.length === 0) return [];
      const first = [...facts.postings].sort(byStart)[0];
      if (first === undefined) return [];
      const months = monthsBetween(facts.firstSeenOn, first.period.start);
      if (months >= NEW_COMPANY_MONTHS) return [];
      const firstRefs = facts.postings.filter((p) => p.period.start === first.period.start).map((p) => p.ref);
      return [companyHit(facts, firstRefs, `first seen on ${facts.firstSeenOn}, first posting starts ${first.period.start} (${Math.max(0, months)} whole months later)`)];
    },
  },
  {
    // Art 12(1): a posted person must not replace another posted person, even one sent by another
    // employer (Alpenrind C-527/16). Here: the same company, client, host state and kind of service,
    // another person starting within a month of the previous posting ending (or a short hand-over).
    id: 'LAC-C006',
    version: 1,
    severity: 'red',
    title: 'Posted worker replaced by another posted worker',
    legalBasis: 'Reg. 883/2004 Art. 12(1) (replacement); CJEU Alpenrind C-527/16',
    message: 'A posted worker was followed at the same client, for the same kind of work, by another posted worker; a posted person must not replace another posted person.',
    evaluate(facts) {
      const hits: ControlHit[] = [];
      const eligible = facts.postings.filter((p) => p.personKey !== null && p.clientKey !== null && p.sector !== null).sort(byStart);
      for (const next of eligible) {
        const previous = eligible.filter(
          (prev) =>
            prev !== next &&
            prev.personKey !== next.personKey &&
            prev.clientKey === next.clientKey &&
            prev.hostCountry === next.hostCountry &&
            prev.sector === next.sector &&
            prev.period.end !== null &&
            prev.period.start < next.period.start &&
            Math.abs(dayNumber(next.period.start) - endDay(prev.period, facts.asOf) - 1) <= REPLACEMENT_WINDOW_DAYS,
        );
        const prev = previous[previous.length - 1];
        if (prev === undefined) continue;
        const gap = dayNumber(next.period.start) - endDay(prev.period, facts.asOf) - 1;
        hits.push(
          postingHit(facts, next, [prev.ref, next.ref], `${next.ref} starts ${next.period.start} at the same client and for the same work (${next.sector}) as ${prev.ref}, another posted worker whose posting ended ${prev.period.end} (${gap >= 0 ? `${gap} days gap` : `${-gap} days overlap`})`),
        );
      }
      return hits;
    },
  },
  {
    // Art 12(1): a posting lasts at most 24 months. Postings of the same person separated by less
    // than two months (Practical Guide) are one posting; a chain longer than 24 months is flagged.
    id: 'LAC-C007',
    version: 1,
    severity: 'red',
    title: 'Chained postings of one worker exceed 24 months',
    legalBasis: 'Reg. 883/2004 Art. 12(1) (24 months); Practical Guide on applicable legislation (two-month gap)',
    message: 'The company posted the same worker in successive postings, with short breaks, for more than 24 months in all.',
    evaluate(facts) {
      const hits: ControlHit[] = [];
      const byPerson = new Map<string, CompanyPostingFact[]>();
      for (const p of facts.postings) {
        if (p.personKey === null || p.period.start > facts.asOf) continue;
        byPerson.set(p.personKey, [...(byPerson.get(p.personKey) ?? []), p]);
      }
      for (const postings of byPerson.values()) {
        postings.sort(byStart);
        let chain: CompanyPostingFact[] = [];
        let chainEnd = Number.NEGATIVE_INFINITY;
        const flush = (): void => {
          const first = chain[0];
          const last = chain[chain.length - 1];
          if (chain.length < 2 || first === undefined || last === undefined) return;
          const end = Math.min(chainEnd, dayNumber(facts.asOf));
          const endDate = new Date(end * 86_400_000).toISOString().slice(0, 10);
          const months = periodMonths({ start: first.period.start, end: endDate }, facts.asOf);
          if (months > POSTING_MAX_MONTHS) {
            hits.push(postingHit(facts, last, chain.map((p) => p.ref), `${chain.length} postings of the same worker from ${first.period.start} to ${endDate}, each break under ${CHAIN_MAX_GAP_DAYS} days: ${months} months in all`));
          }
        };
        for (const p of postings) {
          if (chain.length > 0 && dayNumber(p.period.start) - chainEnd - 1 >= CHAIN_MAX_GAP_DAYS) {
            flush();
            chain = [];
            chainEnd = Number.NEGATIVE_INFINITY;
          }
          chain.push(p);
          chainEnd = Math.max(chainEnd, endDay(p.period, facts.asOf));
        }
        flush();
      }
      return hits;
    },
  },
  {
    // Many declared workers without any certificate: the company does not apply for A1s, so
    // whether it is entitled to post under its own state's legislation was never examined.
    id: 'LAC-C008',
    version: 1,
    severity: 'warning',
    title: 'Many declared workers without a certificate',
    legalBasis: 'Reg. 987/2009 Art. 15(1) and 19(2) (attestation of applicable legislation)',
    message: 'For a large share of the workers this company declared, no certificate or attestation covers the posting.',
    evaluate(facts) {
      return outcomeShareHits(facts, ['no-certificate'], NO_CERTIFICATE_SHARE, 'have no certificate covering the posting');
    },
  },
  {
    // Certificates that name another employer or another state than declared: the declarations
    // and the certificates do not describe the same arrangement (possible use of another entity).
    id: 'LAC-C009',
    version: 1,
    severity: 'warning',
    title: 'Many certificates name another employer or state',
    legalBasis: 'Reg. 883/2004 Art. 12(1); Reg. 987/2009 Art. 5 (value of documents) and 14(2)',
    message: 'For a large share of the workers this company declared, the certificate names another employer or another state than the declaration.',
    evaluate(facts) {
      return outcomeShareHits(facts, ['employer-mismatch', 'state-mismatch'], MISMATCH_SHARE, 'have a certificate naming another employer or state');
    },
  },
  {
    // A withdrawn certificate means the issuing institution itself found the posting unjustified;
    // several of them for one company point at the company rather than at one worker.
    id: 'LAC-C010',
    version: 1,
    severity: 'red',
    title: 'Several declared workers with withdrawn certificates',
    legalBasis: 'Reg. 987/2009 Art. 5(2) (withdrawal of documents); Reg. 883/2004 Art. 12(1)',
    message: 'Several workers this company declared are covered only by certificates that were withdrawn.',
    evaluate(facts) {
      const withdrawn = facts.postings.filter((p) => p.matchOutcome === 'withdrawn');
      if (withdrawn.length < WITHDRAWN_MIN) return [];
      return [companyHit(facts, withdrawn.map((p) => p.ref), `${withdrawn.length} declared workers covered only by withdrawn certificates`)];
    },
  },
  {
    // Working for one client only is not unlawful, but together with other signals it suggests the
    // company exists to supply that client (information only).
    id: 'LAC-C011',
    version: 1,
    severity: 'info',
    title: 'Postings mostly to one client',
    legalBasis: 'Directive 2014/67/EU Art. 4(2) (genuine activity indicators)',
    message: 'Almost all of this company\'s postings go to one single client in the host state.',
    evaluate(facts) {
      const withClient = facts.postings.filter((p) => p.clientKey !== null);
      if (withClient.length < SINGLE_CLIENT_MIN_POSTINGS) return [];
      const counts = new Map<string, number>();
      for (const p of withClient) counts.set(p.clientKey ?? '', (counts.get(p.clientKey ?? '') ?? 0) + 1);
      const [client, count] = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? ['', 0];
      const share = count / withClient.length;
      if (share < SINGLE_CLIENT_SHARE) return [];
      return [companyHit(facts, withClient.filter((p) => p.clientKey === client).map((p) => p.ref), `${count} of ${withClient.length} postings (${pct(share)}) to one client (${client})`)];
    },
  },
  {
    // Many very short postings in a row look like work habitually done in the host state cut into
    // pieces, rather than temporary postings (frequency and temporary nature of the work).
    id: 'LAC-C012',
    version: 1,
    severity: 'info',
    title: 'Many very short postings',
    legalBasis: 'Directive 2014/67/EU Art. 4(3) (temporary nature of the work)',
    message: 'Most of this company\'s postings last only a few days each.',
    evaluate(facts) {
      const closed = facts.postings.filter((p) => p.period.end !== null);
      const short = closed.filter((p) => days(p.period, facts.asOf) <= SHORT_POSTING_DAYS);
      if (short.length < SHORT_POSTING_MIN || closed.length === 0) return [];
      const share = short.length / closed.length;
      if (share < SHORT_POSTING_SHARE) return [];
      return [companyHit(facts, short.map((p) => p.ref), `${short.length} of ${closed.length} postings (${pct(share)}) last ${SHORT_POSTING_DAYS} days or less`)];
    },
  },
  {
    // A posting attestation names the sending employer's state; a company whose posting
    // attestations name several states is described inconsistently (or has parallel entities).
    id: 'LAC-C013',
    version: 1,
    severity: 'warning',
    title: 'Posting attestations name several legislation states',
    legalBasis: 'Reg. 883/2004 Art. 12(1); Reg. 987/2009 Art. 14(1)-(2)',
    message: 'The posting attestations naming this company give different states whose legislation applies, which is inconsistent for one employer.',
    evaluate(facts) {
      const posting = facts.attestations.filter((a) => POSTING_SED_TYPES.includes(a.sedType) && a.legislationState !== null);
      const states = [...new Set(posting.map((a) => a.legislationState ?? ''))].sort();
      if (states.length < 2) return [];
      return [companyHit(facts, posting.map((a) => a.documentId), `posting attestations name ${states.length} legislation states: ${states.join(', ')}`)];
    },
  },
  {
    // The declared sending state should be the company's own state; postings declared from
    // another state mean either wrong declarations or work organised from elsewhere.
    id: 'LAC-C014',
    version: 1,
    severity: 'warning',
    title: 'Postings declared from another state than the company\'s',
    legalBasis: 'Reg. 883/2004 Art. 12(1) (employer normally active in the sending state); Directive 2014/67/EU Art. 4(2)',
    message: 'Some postings of this company were declared with a sending state other than the state where the company is established.',
    evaluate(facts) {
      if (facts.country === null) return [];
      const other = facts.postings.filter((p) => p.sendingState !== facts.country);
      if (other.length === 0) return [];
      const states = [...new Set(other.map((p) => p.sendingState))].sort();
      return [companyHit(facts, other.map((p) => p.ref), `${other.length} of ${facts.postings.length} postings declared with sending state ${states.join(', ')}, the company is established in ${facts.country}`)];
    },
  },
  {
    // Declarations that quote no A1 for most workers: the company does not hold, or does not show,
    // the attestation that would prove its workers stay insured in the sending state.
    id: 'LAC-C015',
    version: 1,
    severity: 'info',
    title: 'Most declarations quote no A1 reference',
    legalBasis: 'Reg. 987/2009 Art. 19(2) (attestation of applicable legislation); Directive 2014/67/EU Art. 9(1)',
    message: 'For most of the workers this company declared, no A1 certificate reference was given.',
    evaluate(facts) {
      if (facts.postings.length < MIN_DECLARED_WORKERS) return [];
      const missing = facts.postings.filter((p) => p.a1Reference === null || p.a1Reference.trim() === '');
      const share = missing.length / facts.postings.length;
      if (share < MISSING_A1_SHARE) return [];
      return [companyHit(facts, missing.map((p) => p.ref), `${missing.length} of ${facts.postings.length} declared workers (${pct(share)}) with no A1 reference quoted`)];
    },
  },
];
