/**
 * Labelled synthetic sets for evaluating identity resolution, drawn from the synthetic world of `core/synth`
 * (its persons with national PINs, its companies with VAT/registration numbers, its French clients with
 * SIREN/SIRET). Every record carries the key of the real person / undertaking it was made from.
 *
 * Persons: each truth person gives 2–4 records, written as different systems would: name variants planted with
 * `core/synth/names.ts` (diacritics dropped, forename/family swapped, typo, upper case, compound shortened), the
 * birth family name instead of the married one, a PIN missing or formatted differently (spaces, dashes, dots,
 * lower case), sex missing, rarely day and month of birth swapped. Hard negatives are added as persons of their
 * own: the same name with another birth date, "twins" (same family name and birth date, another forename) and a
 * few exact namesakes born the same day (only PINs tell them apart).
 *
 * Companies: each undertaking or client gives 2–5 records: name upper-cased, diacritics dropped, legal form
 * respelled or dropped, a typo; VAT with separators, without prefix or as a `tax` id; registration numbers
 * respelled; SIRET, SIREN or French VAT for clients; address complete, town only or missing; some records with no
 * number at all. The world's own namesakes (`Bau & Montage GmbH` in several towns) are the hard negatives.
 *
 * Pure and deterministic: same options, same set.
 */
import { NAMES, SENDING_STATES, WORKFORCE } from '../synth/data.js';
import { dropDiacritics, nameVariant, type NameVariantKind } from '../synth/names.js';
import { EU_STATES, World, type SynthPersonBase } from '../synth/population.js';
import { dayOf, hash32, isoDate, Rng } from '../synth/random.js';
import type { CompanyRecord } from './companies.js';
import type { PersonRecord } from './persons.js';

export interface LabelledSet<R> {
  records: R[];
  /** ref → truth key. */
  truth: Map<string, string>;
  /** What was planted, by kind. */
  planted: Record<string, number>;
}

export interface LabelledPersonsOptions {
  seed: number;
  /** Number of truth persons before hard negatives. */
  persons: number;
  /** Share of extra persons with the name of another and a different birth date (default 0.05). */
  sameNameOtherBirthDate?: number;
  /** Share of extra "twins": same family name and birth date, other forename (default 0.05). */
  twins?: number;
  /** Share of extra exact namesakes born the same day (default 0.005). */
  namesakes?: number;
  /** Share of records with day and month of birth swapped (default 0.01). */
  birthDateSwapped?: number;
}

/** Nationality shares of the world's workforce (as `core/synth/population.ts` draws them). */
function nationalityWeights(): [string, number][] {
  const shares = new Map<string, number>();
  let total = 0;
  for (const [, w] of SENDING_STATES) total += w;
  for (const [c, w] of SENDING_STATES) {
    const wf = WORKFORCE[c] ?? [[c, 100] as const];
    let t = 0;
    for (const [, x] of wf) t += x;
    for (const [nat, x] of wf) shares.set(nat, (shares.get(nat) ?? 0) + (w / total) * (x / t));
  }
  return [...shares].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

const PIN_COUNTRIES = ['PL', 'RO', 'BE', 'FR', 'NL', 'BG', 'GR', 'ES', 'PT', 'IT', 'DE', 'LU', 'SK', 'CZ', 'HU', 'HR', 'LT', 'AT', 'GB', 'SI'];

function formatPinDifferently(rng: Rng, id: string): string {
  switch (rng.int(0, 3)) {
    case 0:
      return id.replace(/(.{3})(?=.)/g, '$1 ');
    case 1:
      return id.replace(/(.{4})(?=.)/g, '$1-');
    case 2:
      return id.replace(/(.{2})(?=.)/g, '$1.');
    default:
      return id.toLowerCase() === id ? ` ${id} ` : id.toLowerCase();
  }
}

interface TruthPerson {
  base: SynthPersonBase;
  pins: { country: string; id: string }[];
}

/** A labelled set of person records (see the module comment). */
export function labelledPersons(opts: LabelledPersonsOptions): LabelledSet<PersonRecord> {
  const world = new World(opts.seed, { engagements: opts.persons });
  const rng = Rng.for(opts.seed, 'identity-persons');
  const weights = nationalityWeights();
  const next = new Map<string, number>();
  const planted: Record<string, number> = {};
  const plant = (k: string): void => {
    planted[k] = (planted[k] ?? 0) + 1;
  };
  const pinCountriesOf = (r: Rng, nat: string): string[] => {
    const first = PIN_COUNTRIES.includes(nat) && EU_STATES.has(nat) ? nat : r.pick(['PL', 'DE', 'RO', 'PT', 'ES', 'IT']);
    const out = [first];
    if (r.chance(0.3)) {
      const second = r.pick(PIN_COUNTRIES.filter((c) => c !== first));
      out.push(second);
    }
    return out;
  };
  const withPins = (base: SynthPersonBase, r: Rng): TruthPerson => ({
    base,
    pins: pinCountriesOf(r, base.nationality).map((c) => ({ country: c, id: world.pin(base, c) })),
  });

  const persons: TruthPerson[] = [];
  for (let t = 0; t < opts.persons; t++) {
    const nat = rng.weighted(weights);
    const k = next.get(nat) ?? 0;
    next.set(nat, k + 1);
    persons.push(withPins(world.person(nat, k), rng));
  }
  const extra = (share: number | undefined, dflt: number): number => Math.round(opts.persons * (share ?? dflt));
  // Hard negatives.
  for (let h = 0; h < extra(opts.sameNameOtherBirthDate, 0.05); h++) {
    const src = rng.pick(persons).base;
    const birthDay = rng.day(dayOf(1962, 1, 1), dayOf(2004, 12, 31));
    if (birthDay === src.birthDay) continue;
    persons.push(withPins({ ...src, key: `${src.key}~other-birth-date-${h}`, birthDay }, rng));
    plant('hard-negative:same-name-other-birth-date');
  }
  for (let h = 0; h < extra(opts.twins, 0.05); h++) {
    const src = rng.pick(persons).base;
    const pool = NAMES[src.nationality] ?? NAMES.DE;
    if (!pool) continue;
    const sex = rng.chance(0.5) ? src.sex : src.sex === 'M' ? 'F' : 'M';
    const forename = rng.pick(sex === 'F' ? pool.female : pool.male);
    if (dropDiacritics(forename).toLowerCase() === dropDiacritics(src.forename).toLowerCase()) continue;
    persons.push(withPins({ ...src, key: `${src.key}~twin-${h}`, sex, forename, familyNameAtBirth: null }, rng));
    plant('hard-negative:twin');
  }
  for (let h = 0; h < extra(opts.namesakes, 0.005); h++) {
    const src = rng.pick(persons).base;
    persons.push(withPins({ ...src, key: `${src.key}~namesake-${h}` }, rng));
    plant('hard-negative:namesake-same-birth-date');
  }

  const records: PersonRecord[] = [];
  const truth = new Map<string, string>();
  const swapShare = opts.birthDateSwapped ?? 0.01;
  persons.forEach((p, t) => {
    const r = new Rng(hash32(opts.seed, t, 0x1d3));
    const count = r.weighted([[2, 40], [3, 35], [4, 25]] as const);
    const b = p.base;
    for (let i = 0; i < count; i++) {
      let familyName = b.familyName;
      let forename = b.forename;
      let familyNameAtBirth: string | null = null;
      if (i === 0) {
        // The SED-like record: names as registered, name at birth given, family name often upper case.
        familyNameAtBirth = b.familyNameAtBirth;
        if (r.chance(0.3)) familyName = familyName.toUpperCase();
      } else if (b.familyNameAtBirth && r.chance(0.3)) {
        familyName = b.familyNameAtBirth;
        plant('variant:birth-family-name');
      } else if (r.chance(0.35)) {
        const v = nameVariant(r, familyName, forename);
        familyName = v.familyName;
        forename = v.forename;
        plant(`variant:${v.kind satisfies NameVariantKind}`);
      }
      const pins: { country: string | null; id: string }[] = [];
      for (const [pi, pin] of p.pins.entries()) {
        const keep = i === 0 ? pi === 0 || r.chance(0.5) : r.chance(pi === 0 ? 0.6 : 0.3);
        if (!keep) continue;
        let id = pin.id;
        if (r.chance(0.3)) {
          id = formatPinDifferently(r, id);
          plant('variant:pin-formatted');
        }
        pins.push({ country: pin.country, id });
      }
      if (pins.length === 0) plant('variant:pin-missing');
      let birthDate = isoDate(b.birthDay);
      const mm = birthDate.slice(5, 7);
      const dd = birthDate.slice(8, 10);
      if (i > 0 && Number(dd) <= 12 && dd !== mm && r.chance(swapShare)) {
        birthDate = `${birthDate.slice(0, 4)}-${dd}-${mm}`;
        plant('variant:birth-date-day-month-swapped');
      }
      const ref = `pr-${hash32(opts.seed, t, i).toString(16).padStart(8, '0')}-${t}-${i}`;
      records.push({
        ref,
        familyName,
        forename,
        familyNameAtBirth,
        forenameAtBirth: null,
        birthDate,
        sex: r.chance(0.2) ? null : b.sex,
        pins,
      });
      truth.set(ref, b.key);
    }
  });
  planted.persons = persons.length;
  planted.records = records.length;
  return { records, truth, planted };
}

// ---------------------------------------------------------------------------------------------------------------
// Companies

export interface LabelledCompaniesOptions {
  seed: number;
  /** Sending undertakings. */
  companies: number;
  /** French clients. */
  clients: number;
}

const FORM_RESPELLINGS: Readonly<Record<string, readonly string[]>> = {
  GmbH: ['G.m.b.H.', 'GMBH', 'Gmbh'],
  'GmbH & Co. KG': ['GmbH & Co KG', 'GmbH und Co. KG'],
  'Sp. z o.o.': ['sp. z o. o.', 'Spółka z o.o.', 'SP. Z O.O.', 'Sp.z o.o.'],
  'S.A.': ['SA', 'S.A', 'Spółka Akcyjna'],
  SRL: ['S.R.L.', 'srl'],
  'S.r.l.': ['SRL', 'S.R.L.'],
  'S.p.A.': ['SpA', 'SPA'],
  'Lda.': ['Lda', 'Limitada', 'LDA'],
  'Unipessoal Lda.': ['Unipessoal Lda', 'Unipessoal, Lda.'],
  'S.L.': ['SL', 'S.L'],
  'S.L.U.': ['SLU', 'S.L.U'],
  'B.V.': ['BV', 'B.V'],
  BV: ['B.V.', 'bv'],
  's.r.o.': ['spol. s r.o.', 'S.R.O.', 'sro'],
  'a.s.': ['a. s.', 'A.S.'],
  'Kft.': ['Kft', 'KFT'],
  'd.o.o.': ['d. o. o.', 'DOO', 'd.o.o'],
  SARL: ['S.A.R.L.', 'Sarl'],
  SAS: ['S.A.S.', 'sas'],
  Ltd: ['Limited', 'LTD', 'Ltd.'],
  'S.à r.l.': ['SARL', 'S.a r.l.', 'Sàrl'],
  'A.E.': ['AE', 'A.E'],
  EOOD: ['ЕООД', 'Eood'],
  OOD: ['ООД'],
  UAB: ['U.A.B.'],
  'Inc.': ['Inc', 'Incorporated'],
  'A.Ş.': ['A.S.', 'AŞ'],
};

function splitForm(name: string): [string, string] {
  const forms = Object.keys(FORM_RESPELLINGS).sort((a, b) => b.length - a.length);
  for (const f of forms) if (name.endsWith(` ${f}`)) return [name.slice(0, -f.length - 1), f];
  const i = name.lastIndexOf(' ');
  return i > 0 ? [name.slice(0, i), name.slice(i + 1)] : [name, ''];
}

function companyNameVariant(r: Rng, name: string, plant: (k: string) => void): string {
  const roll = r.next();
  if (roll < 0.55) return name;
  if (roll < 0.7) {
    plant('variant:name-upper-case');
    return name.toUpperCase();
  }
  if (roll < 0.8) {
    const d = dropDiacritics(name);
    if (d !== name) plant('variant:name-diacritics-dropped');
    return d;
  }
  const [stem, form] = splitForm(name);
  if (roll < 0.9) {
    const alts = FORM_RESPELLINGS[form];
    if (!alts) return name;
    plant('variant:legal-form-respelled');
    return `${stem} ${r.pick(alts)}`;
  }
  if (roll < 0.95) {
    plant('variant:legal-form-dropped');
    return stem;
  }
  plant('variant:name-typo');
  const words = stem.split(' ');
  const wi = words.findIndex((w) => w.length >= 5);
  if (wi < 0) return name;
  const w = words[wi] ?? '';
  const j = r.int(1, w.length - 3);
  words[wi] = w.slice(0, j) + (w.charAt(j + 1) ?? '') + w.charAt(j) + w.slice(j + 2);
  return `${words.join(' ')} ${form}`.trim();
}

function respellId(r: Rng, id: string): string {
  switch (r.int(0, 3)) {
    case 0:
      return id.replace(/\s+/g, '');
    case 1:
      return id.replace(/(\d{3})(?=\d)/g, '$1 ');
    case 2:
      return id.toLowerCase();
    default:
      return id.replace(/(\d{2})(?=\d{2})/, '$1.');
  }
}

/** A labelled set of company records (see the module comment). */
export function labelledCompanies(opts: LabelledCompaniesOptions): LabelledSet<CompanyRecord> {
  const world = new World(opts.seed, { engagements: opts.companies * 30 });
  const records: CompanyRecord[] = [];
  const truth = new Map<string, string>();
  const planted: Record<string, number> = {};
  const plant = (k: string): void => {
    planted[k] = (planted[k] ?? 0) + 1;
  };
  const count = Math.min(opts.companies, world.companyCount);
  for (let i = 0; i < count; i++) {
    const c = world.company(i);
    const r = new Rng(hash32(opts.seed, i, 0xc0));
    const n = r.weighted([[2, 30], [3, 30], [4, 25], [5, 15]] as const);
    for (let k = 0; k < n; k++) {
      const ids: { type: string; id: string }[] = [];
      const bare = k > 0 && r.chance(0.1);
      if (bare) plant('variant:no-ids');
      if (!bare && c.ids.vat && (k === 0 || r.chance(0.7))) {
        const roll = r.next();
        if (roll < 0.2) {
          ids.push({ type: 'tax', id: c.ids.vat });
          plant('variant:vat-as-tax-id');
        } else if (roll < 0.3) {
          ids.push({ type: 'vat', id: c.ids.vat.slice(2) });
          plant('variant:vat-without-prefix');
        } else if (roll < 0.5) {
          ids.push({ type: 'vat', id: respellId(r, c.ids.vat) });
          plant('variant:vat-respelled');
        } else ids.push({ type: 'vat', id: c.ids.vat });
      }
      if (!bare && c.ids.registration && (ids.length === 0 || r.chance(0.6))) {
        const respell = r.chance(0.3);
        if (respell) plant('variant:registration-respelled');
        ids.push({ type: 'registration', id: respell ? respellId(r, c.ids.registration) : c.ids.registration });
      }
      if (!bare && c.ids.socialSecurity && r.chance(0.15)) ids.push({ type: 'social-security', id: c.ids.socialSecurity });
      const a = r.next();
      const address = a < 0.6 ? { ...c.address } : a < 0.8 ? { town: c.address.town, country: c.country } : null;
      const ref = `co-${hash32(opts.seed, i, k, 1).toString(16).padStart(8, '0')}-${i}-${k}`;
      records.push({
        ref,
        name: k === 0 ? c.name : companyNameVariant(r, c.name, plant),
        country: r.chance(0.05) ? null : c.country,
        ids,
        address,
      });
      truth.set(ref, c.key);
    }
  }
  for (let j = 0; j < opts.clients; j++) {
    const cl = world.client(j);
    const r = new Rng(hash32(opts.seed, j, 0xc1));
    const n = r.weighted([[2, 40], [3, 35], [4, 25]] as const);
    for (let k = 0; k < n; k++) {
      const ids: { type: string; id: string }[] = [];
      const roll = k === 0 ? 0 : r.next();
      if (roll < 0.6) ids.push({ type: r.chance(0.3) ? 'registration' : 'siret', id: r.chance(0.2) ? respellId(r, cl.siret) : cl.siret });
      else if (roll < 0.8) {
        ids.push({ type: 'siren', id: cl.siren });
        plant('variant:siren-instead-of-siret');
      } else if (roll < 0.9) {
        const key = (12 + 3 * (Number(cl.siren) % 97)) % 97;
        ids.push({ type: 'vat', id: `FR${String(key).padStart(2, '0')}${cl.siren}` });
        plant('variant:french-vat');
      } else plant('variant:no-ids');
      const a = r.next();
      const address = a < 0.6 ? { ...cl.address } : a < 0.8 ? { town: cl.address.town, country: 'FR' } : null;
      const ref = `cl-${hash32(opts.seed, j, k, 2).toString(16).padStart(8, '0')}-${j}-${k}`;
      records.push({ ref, name: k === 0 ? cl.name : companyNameVariant(r, cl.name, plant), country: 'FR', ids, address });
      truth.set(ref, cl.key);
    }
  }
  planted.undertakings = count + opts.clients;
  planted.records = records.length;
  return { records, truth, planted };
}
