/**
 * From an engagement of the synthetic world to the writers' input (`SynthSed`) for a given SED type.
 */
import type { Address, Decision, Employer, EmployerId } from '../model/canonical.js';
import { BUC_OF_SED } from './model.js';
import type { SynthSed, SynthSedPerson, SynthSedWorkplace } from './model.js';
import { nameVariant } from './names.js';
import { canonicalCompanyIds, type Engagement, type SynthClient, type SynthCompany } from './population.js';
import { isoDate, Rng, type Day } from './random.js';
import { STREETS, TOWNS } from './data.js';

export const SUPPORTED_SED_TYPES = ['A001', 'A003', 'A008', 'A009', 'A010', 'A011', 'A012', 'X001', 'X008'] as const;
/** A valid SED type the pipeline is not expected to normalise into a decision. */
export const UNSUPPORTED_SED_TYPE = 'H001';

const ADDITIONAL_INFO: readonly string[] = [
  'Travaux de façade – lot n°3 <urgent> & "prioritaire"\nSuite au contrat du 12/01.',
  'Posting extended at the request of the client; see previous SED.',
  "Ouvrier qualifié — coffrage & ferraillage. L'employeur reste responsable.",
  'Praca na wysokości > 2 m; szkolenie BHP ważne do 2026.',
  'Trabajador desplazado para la obra «Résidence Les Érables».',
];

export function employerOf(c: SynthCompany, role: Employer['role']): Employer {
  return {
    role,
    name: c.name,
    country: c.country,
    ids: canonicalCompanyIds(c),
    address: { ...c.address },
  };
}

export function clientAsEmployer(c: SynthClient): Employer {
  const ids: EmployerId[] = [{ type: 'registration', id: c.siret }];
  return { role: 'host', name: c.name, country: 'FR', ids, address: { ...c.address } };
}

function personOf(eng: Engagement, rng: Rng): SynthSedPerson {
  const p = eng.person;
  let familyName = p.familyName;
  let forename = p.forename;
  if (eng.anomalies.nameVariantSed) {
    const v = nameVariant(rng, familyName, forename);
    if (v.kind === 'upper-case' || v.kind === 'diacritics-dropped') {
      familyName = v.familyName;
      forename = v.forename;
    } else {
      familyName = familyName.toUpperCase();
    }
  }
  const nationalities = [p.nationality];
  if (p.secondNationality && p.secondNationality !== p.nationality) nationalities.push(p.secondNationality);
  return {
    familyName,
    forename,
    familyNameAtBirth: p.familyNameAtBirth,
    forenameAtBirth: p.forenameAtBirth,
    birthDate: isoDate(p.birthDay),
    sex: p.sex,
    nationalities,
    pins: eng.pins.map((x) => ({ ...x })),
    birthPlace: p.birthPlace ? { ...p.birthPlace } : null,
  };
}

function contextPersonOf(eng: Engagement): SynthSedPerson {
  const p = eng.person;
  return {
    familyName: p.familyName,
    forename: p.forename,
    familyNameAtBirth: null,
    forenameAtBirth: null,
    birthDate: isoDate(p.birthDay),
    sex: p.sex,
    nationalities: [],
    pins: [],
    birthPlace: null,
  };
}

function addressesOf(eng: Engagement, rng: Rng): Address[] {
  const out: Address[] = [{ ...eng.residence }];
  if (eng.project.kind !== 'multistate' && rng.chance(0.3)) {
    const site = eng.project.sites[0];
    out.push({
      type: 'stay',
      street: rng.pick(STREETS.FR ?? ['1 rue de Paris']),
      building: null,
      town: site?.town ?? 'Paris',
      postalCode: site?.postalCode ?? null,
      region: site?.region ?? null,
      country: 'FR',
    });
  }
  return out;
}

function workplacesOf(eng: Engagement): SynthSedWorkplace[] {
  return eng.project.sites.map((s) => ({
    name: s.name,
    country: s.country,
    town: s.town,
    noFixedAddress: eng.project.noFixedPlace,
    homeBase: s.homeBase,
    street: s.street,
    postalCode: s.postalCode,
    region: s.region,
  }));
}

export interface SedBuildContext {
  /** The day the SED is issued (used for X008's `dateIssued` and for amending decisions). */
  issuedOn: Day;
  /** For X008: the invalidated SED. */
  invalidates?: { sedType: string; issuedOn: Day };
  /** Force an amending decision (new versions of a decision). */
  amending?: boolean;
}

function decisionOf(eng: Engagement, rng: Rng, ctx: SedBuildContext, withProvisional: boolean): Decision {
  const amending = ctx.amending ?? rng.chance(0.08);
  const open = eng.certEnd === null;
  return {
    legislationState: eng.legislationState,
    article: eng.article,
    startDate: isoDate(eng.certStart),
    endDate: open || eng.certEnd === null ? null : isoDate(eng.certEnd),
    openEnded: open,
    provisional: withProvisional ? eng.provisional : false,
    amending,
    previousDecisionDate: amending ? isoDate(ctx.issuedOn - rng.int(30, 200)) : null,
    appliesForDurationOfActivity: rng.chance(0.8),
  };
}

/** The SED of type `sedType` about engagement `eng`. `rng` drives the optional parts. */
export function buildSed(eng: Engagement, sedType: string, rng: Rng, ctx: SedBuildContext): SynthSed {
  const project = eng.project;
  const base: SynthSed = {
    sedType,
    bucType: BUC_OF_SED[sedType] ?? 'LA_BUC_04',
    person: null,
    contextOnly: false,
    addresses: [],
    employers: [],
    workplaces: [],
    decision: null,
    request: null,
    invalidates: null,
    change: null,
    closure: null,
    additionalInformation: rng.chance(0.2) ? rng.pick(ADDITIONAL_INFO) : null,
  };
  const employer = eng.attestedEmployer;
  switch (sedType) {
    case 'A009': {
      base.person = personOf(eng, rng);
      base.addresses = addressesOf(eng, rng);
      if (eng.article === '12_2') base.employers.push(employerOf(employer, 'self-employment'));
      else base.employers.push(employerOf(employer, 'employer'));
      if (rng.chance(0.6)) base.employers.push(clientAsEmployer(project.client));
      base.workplaces = workplacesOf(eng);
      base.decision = decisionOf(eng, rng, ctx, false);
      break;
    }
    case 'A003':
    case 'A010': {
      base.person = personOf(eng, rng);
      base.addresses = addressesOf(eng, rng);
      base.employers.push(employerOf(employer, 'employer'));
      if (rng.chance(0.4)) base.employers.push(clientAsEmployer(project.client));
      base.workplaces = workplacesOf(eng);
      base.decision = decisionOf(eng, rng, ctx, sedType === 'A003');
      // Neither sample carries open periods for these types.
      if (base.decision.openEnded) {
        base.decision.openEnded = false;
        base.decision.endDate = isoDate(eng.certStart + 364);
      }
      break;
    }
    case 'A001': {
      base.person = personOf(eng, rng);
      base.addresses = addressesOf(eng, rng);
      base.employers.push(employerOf(employer, 'employer'));
      if (rng.chance(0.6)) base.employers.push(clientAsEmployer(project.client));
      base.workplaces = workplacesOf(eng);
      base.request = {
        startDate: isoDate(eng.start),
        endDate: isoDate(eng.end ?? eng.start + 3 * 365),
        currentStates: ['FR'],
        requestedStates: [employer.country],
        article: '12_1',
      };
      break;
    }
    case 'A011':
    case 'A012':
    case UNSUPPORTED_SED_TYPE: {
      base.person = personOf(eng, rng);
      break;
    }
    case 'A008': {
      base.person = personOf(eng, rng);
      const towns = TOWNS[eng.residence.country ?? ''] ?? TOWNS.FR ?? [];
      const t = towns.length > 0 ? rng.pick(towns) : { town: 'Paris', postalCode: '75001', region: null };
      const streets = STREETS[eng.residence.country ?? ''] ?? STREETS.FR ?? ['1 rue de Paris'];
      base.addresses = [
        { type: 'residence', street: rng.pick(streets), building: null, town: t.town, postalCode: t.postalCode, region: t.region, country: eng.residence.country },
      ];
      const eff = Math.max(eng.start + 7, ctx.issuedOn);
      base.change = {
        effectiveFrom: isoDate(eff),
        startDate: isoDate(eng.start),
        endDate: isoDate(eng.end === null ? eff + 180 : Math.max(eff, eng.end - rng.int(0, 60))),
      };
      break;
    }
    case 'X001': {
      base.person = contextPersonOf(eng);
      base.contextOnly = true;
      base.closure = { date: isoDate(ctx.issuedOn) };
      base.additionalInformation = null;
      break;
    }
    case 'X008': {
      base.person = contextPersonOf(eng);
      base.contextOnly = true;
      const inv = ctx.invalidates ?? { sedType: 'A009', issuedOn: ctx.issuedOn };
      base.invalidates = { sedType: inv.sedType, issuedOn: isoDate(inv.issuedOn) };
      base.additionalInformation = null;
      break;
    }
    default:
      base.person = personOf(eng, rng);
  }
  return base;
}
