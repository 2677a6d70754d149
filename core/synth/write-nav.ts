/**
 * NAV JSON writer: Norwegian keys as in NAV's samples (../shared/reference/fixtures/navikt+melosys-eessi/sed*.json),
 * CDM 4.1 style (`sedGVer` 4, `sedVer` 1), readable codes (`kjoenn` M/K/U, `ja`/`nei`, address `type`
 * `bosted`/`opphold`/`kontakt`, id `type` `registrering`/`trygd`/`skatt`/`ukjent`), ISO country codes (GR, GB)
 * as the samples write them. Absent values are left out, as in the samples.
 */
import type { Address, Employer, PlainAddress } from '../model/canonical.js';
import type { SynthSed, SynthSedPerson, SynthSedWorkplace } from './model.js';

export interface NavWriteOptions {
  /** Indent (default false: compact). */
  pretty?: boolean;
  /** Write `nav.arbeidsgiver` as a single object instead of an array when there is exactly one (default false). */
  employerAsObject?: boolean;
}

type Json = string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const KJOENN: Readonly<Record<string, string>> = { M: 'M', F: 'K', U: 'U' };
const ADRESSE_TYPE: Readonly<Record<string, string>> = { residence: 'bosted', stay: 'opphold', contact: 'kontakt', other: 'kontakt' };
const ID_TYPE: Readonly<Record<string, string>> = { registration: 'registrering', 'social-security': 'trygd', tax: 'skatt', unknown: 'ukjent' };
/** PIN sectors as NAV writes them in its samples. */
export const NAV_SEKTOR: Readonly<Record<string, string>> = {
  all: 'alle',
  family: 'familieytelser',
  sickness: 'sykdom',
  awod: 'yrkesskade_og_yrkessykdom',
  pensions: 'pensjon',
  recovery: 'tilbakekreving',
  unemployment: 'arbeidsledighet',
};

const jaNei = (b: boolean): string => (b ? 'ja' : 'nei');

function put(o: JsonObject, k: string, v: string | null | undefined): void {
  if (v !== null && v !== undefined && v !== '') o[k] = v;
}

function adresse(a: PlainAddress | Address): JsonObject {
  const o: JsonObject = {};
  put(o, 'gate', a.street);
  put(o, 'bygning', a.building);
  put(o, 'by', a.town);
  put(o, 'postnummer', a.postalCode);
  put(o, 'region', a.region);
  put(o, 'land', a.country);
  return o;
}

function arbeidsgiver(e: Employer): JsonObject {
  const o: JsonObject = { navn: e.name ?? '' };
  if (e.ids.length > 0) o.identifikator = e.ids.map((i) => ({ id: i.id, type: ID_TYPE[i.type] ?? 'ukjent' }));
  if (e.address) o.adresse = adresse(e.address);
  return o;
}

function person(p: SynthSedPerson): JsonObject {
  const o: JsonObject = {
    fornavn: p.forename ?? '',
    etternavn: p.familyName ?? '',
    foedselsdato: p.birthDate ?? '',
    kjoenn: KJOENN[p.sex ?? 'U'] ?? 'U',
  };
  if (p.nationalities.length > 0) o.statsborgerskap = p.nationalities.map((land) => ({ land }));
  if (p.pins.length > 0) {
    o.pin = p.pins.map((pin) => {
      const x: JsonObject = {};
      if (pin.sector) x.sektor = NAV_SEKTOR[pin.sector] ?? 'alle';
      x.identifikator = pin.id;
      put(x, 'land', pin.country);
      put(x, 'institusjonsid', pin.institutionId);
      put(x, 'institusjonsnavn', pin.institutionName);
      return x;
    });
  }
  if (p.birthPlace) {
    const f: JsonObject = {};
    put(f, 'by', p.birthPlace.town);
    put(f, 'region', p.birthPlace.region);
    put(f, 'land', p.birthPlace.country);
    o.foedested = f;
  }
  put(o, 'fornavnvedfoedsel', p.forenameAtBirth);
  put(o, 'etternavnvedfoedsel', p.familyNameAtBirth);
  return o;
}

function contextPerson(p: SynthSedPerson): JsonObject {
  return { kjoenn: KJOENN[p.sex ?? 'U'] ?? 'U', fornavn: p.forename ?? '', etternavn: p.familyName ?? '', foedselsdato: p.birthDate ?? '' };
}

function arbeidssted(w: SynthSedWorkplace): JsonObject {
  const a: JsonObject = {};
  put(a, 'gate', w.street);
  put(a, 'by', w.town);
  put(a, 'postnummer', w.postalCode);
  put(a, 'region', w.region);
  put(a, 'land', w.country);
  const o: JsonObject = { navn: w.name ?? '', adresse: a, erikkefastadresse: jaNei(w.noFixedAddress) };
  put(o, 'hjemmebase', w.homeBase);
  return o;
}

function vedtak(sed: SynthSed, a009: boolean): JsonObject {
  const d = sed.decision;
  if (!d) return {};
  const o: JsonObject = {};
  if (a009) {
    o.gjelderperiode = d.openEnded
      ? { aapenperiode: { startdato: d.startDate ?? '' } }
      : { fastperiode: { startdato: d.startDate ?? '', sluttdato: d.endDate ?? '' } };
    o.artikkelforordning = d.article ?? '';
  }
  put(o, 'land', d.legislationState);
  if (d.appliesForDurationOfActivity !== null) o.gjeldervarighetyrkesaktivitet = jaNei(d.appliesForDurationOfActivity);
  if (d.amending) {
    // As in NAV's A009 sample: the schema's AmendingDecision holds InitialDecision = No.
    o.erendringsvedtak = 'nei';
    put(o, 'datoforrigevedtak', d.previousDecisionDate);
  } else {
    o.eropprinneligvedtak = 'ja';
  }
  if (!a009) o.gjelderperiode = { startdato: d.startDate ?? '', sluttdato: d.endDate ?? '' };
  return o;
}

/** The SED as a NAV JSON object. */
export function navObject(sed: SynthSed, opts: NavWriteOptions = {}): JsonObject {
  const nav: JsonObject = {};
  const medlemskap: JsonObject = {};
  const byRole = (role: Employer['role']): JsonObject[] => sed.employers.filter((e) => e.role === role).map(arbeidsgiver);

  if (sed.contextOnly && sed.person) {
    const sak: JsonObject = {};
    if (sed.sedType === 'X001') {
      sak.anmodning = {
        avslutning: { dato: sed.closure?.date ?? '', aarsak: { type: 'annet', annet: 'Case handled' }, type: 'manuell' },
      };
    }
    if (sed.sedType === 'X008' && sed.invalidates) {
      sak.ugyldiggjoere = {
        sed: { utstedelsesdato: sed.invalidates.issuedOn, grunn: { type: '04' }, type: sed.invalidates.sedType },
      };
    }
    sak.kontekst = { bruker: { person: contextPerson(sed.person) } };
    nav.sak = sak;
  } else if (sed.person) {
    const bruker: JsonObject = { person: person(sed.person) };
    if (sed.addresses.length > 0) {
      bruker.adresse = sed.addresses.map((a) => ({ ...adresse(a), type: ADRESSE_TYPE[a.type] ?? 'bosted' }));
    }
    nav.bruker = bruker;
  }

  switch (sed.sedType) {
    case 'A009': {
      const self = byRole('self-employment');
      if (self.length > 0) nav.selvstendig = { arbeidsgiver: self };
      const emp = byRole('employer');
      if (emp.length > 0) medlemskap.utsendingsland = { arbeidsgiver: emp };
      const host = byRole('host');
      if (host.length > 0) medlemskap.andreland = { arbeidsgiver: host };
      medlemskap.vedtak = vedtak(sed, true);
      break;
    }
    case 'A003':
    case 'A010': {
      const emp = byRole('employer');
      const first = emp[0];
      if (emp.length > 0) nav.arbeidsgiver = opts.employerAsObject && emp.length === 1 && first ? first : emp;
      const self = byRole('self-employment');
      if (self.length > 0) nav.selvstendig = { arbeidsgiver: self };
      const host = byRole('host');
      if (host.length > 0) medlemskap.andreland = { arbeidsgiver: host };
      medlemskap.vedtak = vedtak(sed, false);
      if (sed.sedType === 'A003') {
        medlemskap.relevantartikkelfor8832004eller9872009 = sed.decision?.article ?? '';
        medlemskap.isDeterminationProvisional = jaNei(sed.decision?.provisional ?? false);
      } else {
        medlemskap.meldingomlovvalg = { artikkel: sed.decision?.article ?? '' };
      }
      break;
    }
    case 'A001': {
      const emp = byRole('employer');
      const first = emp[0];
      if (emp.length > 0) nav.arbeidsgiver = opts.employerAsObject && emp.length === 1 && first ? first : emp;
      const self = byRole('self-employment');
      if (self.length > 0) nav.selvstendig = { arbeidsgiver: self };
      const r = sed.request;
      if (r) {
        medlemskap.unntak = { grunnlag: { artikkel: r.article } };
        const host = byRole('host');
        if (host.length > 0) medlemskap.vertsland = { arbeidsgiver: host };
        medlemskap.naavaerendemedlemskap = r.currentStates.map((land) => ({ land }));
        medlemskap.forespurtmedlemskap = r.requestedStates.map((land) => ({ land }));
        medlemskap.soeknadsperiode = { startdato: r.startDate ?? '', sluttdato: r.endDate ?? '' };
      }
      break;
    }
    case 'A008': {
      const c = sed.change;
      if (c) {
        const endring: JsonObject = { trerikraftfra: c.effectiveFrom };
        put(endring, 'startdato', c.startDate);
        put(endring, 'sluttdato', c.endDate);
        medlemskap.endring = endring;
      }
      break;
    }
    default:
      break;
  }
  if (sed.workplaces.length > 0) nav.arbeidssted = sed.workplaces.map(arbeidssted);
  put(nav, 'ytterligereinformasjon', sed.additionalInformation);

  const doc: JsonObject = { nav };
  if (Object.keys(medlemskap).length > 0) doc.medlemskap = medlemskap;
  doc.sedVer = '1';
  doc.sedGVer = '4';
  doc.sed = sed.sedType;
  return doc;
}

/** The SED as NAV JSON text. */
export function writeNav(sed: SynthSed, opts: NavWriteOptions = {}): string {
  return JSON.stringify(navObject(sed, opts), null, opts.pretty ? 2 : undefined);
}
