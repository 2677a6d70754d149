/**
 * Posting declarations in the JSON shape of ../shared/CONTRACTS.md ("Posting declaration"), consistent with the
 * synthetic world: one declaration per declared project, listing its workers (sometimes one missing), their names
 * sometimes written differently from the SED and the certificate, an A1 reference when the employer knows it.
 */
import { certificateNumber } from './certificates.js';
import { nameVariant } from './names.js';
import type { Engagement, SynthProject, World } from './population.js';
import { addMonthsEnd, fmix32, isoDate, isoTimestamp, parseIsoDay, Rng, type Day } from './random.js';

export interface DeclarationIdRef {
  type: string;
  id: string;
}

export interface DeclarationAddress {
  street: string | null;
  town: string | null;
  postalCode: string | null;
  country: string | null;
}

export interface DeclarationWorker {
  familyName: string;
  forename: string;
  birthDate: string;
  sex: 'M' | 'F';
  nationality: string;
  pins: { country: string; id: string }[];
  a1Reference?: string;
}

export interface PostingDeclaration {
  declarationId: string;
  version: number;
  status: 'active' | 'amended' | 'cancelled';
  declaredAt: string;
  hostCountry: 'FR';
  postingUndertaking: { name: string; country: string; ids: DeclarationIdRef[]; address: DeclarationAddress };
  client: { name: string; country: 'FR'; ids: DeclarationIdRef[] };
  sector: string;
  serviceNature: string;
  startDate: string;
  endDate: string;
  workplaces: { address: DeclarationAddress }[];
  workers: DeclarationWorker[];
  liaisonPerson: { familyName: string; forename: string; phone: string };
}

/** Only postings (and long postings under an exception request) of employees are declared. */
export function isDeclarable(p: SynthProject): boolean {
  return p.declared && (p.kind === 'posting' || p.kind === 'exception');
}

/** A stable declaration id for project `j` (unique per seed: fmix32 is a bijection). */
export function declarationId(seed: number, j: number, declaredOn: Day): string {
  const n = fmix32((j ^ Math.imul(seed, 0x27d4eb2d)) >>> 0);
  return `SIPSI-${isoDate(declaredOn).slice(0, 4)}-${String(n).padStart(10, '0')}`;
}

export interface DeclarationVersions {
  /** Version 1 (`active`). */
  initial: PostingDeclaration;
  /** Engagements listed as workers, in order (index = worker index in the declaration). */
  workers: Engagement[];
}

function workerOf(world: World, eng: Engagement, rng: Rng): DeclarationWorker {
  const p = eng.person;
  let familyName = p.familyName;
  let forename = p.forename;
  if (eng.anomalies.nameVariantDeclaration) {
    const v = nameVariant(rng, familyName, forename);
    familyName = v.familyName;
    forename = v.forename;
  }
  const pins: { country: string; id: string }[] = [];
  const first = eng.pins[0];
  if (first && rng.chance(0.8)) pins.push({ country: first.country, id: first.id });
  const w: DeclarationWorker = {
    familyName,
    forename,
    birthDate: isoDate(p.birthDay),
    sex: p.sex === 'F' ? 'F' : 'M',
    nationality: p.nationality,
    pins,
  };
  if (eng.hasCertificate && rng.chance(0.6)) {
    let ref = certificateNumber(world.seed, eng);
    if (rng.chance(0.03)) ref = ref.slice(0, -1) + String((Number(ref.slice(-1)) + 1) % 10);
    w.a1Reference = ref;
  }
  return w;
}

/** The first version of the declaration of project `j` (call only when `isDeclarable(world.project(j))`). */
export function buildDeclaration(world: World, j: number): DeclarationVersions {
  const project = world.project(j);
  const rng = Rng.for(world.seed, 'declaration', j);
  const company = project.company;
  const late = rng.chance(0.05 + 0.4 * company.risk);
  const declaredOn = late ? project.start + rng.int(1, 40) : project.start - rng.int(1, 30);
  const engagements: Engagement[] = [];
  for (let w = 0; w < project.workers; w++) {
    const eng = world.engagement(j, w);
    if (eng.anomalies.notInDeclaration && w > 0) continue;
    engagements.push(eng);
  }
  const ids: DeclarationIdRef[] = [];
  if (company.ids.vat) ids.push({ type: 'vat', id: company.ids.vat });
  if (company.ids.registration) ids.push({ type: 'registration', id: company.ids.registration });
  const ca = company.address;
  const decl: PostingDeclaration = {
    declarationId: declarationId(world.seed, j, declaredOn),
    version: 1,
    status: 'active',
    declaredAt: isoTimestamp(declaredOn, rng.int(6 * 3600, 20 * 3600)),
    hostCountry: 'FR',
    postingUndertaking: {
      name: company.name,
      country: company.country,
      ids,
      address: { street: ca.street, town: ca.town, postalCode: ca.postalCode, country: ca.country },
    },
    client: { name: project.client.name, country: 'FR', ids: [{ type: 'siret', id: project.client.siret }] },
    sector: project.sector,
    serviceNature: project.serviceNature,
    startDate: isoDate(project.start),
    endDate: isoDate(project.end),
    workplaces: project.sites.map((s) => ({ address: { street: s.street, town: s.town, postalCode: s.postalCode, country: s.country } })),
    workers: engagements.map((e) => workerOf(world, e, rng)),
    liaisonPerson: { ...company.liaison },
  };
  return { initial: decl, workers: engagements };
}

/** A later version: `amended` (period extended) or `cancelled`. */
export function nextDeclarationVersion(prev: PostingDeclaration, rng: Rng, cancel: boolean): PostingDeclaration {
  const day = parseIsoDay(prev.declaredAt.slice(0, 10)) + rng.int(5, 90);
  if (cancel) {
    return { ...prev, version: prev.version + 1, status: 'cancelled', declaredAt: isoTimestamp(day, rng.int(6 * 3600, 20 * 3600)) };
  }
  const end = parseIsoDay(prev.endDate);
  return {
    ...prev,
    version: prev.version + 1,
    status: 'amended',
    declaredAt: isoTimestamp(day, rng.int(6 * 3600, 20 * 3600)),
    endDate: isoDate(addMonthsEnd(end + 1, rng.int(1, 3))),
  };
}
