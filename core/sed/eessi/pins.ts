/** `PINPersonInEachInstitution/PersonalIdentificationNumber[]{country, personalIdentificationNumber, sector, Institution}`. */
import type { Pin } from '../../model/canonical.js';
import { PIN_SECTOR } from '../../../schemas/sed/index.js';
import { country, mapCode, str } from './coded.js';
import type { MapContext } from './coded.js';
import { resolve } from './tree.js';
import type { At } from './tree.js';

export const PIN_PATH = 'PINPersonInEachInstitution/PersonalIdentificationNumber';

/** The person's PINs, in document order; entries without a number are skipped. */
export function readPins(ctx: MapContext, person: At): Pin[] {
  const pins: Pin[] = [];
  for (const entry of resolve(person, PIN_PATH)) {
    const id = str(entry, 'personalIdentificationNumber');
    if (id === null) continue;
    pins.push({
      country: country(ctx, entry, 'country'),
      id,
      sector: mapCode(entry, 'sector', PIN_SECTOR, 'PIN sector'),
    });
  }
  return pins;
}
