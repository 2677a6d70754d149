/**
 * The person: `nav.bruker.person` (administrative X SEDs: `nav.sak.kontekst.bruker.person`).
 */
import type { BirthPlace, Person, Pin } from '../../model/canonical.js';
import { normaliseCountry, parseDate } from '../codes.js';
import { mapPinSector, mapSex } from './nav-codes.js';
import type { JsonObject, ReadContext } from './values.js';
import { asString, getObject, getObjectList, getString, isObject, join, shapeError, uniqueBy } from './values.js';

export interface LocatedBruker {
  bruker: JsonObject;
  path: string;
}

/** Where the document keeps its `bruker` (person and addresses), if anywhere. */
export function findBruker(nav: JsonObject | null): LocatedBruker | null {
  const direct = getObject(nav, 'bruker', 'nav');
  if (direct) return { bruker: direct, path: 'nav.bruker' };
  const sak = getObject(nav, 'sak', 'nav');
  const kontekst = getObject(sak, 'kontekst', 'nav.sak');
  const bruker = getObject(kontekst, 'bruker', 'nav.sak.kontekst');
  return bruker ? { bruker, path: 'nav.sak.kontekst.bruker' } : null;
}

export function readPerson(person: JsonObject, path: string, ctx: ReadContext): Person {
  return {
    familyName: getString(person, 'etternavn', path),
    forename: getString(person, 'fornavn', path),
    familyNameAtBirth: getString(person, 'etternavnvedfoedsel', path),
    forenameAtBirth: getString(person, 'fornavnvedfoedsel', path),
    birthDate: readBirthDate(person, path, ctx),
    sex: mapSex(getString(person, 'kjoenn', path), join(path, 'kjoenn')),
    nationalities: readNationalities(person, path, ctx),
    pins: readPins(person, path, ctx),
    birthPlace: readBirthPlace(person, path, ctx),
  };
}

function readBirthDate(person: JsonObject, path: string, ctx: ReadContext): string | null {
  const raw = getString(person, 'foedselsdato', path);
  const at = join(path, 'foedselsdato');
  try {
    return parseDate(raw, at);
  } catch (err) {
    if (!ctx.lenientPerson || raw === null) throw err;
    ctx.originals[`invalid:${at}`] = raw;
    return null;
  }
}

/** `statsborgerskap[].land`; plain strings are accepted as list items too. Duplicates dropped. */
function readNationalities(person: JsonObject, path: string, ctx: ReadContext): string[] {
  const raw = person['statsborgerskap'];
  const here = join(path, 'statsborgerskap');
  if (raw === undefined || raw === null) return [];
  const items: unknown[] = Array.isArray(raw) ? raw : [raw];
  const out: string[] = [];
  items.forEach((item, i) => {
    const p = Array.isArray(raw) ? `${here}[${i}]` : here;
    let code: string | null;
    let codePath: string;
    if (isObject(item)) {
      code = getString(item, 'land', p);
      codePath = join(p, 'land');
    } else if (typeof item === 'string' || item === null || item === undefined) {
      code = asString(item, p);
      codePath = p;
    } else {
      throw shapeError(p, 'an object or a country code', item);
    }
    const c = normaliseCountry(code, codePath, ctx.originals);
    if (c !== null) out.push(c);
  });
  return uniqueBy(out, (c) => c);
}

/** `pin[]{land, identifikator, sektor}`; an entry without an identifier is dropped. */
function readPins(person: JsonObject, path: string, ctx: ReadContext): Pin[] {
  const out: Pin[] = [];
  for (const { value, path: p } of getObjectList(person, 'pin', path)) {
    const id = getString(value, 'identifikator', p);
    const country = normaliseCountry(getString(value, 'land', p), join(p, 'land'), ctx.originals);
    const sector = mapPinSector(getString(value, 'sektor', p), join(p, 'sektor'));
    if (id === null) continue;
    out.push({ country, id, sector });
  }
  return uniqueBy(out, (pin) => `${pin.country ?? ''}|${pin.id}|${pin.sector ?? ''}`);
}

function readBirthPlace(person: JsonObject, path: string, ctx: ReadContext): BirthPlace | null {
  const f = getObject(person, 'foedested', path);
  if (f === null) return null;
  const p = join(path, 'foedested');
  const place: BirthPlace = {
    town: getString(f, 'by', p),
    region: getString(f, 'region', p),
    country: normaliseCountry(getString(f, 'land', p), join(p, 'land'), ctx.originals),
  };
  return place.town === null && place.region === null && place.country === null ? null : place;
}
