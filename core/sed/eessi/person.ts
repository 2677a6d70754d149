/** The person block: names, birth date, sex, nationalities, PINs, birth place. */
import type { BirthPlace, Person } from '../../model/canonical.js';
import type { SedDefinition } from '../../../schemas/sed/index.js';
import { SEX } from '../../../schemas/sed/index.js';
import { date, historicCountry, mapCode, nationalities, str } from './coded.js';
import type { MapContext } from './coded.js';
import { readPins } from './pins.js';
import { first, hasContent, resolve } from './tree.js';
import type { At } from './tree.js';

const NAME_KEYS = ['familyName', 'forename', 'dateBirth'];

/** Find the person block (the element holding familyName/forename/dateBirth) among the definition's paths. */
export function findPersonBlock(def: SedDefinition, root: At): At | null {
  for (const p of def.personPaths) {
    for (const at of resolve(root, p)) {
      if (NAME_KEYS.some((k) => resolve(at, k).some((c) => hasContent(c.node)))) return at;
    }
  }
  return null;
}

export function readPerson(ctx: MapContext, def: SedDefinition, root: At): Person | null {
  const pi = findPersonBlock(def, root);
  if (pi === null) return null;
  const nationalityAt =
    first(root, 'Person/AdditionalInformationPerson/nationality') ?? first(pi, 'AdditionalInformationPerson/nationality', 'nationality');
  return {
    familyName: str(pi, 'familyName'),
    forename: str(pi, 'forename'),
    familyNameAtBirth: str(pi, 'familyNameAtBirth'),
    forenameAtBirth: str(pi, 'forenameAtBirth'),
    birthDate: date(pi, 'dateBirth'),
    sex: mapCode(pi, 'sex', SEX, 'sex'),
    nationalities: nationalityAt === undefined ? [] : nationalities(ctx, nationalityAt, ''),
    pins: readPins(ctx, pi),
    birthPlace: readBirthPlace(ctx, pi),
  };
}

function readBirthPlace(ctx: MapContext, pi: At): BirthPlace | null {
  const place = first(pi, 'IfPINNotProvidedForEveryInstitutionPleaseProvide/PlaceBirth', 'PlaceBirth');
  if (place === undefined || !hasContent(place.node)) return null;
  return {
    town: str(place, 'town'),
    region: str(place, 'region'),
    country: historicCountry(ctx, place, 'country'),
  };
}
