/**
 * Certificate events in the JSON shape of ../shared/CONTRACTS.md ("Certificate event"): A1 for postings from
 * EU/EEA/CH/UK undertakings (issued by the institution of the legislation state), BILATERAL under France's
 * bilateral agreements, a few legacy E101; amendments (same number, new content) and withdrawals. Consistent with
 * the engagements of the synthetic world, including their planted anomalies (partial period, other employer, other
 * state, differently written name, no certificate at all).
 */
import { BILATERAL_FORMS, CLIENT_FORMS, CLIENT_STEMS, INSTITUTIONS, NAMES, BILATERAL_ISSUERS } from './data.js';
import { personalId, siren, siret } from './ids.js';
import { nameVariant } from './names.js';
import { EU_STATES, type Engagement, type SynthCompany, type World } from './population.js';
import { addMonthsEnd, dayOf, fmix32, isoDate, parseIsoDay, Rng, type Day } from './random.js';

export interface CertificateEvent {
  certificateNumber: string;
  securityCode: string;
  kind: 'A1' | 'E101' | 'E102' | 'E103' | 'BILATERAL';
  form?: string;
  agreement: string;
  issueType: 'initial' | 'amendment' | 'withdrawal';
  issuedAt: string;
  issuer: { institutionId: string; country: string };
  person: { familyName: string; forename: string; birthDate: string; sex: 'M' | 'F'; pins: { country: string; id: string }[] };
  employer: { name: string; country: string; ids: { type: string; id: string }[] };
  selfEmployed: boolean;
  legislationState: string;
  article: string;
  statesOfWork: string[];
  startDate: string;
  endDate: string;
  provisional: boolean;
}

function issuerOf(state: string, rng: Rng): { institutionId: string; country: string } {
  const inst = INSTITUTIONS[state];
  if (inst) return { institutionId: rng.pick(inst)[0], country: state };
  return { institutionId: BILATERAL_ISSUERS[state] ?? `${state}:INST0001`, country: state };
}

function employerIds(c: SynthCompany): { type: string; id: string }[] {
  const ids: { type: string; id: string }[] = [];
  if (c.ids.vat) ids.push({ type: 'vat', id: c.ids.vat });
  if (c.ids.registration) ids.push({ type: 'registration', id: c.ids.registration });
  return ids;
}

/** The number of the certificate of an engagement: unique per (seed, engagement), usable as an A1 reference. */
export function certificateNumber(seed: number, eng: Engagement): string {
  const state = eng.project.company.bilateral ? eng.project.company.country : eng.legislationState;
  const kind = eng.project.company.bilateral ? 'SE' : 'A1';
  const n = fmix32(((eng.project.index * 16 + eng.worker) ^ Math.imul(seed, 0x165667b1)) >>> 0);
  const year = isoDate(eng.certStart).slice(0, 4);
  return `${state}-${kind}-${year}-${String(n).padStart(10, '0')}`;
}

/** The initial certificate of an engagement (call only when `eng.hasCertificate`). */
export function buildCertificate(world: World, eng: Engagement): CertificateEvent {
  const rng = Rng.for(world.seed, 'certificate', eng.project.index, eng.worker);
  const company = eng.project.company;
  const bilateral = company.bilateral;
  const state = bilateral ? company.country : eng.legislationState;
  const p = eng.person;
  let familyName = p.familyName;
  let forename = p.forename;
  if (eng.anomalies.nameVariantCertificate) {
    const v = nameVariant(rng, familyName, forename);
    familyName = v.familyName;
    forename = v.forename;
  }
  const retro = rng.chance(0.08 + 0.2 * company.risk);
  const issuedOn: Day = retro ? eng.certStart + rng.int(1, 120) : eng.certStart - rng.int(0, 45);
  const end = eng.certEnd ?? addMonthsEnd(eng.certStart, 24);
  const pins = eng.pins.filter((x) => x.country === state || rng.chance(0.3)).map((x) => ({ country: x.country, id: x.id }));
  const cert: CertificateEvent = {
    certificateNumber: certificateNumber(world.seed, eng),
    securityCode: `${rng.code(4)}-${rng.code(4)}`,
    kind: bilateral ? 'BILATERAL' : 'A1',
    agreement: bilateral ? company.country : 'EU',
    issueType: 'initial',
    issuedAt: isoDate(issuedOn),
    issuer: issuerOf(state, rng),
    person: { familyName, forename, birthDate: isoDate(p.birthDay), sex: p.sex === 'F' ? 'F' : 'M', pins },
    employer: { name: eng.attestedEmployer.name, country: eng.attestedEmployer.country, ids: employerIds(eng.attestedEmployer) },
    selfEmployed: eng.article === '12_2',
    legislationState: state,
    article: eng.article,
    statesOfWork: [...eng.statesOfWork],
    startDate: isoDate(eng.certStart),
    endDate: isoDate(end),
    provisional: eng.provisional,
  };
  if (bilateral) cert.form = BILATERAL_FORMS[company.country] ?? 'SE 000';
  // Key order as in the contract: put `form` after `kind`.
  return bilateral ? reorder(cert) : cert;
}

function reorder(c: CertificateEvent): CertificateEvent {
  const { certificateNumber: n, securityCode, kind, form, ...rest } = c;
  return { certificateNumber: n, securityCode, kind, ...(form !== undefined ? { form } : {}), ...rest } as CertificateEvent;
}

/** An amendment (same number, period extended) or a withdrawal of `prev`. */
export function nextCertificateEvent(prev: CertificateEvent, rng: Rng, withdraw: boolean): CertificateEvent {
  const day = Math.max(parseIsoDay(prev.issuedAt), parseIsoDay(prev.startDate)) + rng.int(10, 120);
  if (withdraw) return { ...prev, issueType: 'withdrawal', issuedAt: isoDate(day) };
  const end = parseIsoDay(prev.endDate);
  return { ...prev, issueType: 'amendment', issuedAt: isoDate(day), endDate: isoDate(addMonthsEnd(end + 1, rng.int(1, 6))) };
}

/** A legacy E101 (Regulation 1408/71) for the same person, for an old posting by the same employer. */
export function buildLegacyE101(world: World, eng: Engagement): CertificateEvent {
  const rng = Rng.for(world.seed, 'e101', eng.project.index, eng.worker);
  const start = rng.day(dayOf(2006, 1, 1), dayOf(2009, 12, 31));
  const company = eng.project.company;
  const state = EU_STATES.has(company.country) ? company.country : 'PL';
  const n = fmix32(((eng.project.index * 16 + eng.worker) ^ Math.imul(world.seed, 0x2f0f3a55)) >>> 0);
  const p = eng.person;
  return {
    certificateNumber: `${state}-E101-${isoDate(start).slice(0, 4)}-${String(n).padStart(10, '0')}`,
    securityCode: `${rng.code(4)}-${rng.code(4)}`,
    kind: 'E101',
    agreement: 'EU',
    issueType: 'initial',
    issuedAt: isoDate(start - rng.int(1, 30)),
    issuer: issuerOf(state, rng),
    person: { familyName: p.familyName, forename: p.forename, birthDate: isoDate(p.birthDay), sex: p.sex === 'F' ? 'F' : 'M', pins: [] },
    employer: { name: company.name, country: company.country, ids: employerIds(company) },
    selfEmployed: false,
    legislationState: state,
    article: '14_1_a',
    statesOfWork: ['FR'],
    startDate: isoDate(start),
    endDate: isoDate(addMonthsEnd(start, rng.int(3, 12))),
    provisional: false,
  };
}

/**
 * A certificate France issued for a French employee posted abroad (issuer FR:URSSAF01): no declaration or SED in
 * the corpus refers to it. `k` numbers these certificates.
 */
export function buildOutgoingCertificate(world: World, k: number): CertificateEvent {
  const rng = Rng.for(world.seed, 'outgoing', k);
  const pool = NAMES.FR;
  const sex: 'M' | 'F' = rng.chance(0.8) ? 'M' : 'F';
  const familyName = pool ? rng.pick(pool.family) : 'Martin';
  const forename = pool ? rng.pick(sex === 'M' ? pool.male : pool.female) : 'Luc';
  const birth = rng.day(dayOf(1965, 1, 1), dayOf(2002, 12, 31));
  const start = rng.day(dayOf(2021, 1, 4), dayOf(2025, 9, 30));
  const s = siren(rng);
  const n = fmix32((k ^ Math.imul(world.seed, 0x61c88647)) >>> 0);
  return {
    certificateNumber: `FR-A1-${isoDate(start).slice(0, 4)}-${String(n).padStart(10, '0')}`,
    securityCode: `${rng.code(4)}-${rng.code(4)}`,
    kind: 'A1',
    agreement: 'EU',
    issueType: 'initial',
    issuedAt: isoDate(start - rng.int(1, 40)),
    issuer: { institutionId: 'FR:URSSAF01', country: 'FR' },
    person: {
      familyName,
      forename,
      birthDate: isoDate(birth),
      sex,
      pins: [{ country: 'FR', id: personalId(rng, 'FR', birth, sex, familyName, forename) }],
    },
    employer: {
      name: `${rng.pick(CLIENT_STEMS)} ${rng.pick(CLIENT_FORMS)}`,
      country: 'FR',
      ids: [{ type: 'siret', id: siret(rng, s) }],
    },
    selfEmployed: false,
    legislationState: 'FR',
    article: '12_1',
    statesOfWork: [rng.pick(['DE', 'BE', 'ES', 'IT', 'LU', 'CH', 'NL'])],
    startDate: isoDate(start),
    endDate: isoDate(addMonthsEnd(start, rng.int(1, 24))),
    provisional: false,
  };
}
