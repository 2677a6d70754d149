/**
 * The synthetic world: sending undertakings, French clients, persons, projects (a posting undertaking working for a
 * French client over a period with some workers) and engagements (one worker in one project).
 *
 * Everything is a pure function of (seed, index): `world.project(j)` and `world.engagement(j, w)` can be called
 * in any order, any number of times, by any stream (SEDs, declarations, certificates) and give the same answer.
 * Companies and clients are memoised (their number is bounded by the world size); persons and engagements are
 * recomputed on demand, so memory stays flat for millions of documents.
 */
import type { Address, PlainAddress, PinSector, Sex } from '../model/canonical.js';
import {
  BILATERAL_STATES,
  CLIENT_FORMS,
  CLIENT_STEMS,
  COMPANY_STEMS,
  INSTITUTIONS,
  LEGAL_FORMS,
  LIAISON_PHONE_PREFIX,
  NAMES,
  SECTORS,
  SENDING_STATES,
  SERVICE_NATURES,
  STREETS,
  TOWNS,
  WORKFORCE,
  BILATERAL_ISSUERS,
  type Sector,
  type Town,
} from './data.js';
import { companyIds, personalId, siren, siret, type CompanyIds } from './ids.js';
import { addMonthsEnd, dayOf, hash32, hashString, Rng, type Day } from './random.js';

export const EU_STATES: ReadonlySet<string> = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IS IE IT LV LI LT LU MT NL NO PL PT RO SK SI ES SE CH GB'.split(' '),
);

/**
 * Fraud patterns planted in a minority of companies, each applied systematically to a good share of the
 * company's postings (honest companies only carry low-rate incidental noise driven by `risk`):
 * - `letterbox`: registered at a shared business-centre address with other letterbox companies, and its
 *   workers' certificates often name another employer (the undertaking really employing them);
 * - `chained-postings`: long postings, followed back-to-back by a new posting of the same workers (> 24 months);
 * - `missing-certificates`: about half the declared workers have no certificate and no SED;
 * - `replacement`: a posting followed at once, at the same client and for the same work, by other workers;
 * - `overlapping-attestations`: the same workers posted again during a running posting, under another
 *   state's legislation (two attestations of different states for the same days).
 * Ground truth for benchmarks: never read by controls (they only see documents).
 */
export type FraudPattern = 'letterbox' | 'chained-postings' | 'missing-certificates' | 'replacement' | 'overlapping-attestations';
export const FRAUD_PATTERNS: readonly FraudPattern[] = ['letterbox', 'chained-postings', 'missing-certificates', 'replacement', 'overlapping-attestations'];
/** Share of (non-bilateral) companies with at least one planted pattern. */
export const PLANTED_COMPANY_SHARE = 0.15;
/** Follow-up patterns: they pair an even project with the next (odd) project of the same company. */
const FOLLOW_UP_PATTERNS: readonly FraudPattern[] = ['chained-postings', 'replacement', 'overlapping-attestations'];
/** Letterbox hubs: one business-centre address per state, shared by that state's letterbox companies. */
const LETTERBOX_HUBS: readonly string[] = ['PL', 'SK', 'BG'];

export interface SynthCompany {
  key: string;
  index: number;
  country: string;
  name: string;
  sector: Sector;
  ids: CompanyIds;
  address: PlainAddress;
  /** The social-security institution of the company's state: [institutionId, name]. */
  institution: readonly [string, string];
  /** 0 .. 0.25: drives how often its postings carry incidental anomalies (noise, also in honest companies). */
  risk: number;
  /** Planted fraud patterns (empty: an honest company). */
  patterns: FraudPattern[];
  /** Not EU/EEA/CH/UK: postings go under a bilateral agreement, never with a SED. */
  bilateral: boolean;
  /** Another company used when a certificate names a different employer (letter-box / group company). */
  sister: number;
  liaison: { familyName: string; forename: string; phone: string };
}

export interface SynthClient {
  key: string;
  index: number;
  name: string;
  siren: string;
  siret: string;
  address: PlainAddress;
}

export interface SynthPin {
  country: string;
  id: string;
  sector: PinSector | null;
  institutionId: string | null;
  institutionName: string | null;
}

export interface SynthPersonBase {
  key: string;
  nationality: string;
  secondNationality: string | null;
  sex: Sex;
  familyName: string;
  forename: string;
  familyNameAtBirth: string | null;
  forenameAtBirth: string | null;
  birthDay: Day;
  birthPlace: { town: string; region: string | null; country: string } | null;
}

export type ProjectKind = 'posting' | 'self-employed' | 'multistate' | 'exception' | 'other' | 'unsupported';

export interface SynthWorkplaceSite {
  name: string;
  street: string | null;
  town: string;
  postalCode: string | null;
  region: string | null;
  country: string;
  homeBase: string | null;
}

export interface SynthProject {
  key: string;
  index: number;
  kind: ProjectKind;
  company: SynthCompany;
  client: SynthClient;
  sector: Sector;
  serviceNature: string;
  start: Day;
  end: Day;
  workers: number;
  sites: SynthWorkplaceSite[];
  noFixedPlace: boolean;
  /** Declared in the host state at all (declarations are only for postings of employees). */
  declared: boolean;
  /** A planted follow-up of project `index - 1` (same company): how its workers relate to that project's. */
  followUp: Exclude<FraudPattern, 'letterbox' | 'missing-certificates'> | null;
}

export interface EngagementAnomalies {
  noCertificate: boolean;
  periodPartial: boolean;
  employerMismatch: boolean;
  stateMismatch: boolean;
  longPosting: boolean;
  notInDeclaration: boolean;
  withdrawn: boolean;
  nameVariantSed: boolean;
  nameVariantDeclaration: boolean;
  nameVariantCertificate: boolean;
}

export interface Engagement {
  key: string;
  project: SynthProject;
  worker: number;
  person: SynthPersonBase;
  /** Residence address of the worker. */
  residence: Address;
  pins: SynthPin[];
  start: Day;
  /** null: open-ended. */
  end: Day | null;
  article: string;
  /** The state whose legislation the attestation (SED and certificate) names. */
  legislationState: string;
  /** The employer the attestation names (the project's company, or its sister on an employer mismatch). */
  attestedEmployer: SynthCompany;
  /** Period of the certificate (a sub-period on `periodPartial`). */
  certStart: Day;
  certEnd: Day | null;
  statesOfWork: string[];
  provisional: boolean;
  hasSed: boolean;
  hasCertificate: boolean;
  anomalies: EngagementAnomalies;
  /** Names of the anomalies that are true, for test expectations. */
  anomalyList: string[];
}

export interface WorldSize {
  /** Expected number of engagements (workers in projects) the streams will walk through. */
  engagements: number;
  /**
   * Share of (non-bilateral, certificate-eligible) engagements whose certificate is on the certificate topic
   * (default 0.9). generateCorpus lowers it when the certificate stream is short, so that the certificate stream
   * spans the same projects as the declarations instead of stopping halfway (a declared worker with no SED and
   * a certificate the stream never reached would look uncovered without any planted anomaly).
   */
  certificateShare?: number;
  /** Share of posted workers holding a certificate who also get an A009 SED (default 0.85). */
  sedWithCertificateShare?: number;
}


const SECTOR_WEIGHTS_BY_KIND: Readonly<Record<ProjectKind, readonly (readonly [Sector, number])[] | null>> = {
  posting: null,
  'self-employed': [['construction', 60], ['industry', 20], ['agriculture', 20]],
  multistate: [['transport', 80], ['construction', 10], ['industry', 10]],
  exception: null,
  other: null,
  unsupported: null,
};

function townOf(rng: Rng, country: string): Town {
  const towns = TOWNS[country];
  if (towns && towns.length > 0) return rng.pick(towns);
  return { town: 'Capital', postalCode: '1000', region: null };
}

function streetOf(rng: Rng, country: string): string {
  const streets = STREETS[country];
  return streets && streets.length > 0 ? rng.pick(streets) : 'Main Street 1';
}

function plainAddress(rng: Rng, country: string, withBuilding = false): PlainAddress {
  const t = townOf(rng, country);
  return {
    street: streetOf(rng, country),
    building: withBuilding ? rng.pick(['Bâtiment B', 'Hala 3', 'Edificio Sur', 'Block C', 'Unit 4']) : null,
    town: t.town,
    postalCode: t.postalCode,
    region: t.region,
    country,
  };
}

export class World {
  readonly seed: number;
  readonly companyCount: number;
  readonly clientCount: number;
  readonly certificateShare: number;
  readonly sedWithCertificateShare: number;
  private readonly companies: Map<number, SynthCompany> = new Map();
  private readonly clients: Map<number, SynthClient> = new Map();
  /** Direct-mapped caches: the streams walk nearby projects, each several times. */
  private readonly projectCache: (SynthProject | undefined)[] = new Array<SynthProject | undefined>(64);
  private readonly engagementCache: (Engagement | undefined)[] = new Array<Engagement | undefined>(64);

  constructor(seed: number, size: WorldSize) {
    this.seed = seed >>> 0;
    const e = Math.max(50, size.engagements);
    this.companyCount = Math.max(12, Math.ceil(e / 30));
    this.clientCount = Math.max(8, Math.ceil(e / 40));
    this.certificateShare = size.certificateShare ?? 0.9;
    this.sedWithCertificateShare = size.sedWithCertificateShare ?? 0.85;
  }

  // ---------------------------------------------------------------------------------------------------------------

  company(i: number): SynthCompany {
    const cached = this.companies.get(i);
    if (cached) return cached;
    const rng = Rng.for(this.seed, 'company', i);
    const bilateral = rng.chance(0.04);
    let country = bilateral ? rng.weighted(BILATERAL_STATES) : rng.weighted(SENDING_STATES);
    // Planted patterns come from their own stream, so honest companies keep the draws they always had.
    const fraud = Rng.for(this.seed, 'fraud', i);
    const patterns: FraudPattern[] = [];
    if (!bilateral && fraud.chance(PLANTED_COMPANY_SHARE)) {
      const first = fraud.pick(FRAUD_PATTERNS);
      patterns.push(first);
      if (fraud.chance(0.35)) {
        const second = fraud.pick(FRAUD_PATTERNS.filter((p) => p !== first));
        patterns.push(second);
      }
      patterns.sort();
    }
    const hub = patterns.includes('letterbox') ? fraud.pick(LETTERBOX_HUBS) : null;
    if (hub !== null) country = hub;
    const sector = rng.weighted(SECTORS);
    const pool = NAMES[country] ?? NAMES.DE;
    const family = pool ? rng.pick(pool.family) : 'Nowak';
    const town = townOf(rng, country);
    const stem = rng.pick(COMPANY_STEMS[sector]).replace('{town}', town.town).replace('{family}', family);
    const form = rng.pick(LEGAL_FORMS[country] ?? ['Ltd']);
    const riskRoll = rng.next();
    let risk = riskRoll < 0.8 ? rng.next() * 0.15 : riskRoll < 0.95 ? 0.3 + rng.next() * 0.2 : 0.7 + rng.next() * 0.3;
    if (sector === 'temp-work') risk = Math.min(1, risk + 0.1);
    // Incidental noise only: irregularity proper is planted as patterns (the former medium/high bands made
    // "irregular" a matter of degree, so no benchmark could say which companies ought to be found).
    risk = Math.min(risk, 0.15) + (sector === 'temp-work' ? 0.1 : 0);
    let address = plainAddress(rng, country, rng.chance(0.2));
    address.town = town.town;
    address.postalCode = town.postalCode;
    address.region = town.region;
    if (hub !== null) address = plainAddress(Rng.for(this.seed, 'letterbox-hub', LETTERBOX_HUBS.indexOf(hub)), hub, true);
    const institutions = INSTITUTIONS[country];
    const institution: readonly [string, string] = institutions
      ? rng.pick(institutions)
      : [BILATERAL_ISSUERS[country] ?? `${country}:INST0001`, `Social security institution (${country})`];
    const liaisonPool = NAMES[country] ?? NAMES.DE;
    const company: SynthCompany = {
      key: `CO-${String(i).padStart(6, '0')}`,
      index: i,
      country,
      name: `${stem} ${form}`,
      sector,
      ids: companyIds(rng, country),
      address,
      institution,
      risk,
      patterns,
      bilateral,
      sister: (i + 1 + rng.int(0, this.companyCount - 2)) % this.companyCount,
      liaison: {
        familyName: liaisonPool ? rng.pick(liaisonPool.family) : 'Smith',
        forename: liaisonPool ? rng.pick(rng.chance(0.5) ? liaisonPool.female : liaisonPool.male) : 'Anna',
        phone: `${LIAISON_PHONE_PREFIX[country] ?? '+00'} ${rng.digits(3)} ${rng.digits(6)}`,
      },
    };
    this.companies.set(i, company);
    return company;
  }

  client(i: number): SynthClient {
    const cached = this.clients.get(i);
    if (cached) return cached;
    const rng = Rng.for(this.seed, 'client', i);
    const s = siren(rng);
    const client: SynthClient = {
      key: `CL-${String(i).padStart(6, '0')}`,
      index: i,
      name: `${rng.pick(CLIENT_STEMS)} ${rng.pick(CLIENT_FORMS)}`,
      siren: s,
      siret: siret(rng, s),
      address: plainAddress(rng, 'FR'),
    };
    this.clients.set(i, client);
    return client;
  }

  /** Person `k` of nationality `nat`. */
  person(nat: string, k: number): SynthPersonBase {
    const rng = Rng.for(this.seed, `person:${nat}`, k);
    const pool = NAMES[nat] ?? NAMES.DE;
    if (!pool) throw new Error('no name pool');
    const sex: Sex = rng.chance(0.86) ? 'M' : 'F';
    const forename = rng.pick(sex === 'M' ? pool.male : pool.female);
    let familyName = rng.pick(pool.family);
    // Slavic/Baltic feminine surname forms, roughly.
    if (sex === 'F' && (nat === 'PL' || nat === 'SK' || nat === 'CZ') && familyName.endsWith('ski')) familyName = familyName.slice(0, -1) + 'a';
    const married = sex === 'F' && rng.chance(0.3);
    const birthDay = rng.day(dayOf(1962, 1, 1), dayOf(2004, 12, 31));
    const bp = rng.chance(0.65) ? townOf(rng, nat) : null;
    return {
      key: `PE-${nat}-${String(k).padStart(6, '0')}`,
      nationality: nat,
      secondNationality: rng.chance(0.04) ? rng.pick(['DE', 'FR', 'IT', 'PT', 'RO', 'PL']) : null,
      sex,
      familyName,
      forename,
      familyNameAtBirth: married ? rng.pick(pool.family) : null,
      forenameAtBirth: null,
      birthDay,
      birthPlace: bp ? { town: bp.town, region: bp.region, country: nat } : null,
    };
  }

  /** A person's identification number in `country` (stable for that person and country). */
  pin(person: SynthPersonBase, country: string): string {
    const rng = new Rng(hash32(this.seed, hashString(person.key), hashString(country), 0x70696e));
    return personalId(rng, country, person.birthDay, person.sex === 'F' ? 'F' : 'M', person.familyName, person.forename);
  }

  // ---------------------------------------------------------------------------------------------------------------

  project(j: number): SynthProject {
    const slot = j & 63;
    const hit = this.projectCache[slot];
    if (hit && hit.index === j) return hit;
    const p = this.buildProject(j);
    this.projectCache[slot] = p;
    return p;
  }

  private buildProject(j: number): SynthProject {
    // Odd projects may be a planted follow-up of the even project before them (never deeper: no recursion).
    if (j % 2 === 1) {
      const prev = this.project(j - 1);
      const kinds = prev.company.patterns.filter((p) => FOLLOW_UP_PATTERNS.includes(p));
      const frng = Rng.for(this.seed, 'follow-up', j);
      if (prev.kind === 'posting' && prev.followUp === null && kinds.length > 0 && frng.chance(0.75)) {
        return this.buildFollowUp(j, prev, frng.pick(kinds) as NonNullable<SynthProject['followUp']>, frng);
      }
    }
    const rng = Rng.for(this.seed, 'project', j);
    // Skewed: a few companies carry many projects.
    const u = rng.next();
    const companyIndex = Math.min(this.companyCount - 1, Math.floor(this.companyCount * u * u));
    const company = this.company(companyIndex);
    const kind: ProjectKind = company.bilateral
      ? 'posting'
      : rng.weighted<ProjectKind>([
          ['posting', 78],
          ['self-employed', 3],
          ['multistate', 10],
          ['exception', 5],
          ['other', 3],
          ['unsupported', 1],
        ]);
    const sectorWeights = SECTOR_WEIGHTS_BY_KIND[kind];
    const sector = sectorWeights ? rng.weighted(sectorWeights) : company.sector;
    const client = this.client(Math.floor(this.clientCount * Math.pow(rng.next(), 1.5)));
    const start = rng.day(dayOf(2021, 1, 4), dayOf(2025, 9, 30));
    let months: number;
    if (kind === 'exception') months = rng.int(25, 60);
    else if (kind === 'multistate' || kind === 'other') months = rng.int(6, 36);
    else months = rng.weighted([[1, 10], [2, 12], [3, 14], [4, 10], [6, 14], [9, 8], [12, 14], [18, 8], [24, 6]] as const);
    // A company chaining postings keeps its workers long: each link lasts a year or more.
    if (kind === 'posting' && company.patterns.includes('chained-postings')) months = Math.max(months, 13);
    const end = addMonthsEnd(start, months);
    const workers =
      kind === 'posting'
        ? rng.weighted([[1, 30], [2, 22], [3, 16], [4, 12], [5, 8], [6, 6], [8, 4], [12, 2]] as const)
        : 1;
    const noFixedPlace = sector === 'transport' ? rng.chance(0.7) : rng.chance(0.03);
    const siteCount = noFixedPlace ? 1 : rng.weighted([[1, 75], [2, 20], [3, 5]] as const);
    const sites: SynthWorkplaceSite[] = [];
    for (let s = 0; s < siteCount; s++) {
      const onClient = s === 0 && rng.chance(0.6);
      const t = townOf(rng, 'FR');
      if (sites.some((x) => x.town === t.town)) continue;
      sites.push({
        name: onClient ? client.name : `${rng.pick(['Chantier', 'Site', 'Entrepôt', 'Exploitation'])} ${t.town}`,
        street: onClient ? client.address.street : rng.pick(STREETS.FR ?? ['1 rue de Paris']),
        town: onClient ? (client.address.town ?? t.town) : t.town,
        postalCode: onClient ? client.address.postalCode : t.postalCode,
        region: onClient ? client.address.region : t.region,
        country: 'FR',
        homeBase: sector === 'transport' ? `${company.address.town ?? 'depot'} depot` : null,
      });
    }
    const declarable = kind === 'posting' || kind === 'exception';
    return {
      key: `PR-${String(j).padStart(7, '0')}`,
      index: j,
      kind,
      company,
      client,
      sector,
      serviceNature: rng.pick(SERVICE_NATURES[sector]),
      start,
      end,
      workers,
      sites,
      noFixedPlace,
      declared: declarable && !rng.chance(0.05 + 0.3 * company.risk),
      followUp: null,
    };
  }

  /**
   * A planted follow-up of `prev` (same company): a chained posting of the same workers starting right after
   * it (together over 24 months), a replacement by other workers at the same client and post, or a second
   * posting of the same workers while the first is running, attested by another state.
   */
  private buildFollowUp(j: number, prev: SynthProject, mode: NonNullable<SynthProject['followUp']>, rng: Rng): SynthProject {
    let start: Day;
    let months: number;
    let client = prev.client;
    let sites = prev.sites;
    if (mode === 'chained-postings') {
      start = prev.end + rng.int(1, 30);
      months = rng.int(13, 24);
    } else if (mode === 'replacement') {
      start = prev.end + rng.int(1, 14);
      months = rng.weighted([[2, 20], [3, 20], [6, 30], [9, 15], [12, 15]] as const);
    } else {
      start = prev.start + rng.int(7, Math.max(8, Math.floor((prev.end - prev.start) / 2)));
      months = rng.int(2, 9);
      client = this.client(Math.floor(this.clientCount * rng.next()));
      const at = client.address;
      sites = [{ name: client.name, street: at.street, town: at.town ?? 'Paris', postalCode: at.postalCode, region: at.region, country: 'FR', homeBase: prev.sites[0]?.homeBase ?? null }];
    }
    return {
      key: `PR-${String(j).padStart(7, '0')}`,
      index: j,
      kind: 'posting',
      company: prev.company,
      client,
      sector: prev.sector,
      serviceNature: prev.serviceNature,
      start,
      end: addMonthsEnd(start, months),
      workers: prev.workers,
      sites,
      noFixedPlace: prev.noFixedPlace,
      declared: true,
      followUp: mode,
    };
  }

  engagement(j: number, w: number): Engagement {
    const slot = (j * 16 + w) & 63;
    const hit = this.engagementCache[slot];
    if (hit && hit.project.index === j && hit.worker === w) return hit;
    const value = this.buildEngagement(this.project(j), w);
    this.engagementCache[slot] = value;
    return value;
  }

  private buildEngagement(project: SynthProject, w: number): Engagement {
    const rng = Rng.for(this.seed, 'engagement', project.index, w);
    const company = project.company;
    const risk = company.risk;
    const patterns = company.patterns;
    let nat = rng.weighted(WORKFORCE[company.country] ?? [[company.country, 1] as const]);
    // Persons: one per engagement, except where a planted pattern re-posts the same workers. Drawing them from a
    // shared pool made unrelated engagements share a person by accident: the same worker posted by two companies
    // at once, or re-posted back-to-back, which is exactly what the fraud controls look for (false positives).
    let person: SynthPersonBase;
    if (project.followUp === 'chained-postings' || project.followUp === 'overlapping-attestations') {
      person = this.engagement(project.index - 1, w).person;
      nat = person.nationality;
    } else {
      person = this.person(nat, project.index * 16 + w);
    }

    // Period: most workers follow the project, some join late or leave early.
    let start = project.start;
    let end: Day | null = project.end;
    if (project.workers > 1 && rng.chance(0.25)) start += rng.int(1, 30);
    if (rng.chance(0.15)) end = Math.max(start + 14, project.end - rng.int(7, 60));
    if (end < start + 13) end = start + 13 + rng.int(0, 30);
    const longPosting = project.kind === 'posting' && rng.chance(0.015 + 0.1 * risk);
    if (longPosting) end = addMonthsEnd(start, rng.int(25, 32));
    if (project.kind === 'posting' && project.followUp === null && rng.chance(0.01)) end = null;

    // Legal basis and legislation state.
    let article: string;
    let legislationState = company.country;
    let statesOfWork = ['FR'];
    let provisional = false;
    switch (project.kind) {
      case 'posting':
        article = '12_1';
        break;
      case 'self-employed':
        article = '12_2';
        break;
      case 'multistate':
        article = rng.weighted([['13_1_a', 40], ['13_1_b_i', 40], ['13_2_a', 10], ['13_3', 5], ['13_4', 5]] as const);
        statesOfWork = ['FR', company.country];
        if (article === '13_1_a' && nat !== company.country && EU_STATES.has(nat)) legislationState = nat;
        provisional = rng.chance(0.3);
        break;
      case 'exception':
        article = '16_1';
        break;
      case 'other':
        article = rng.weighted([['11_3_b', 30], ['11_3_c', 10], ['11_3_e', 30], ['11_4', 10], ['11_5', 10], ['15', 10]] as const);
        break;
      case 'unsupported':
        article = '12_1';
        break;
    }

    const anomalies: EngagementAnomalies = {
      noCertificate: rng.chance(0.03 + 0.2 * risk) || (patterns.includes('missing-certificates') && project.kind === 'posting' && rng.chance(0.5)),
      periodPartial: false,
      employerMismatch: false,
      stateMismatch: false,
      longPosting,
      notInDeclaration: project.workers > 1 && rng.chance(0.02 + 0.1 * risk),
      withdrawn: false,
      nameVariantSed: rng.chance(0.05),
      nameVariantDeclaration: rng.chance(0.12),
      nameVariantCertificate: rng.chance(0.08),
    };
    if (!anomalies.noCertificate) {
      anomalies.periodPartial = rng.chance(0.05 + 0.2 * risk);
      anomalies.employerMismatch = rng.chance(0.02 + 0.15 * risk) || (patterns.includes('letterbox') && rng.chance(0.45));
      anomalies.stateMismatch = !company.bilateral && (rng.chance(0.02 + 0.1 * risk) || project.followUp === 'overlapping-attestations');
      anomalies.withdrawn = rng.chance(0.01 + 0.05 * risk);
    }

    let attestedEmployer = company;
    if (anomalies.employerMismatch) {
      const sister = this.company(company.sister);
      attestedEmployer = sister.bilateral === company.bilateral ? sister : company;
      if (attestedEmployer === company) anomalies.employerMismatch = false;
    }
    if (anomalies.stateMismatch) {
      const others = ['PT', 'PL', 'RO', 'BG', 'SK', 'LU', 'CY', 'MT'].filter((c) => c !== legislationState);
      legislationState = nat !== legislationState && EU_STATES.has(nat) ? nat : rng.pick(others);
    }

    let certStart = start;
    let certEnd = end;
    if (anomalies.periodPartial) {
      const last = end ?? start + 365;
      const days = last - start + 1;
      if (rng.chance(0.5)) certEnd = start + Math.max(1, Math.floor(days * (0.3 + rng.next() * 0.6))) - 1;
      else certStart = start + Math.max(1, Math.floor(days * (0.1 + rng.next() * 0.4)));
    }

    // Every certificate-eligible worker gets at least one attestation: a certificate (always for bilateral
    // postings, which have no SED) or a SED; only `noCertificate` leaves a worker uncovered.
    const hasCertificate = !anomalies.noCertificate && (company.bilateral || rng.chance(this.certificateShare));
    const hasSed =
      !anomalies.noCertificate && !company.bilateral && (project.kind !== 'posting' || !hasCertificate || rng.chance(this.sedWithCertificateShare));

    // Residence: mostly in the state of the employer (or of the legislation), else the nationality.
    const resCountry = rng.chance(0.7) ? (EU_STATES.has(legislationState) ? legislationState : company.country) : nat;
    const resAddr = plainAddress(rng, resCountry, rng.chance(0.15));
    const residence: Address = { type: 'residence', ...resAddr };

    // PINs: the state of insurance, often the nationality state, sometimes France.
    const pins: SynthPin[] = [];
    const insuring = EU_STATES.has(legislationState) ? legislationState : company.country;
    const inst = INSTITUTIONS[insuring];
    const withInstitution = inst !== undefined && rng.chance(0.25);
    const instPick = inst ? rng.pick(inst) : null;
    pins.push({
      country: insuring,
      id: this.pin(person, insuring),
      sector: rng.weighted<PinSector | null>([[null, 50], ['all', 35], ['sickness', 10], ['family', 3], ['awod', 2]]),
      institutionId: withInstitution && instPick ? instPick[0] : null,
      institutionName: withInstitution && instPick ? instPick[1] : null,
    });
    if (nat !== insuring && EU_STATES.has(nat) && rng.chance(0.5)) {
      pins.push({ country: nat, id: this.pin(person, nat), sector: null, institutionId: null, institutionName: null });
    }
    if (rng.chance(0.05) && !pins.some((x) => x.country === 'FR')) pins.push({ country: 'FR', id: this.pin(person, 'FR'), sector: null, institutionId: null, institutionName: null });

    const anomalyList: string[] = [];
    for (const [k, v] of Object.entries(anomalies)) if (v) anomalyList.push(k);
    if (!project.declared) anomalyList.push('projectNotDeclared');

    return {
      key: `EN-${project.index}-${w}`,
      project,
      worker: w,
      person,
      residence,
      pins,
      start,
      end,
      article,
      legislationState,
      attestedEmployer,
      certStart,
      certEnd,
      statesOfWork,
      provisional,
      hasSed,
      hasCertificate,
      anomalies,
      anomalyList,
    };
  }
}

/** Company identifiers in the canonical `ids` form (VAT counts as a tax id). */
export function canonicalCompanyIds(c: SynthCompany): { type: 'registration' | 'social-security' | 'tax' | 'unknown'; id: string }[] {
  const out: { type: 'registration' | 'social-security' | 'tax' | 'unknown'; id: string }[] = [];
  if (c.ids.registration) out.push({ type: 'registration', id: c.ids.registration });
  if (c.ids.vat) out.push({ type: 'tax', id: c.ids.vat });
  if (c.ids.socialSecurity && c.index % 3 === 0) out.push({ type: 'social-security', id: c.ids.socialSecurity });
  return out;
}
